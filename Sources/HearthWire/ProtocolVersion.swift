/// Constants every implementation must agree on; see `Protocol/README.md`.
public enum ProtocolConstants {
    /// The protocol version this node speaks.
    public static let version: UInt32 = 3
    /// The oldest version this node accepts.
    public static let minimumVersion: UInt32 = 3
    /// The Noise prologue.
    public static let prologue = Array("hearth/1".utf8)
    /// Prefix of the bytes an author signs: the domain, then a zero byte, then the change body.
    public static let changeSignatureDomain = Array("hearth/change/2".utf8) + [0]
    /// Software name sent in `Hello.agent`.
    public static let agent = "hearth/" + HearthVersion.current

    /// The bytes an author's Ed25519 signature covers for a change body.
    public static func signingInput(forChangeBody body: [UInt8]) -> [UInt8] {
        changeSignatureDomain + body
    }
}
