import HearthCrypto
import HearthNet
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
    /// The changes the op's change lists as deps: each is applied before it (`Protocol/sync.md`).
    /// The author's own earlier changes are implied (the hash chain).
    public let deps: [ChangeKey]

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
        key: OpKey, author: NodeID, hlc: UInt64, object: ObjectID, kind: String, body: [UInt8], payload: Payload,
        deps: [ChangeKey] = []
    ) {
        self.key = key
        self.author = author
        self.hlc = hlc
        self.object = object
        self.kind = kind
        self.body = body
        self.payload = payload
        self.deps = deps
    }

    /// Whether every node applying this op already holds op `other`: an earlier op of the same
    /// author, or one of a change listed as a dep. An app that lets an op name another should
    /// require this, so that no node applies the op while another refuses it for want of the
    /// other op.
    public func follows(_ other: OpKey) -> Bool {
        if other.author == key.author { return (other.seq, other.index) < (key.seq, key.index) }
        return deps.contains { $0.seq == other.seq && $0.author.bytes == other.author }
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

/// Why an app keeps an op for later rather than applying or refusing it: the op is of the app's
/// kind but in a form this version cannot read (an action a later version added), or it names an
/// op kept so. A received op so answered is stored, relayed and kept, and offered to the app again
/// at each start, so an upgraded node applies it (`Protocol/objects.md`); a local one is refused.
/// Throw it before writing anything.
public struct AppDeferral: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Why an app refuses an op. A received op so refused is skipped and logged (its change stays
/// in the log); a local one is not signed, and the caller gets `NodeError.invalidArgument`.
public struct AppRejection: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
