import HearthCrypto
import HearthNet
import HearthStore

/// An application on the replicated-object substrate: chat, presence, documents, boards…
///
/// The node hands the app every op of its kinds, in causal order, once per op, inside the store
/// transaction that stores the op's change (for local and received changes alike). `apply` must
/// be deterministic: the same ops in any causal order give the same tables on every node.
/// Adding an app: `README.md`, "How to add an app".
public protocol HearthApp: Sendable {
    /// Names the app in logs and prefixes its migrations, e.g. `chat`.
    var name: String { get }
    /// The object kinds whose ops this app applies, e.g. `chat.channel`.
    var kinds: Set<String> { get }
    /// The app's tables, applied in order after the core's.
    var migrations: [StoreMigration] { get }

    /// Checks what needs no stored state, such as whether the signing author may make this op.
    /// - Throws: `AppRejection`.
    func validate(_ op: AppOp) throws

    /// Applies one op to the app's tables and emits its events.
    /// - Throws: `AppRejection` to skip the op, any other error to abort the whole transaction.
    func apply(_ op: AppOp, in transaction: AppTransaction) throws

    /// Whether applying one of this app's ops costs a few row reads and writes at most (no whole
    /// state loaded or rewritten), so that a few received changes of them may be stored on the
    /// node's own thread instead of the store's writer thread. Default: false.
    var appliesCheaply: Bool { get }

    /// Runs once the node is up, e.g. to publish this node's profile.
    func started(on node: Node) async throws

    /// Runs when the node begins to stop, before it leaves the network: end background work.
    func stopping(on node: Node) async

    /// The names of the live signals this app shows (`Protocol/presence.md`, "Signals"): state
    /// that is never stored, such as a live scoreboard (`stats.live`).
    var signalNames: Set<String> { get }

    /// A live signal of one of `signalNames` changed: another node's, as it arrived, or this
    /// node's own, as it went out. Empty `data`: the state ended, or its node went offline.
    func signalChanged(_ signal: AppSignal, from source: NodeID, on node: Node) async
}

extension HearthApp {
    public var migrations: [StoreMigration] { [] }
    public var appliesCheaply: Bool { false }
    public func validate(_ op: AppOp) throws {}
    public func started(on node: Node) async throws {}
    public func stopping(on node: Node) async {}
    public var signalNames: Set<String> { [] }
    public func signalChanged(_ signal: AppSignal, from source: NodeID, on node: Node) async {}
}

/// Op kinds are 1–64 of `a-z 0-9 . _ -`, by convention `app.type`.
public enum OpKind {
    public static let maxLength = 64

    public static func isValid(_ kind: String) -> Bool {
        !kind.isEmpty && kind.utf8.count <= maxLength
            && kind.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: ".")
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
    }
}
