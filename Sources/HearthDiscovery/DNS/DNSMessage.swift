/// A DNS message as mDNS uses it (RFC 1035 §4, RFC 6762 §18): queries and responses sent to
/// 224.0.0.251:5353. `parse` takes untrusted bytes; `encoded()` compresses names.
public struct DNSMessage: Hashable, Sendable {
    public var id: UInt16 = 0
    public var isResponse = false
    public var isAuthoritative = false
    public var questions: [DNSQuestion] = []
    public var answers: [DNSRecord] = []
    public var authorities: [DNSRecord] = []
    public var additionals: [DNSRecord] = []

    /// mDNS messages fit in 9,000 bytes (RFC 6762 §17).
    public static let maximumSize = 9000

    public init(
        id: UInt16 = 0, isResponse: Bool = false, isAuthoritative: Bool = false, questions: [DNSQuestion] = [],
        answers: [DNSRecord] = [], authorities: [DNSRecord] = [], additionals: [DNSRecord] = []
    ) {
        self.id = id
        self.isResponse = isResponse
        self.isAuthoritative = isAuthoritative
        self.questions = questions
        self.answers = answers
        self.authorities = authorities
        self.additionals = additionals
    }

    /// Every record of the message.
    public var records: [DNSRecord] { answers + authorities + additionals }
}
