import SwiftProtobuf

extension WireEnvelope {
    /// Decodes an envelope from untrusted bytes.
    /// - Throws: `WireError.undecodableMessage` when the bytes are not a valid protobuf message.
    public static func decode(_ bytes: [UInt8]) throws -> WireEnvelope {
        do {
            return try WireEnvelope(serializedBytes: bytes)
        } catch {
            throw WireError(.undecodableMessage, "an envelope that is not valid protobuf (\(error))")
        }
    }

    /// The envelope's bytes.
    public func encoded() -> [UInt8] {
        // Serialising an in-memory message only fails for unset required fields, which proto3 has none of.
        (try? serializedBytes()) ?? []
    }
}

extension WireChangeBody {
    /// Decodes a change body from untrusted bytes.
    /// - Throws: `WireError.undecodableMessage` when the bytes are not a valid change body.
    public static func decode(_ bytes: [UInt8]) throws -> WireChangeBody {
        do {
            return try WireChangeBody(serializedBytes: bytes)
        } catch {
            throw WireError(.undecodableMessage, "a change body that is not valid protobuf (\(error))")
        }
    }
}
