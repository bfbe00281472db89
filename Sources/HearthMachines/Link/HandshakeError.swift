/// Why a link could not be established; `description` is the sentence shown to the user.
public struct HandshakeError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        /// Authentication failed where the network key is mixed in: wrong network or passphrase.
        case wrongNetwork
        case timedOut
        case closedByPeer
        case incompatibleVersion(peerVersion: UInt32)
        case identityMismatch
        case selfConnection
        case malformed(String)
    }

    public let address: String
    public let reason: Reason

    public init(address: String, reason: Reason) {
        self.address = address
        self.reason = reason
    }

    public var description: String {
        let what: String
        switch reason {
        case .wrongNetwork: what = "the peer is on a different network or the passphrase is wrong"
        case .timedOut: what = "the peer did not answer in time"
        case .closedByPeer: what = "the peer closed the connection"
        case .incompatibleVersion(let version):
            what = "the peer speaks protocol version \(version), which this node does not support; upgrade one of them"
        case .identityMismatch: what = "the peer's hello does not match its Noise key"
        case .selfConnection: what = "that address is this node itself"
        case .malformed(let detail): what = "the peer sent a malformed handshake (\(detail))"
        }
        return "handshake with \(address) failed: \(what)"
    }
}
