/// A failure of a cryptographic operation; `code` is stable, `message` says what happened.
public struct CryptoError: Error, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case invalidKey
        case invalidSignature
        case decryptionFailed
        case handshakeOutOfOrder
        case malformedHandshakeMessage
        case weakPublicKey
        case nonceExhausted
        case messageTooLarge
        case keyDerivationFailed
        case invalidEncoding
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
