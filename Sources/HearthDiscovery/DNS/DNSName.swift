/// A domain name as labels ("Hearth node._hearth._tcp.local" is four). DNS compares names
/// without regard to ASCII case, so equality and hashing do too; the labels keep their case.
public struct DNSName: Hashable, Sendable, CustomStringConvertible {
    public private(set) var labels: [[UInt8]]

    /// Labels of at most 63 bytes, at most 255 bytes in all (as encoded); longer ones are cut.
    public init(labels: [[UInt8]]) {
        var kept: [[UInt8]] = []
        var length = 1
        for label in labels where !label.isEmpty {
            let label = Array(label.prefix(63))
            guard length + label.count + 1 <= 255 else { break }
            length += label.count + 1
            kept.append(label)
        }
        self.labels = kept
    }

    /// From dotted text: "_hearth._tcp.local". (Instance names with dots need `init(labels:)`.)
    public init(_ dotted: String) {
        self.init(labels: dotted.split(separator: ".").map { Array($0.utf8) })
    }

    /// `first` as one label in front of `rest`: an instance name inside a service type.
    public init(_ first: String, in rest: DNSName) {
        self.init(labels: [Array(first.utf8)] + rest.labels)
    }

    public var description: String {
        labels.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".")
    }

    /// The name without its first label ("a._hearth._tcp.local" → "_hearth._tcp.local").
    public var parent: DNSName { DNSName(labels: Array(labels.dropFirst())) }

    private var folded: [[UInt8]] {
        labels.map { label in label.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 } }
    }

    public static func == (lhs: DNSName, rhs: DNSName) -> Bool { lhs.folded == rhs.folded }

    public func hash(into hasher: inout Hasher) { hasher.combine(folded) }
}
