import HearthCrypto
import HearthStore

/// One op as its app sees it: who signed it, when, on which object, and the app's own bytes.
public struct AppOp: Sendable {
    /// The op's id: its change (author, seq) and its index in the change.
    public let key: OpKey
    /// The signing author.
    public let author: NodeID
    /// The change's hybrid logical clock reading.
    public let hlc: UInt64
    public let object: ObjectID
    public let kind: String
    /// The app's op, as signed.
    public let body: [UInt8]
    public let payload: Payload

    /// An op's payload: the redactable bytes beside the signed body (`Protocol/objects.md`).
    public enum Payload: Sendable, Equatable {
        /// The op has none.
        case none
        /// The bytes, checked against the op's payload hash.
        case present([UInt8])
        /// The op names a payload this node does not hold: it was redacted, or never arrived.
        case missing

        public var bytes: [UInt8]? {
            if case .present(let bytes) = self { return bytes }
            return nil
        }
    }

    public init(
        key: OpKey, author: NodeID, hlc: UInt64, object: ObjectID, kind: String, body: [UInt8], payload: Payload
    ) {
        self.key = key
        self.author = author
        self.hlc = hlc
        self.object = object
        self.kind = kind
        self.body = body
        self.payload = payload
    }
}

/// An op this node is about to sign, as an app builds it.
public struct NewOp: Sendable {
    public var object: ObjectID
    public var kind: String
    public var body: [UInt8]
    public var payload: [UInt8]?
    /// True for the op that creates its object: the node names the object when it signs the op
    /// (`ObjectID.created(by:)` of the op's own key), and `object` is ignored.
    public var createsObject: Bool

    public init(object: ObjectID, kind: String, body: [UInt8], payload: [UInt8]? = nil) {
        self.object = object
        self.kind = kind
        self.body = body
        self.payload = payload
        createsObject = false
    }

    /// The op that creates a new object of `kind`; its id is `ObjectID.created(by:)` of the op's
    /// key, which `Node.commit` returns (this op's index in the change is its index in the call).
    public init(creating kind: String, body: [UInt8], payload: [UInt8]? = nil) {
        self.init(object: ObjectID.placeholder, kind: kind, body: body, payload: payload)
        createsObject = true
    }
}

/// Why an app refuses an op. A received op so refused is skipped and logged (its change stays
/// in the log); a local one is not signed, and the caller gets `NodeError.invalidArgument`.
public struct AppRejection: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
