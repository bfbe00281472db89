import Foundation
import HearthCRDT
import HearthCrypto
import HearthNet
import HearthWire

/// A mesh delegate that keeps each author's changes in memory, in order, and reports what
/// happens as events. It stands in for the node's store so the mesh can be tested alone; the
/// mesh, links, sockets and crypto around it are the real ones.
actor MemoryOpLog: MeshDelegate {
    enum Event: Sendable, Equatable {
        case opened(NodeID)
        case closed(NodeID, reason: String)
        case received(ChangeKey)
        case duplicate(ChangeKey)
        /// The presence view's entry for a node changed: online or not, and the shown status.
        case presence(NodeID, online: Bool, status: String)
        /// A typing, focus or app signal changed.
        case signal(SignalEvent)

        var isClose: Bool {
            if case .closed = self { return true }
            return false
        }

        func isClose(of peer: NodeID) -> Bool {
            if case .closed(peer, _) = self { return true }
            return false
        }
    }

    private var logs: [NodeID: [KeyedChange]] = [:]
    /// Set to relay received changes to the mesh's other peers, as a node does.
    private var relay: Mesh?

    func relay(through mesh: Mesh) { relay = mesh }
    /// Every event so far, oldest first.
    private(set) var history: [Event] = []
    private var waiters: [Int: Waiter] = [:]
    private var nextWaiter = 0

    private struct Waiter {
        var condition: @Sendable ([Event]) -> Bool
        var continuation: CheckedContinuation<Void, any Error>
    }

    /// Returns once the history satisfies `condition` (at once if it already does); throws
    /// `TestTimeout` after `timeout`.
    func until(
        within timeout: Duration = .seconds(10), _ condition: @escaping @Sendable ([Event]) -> Bool
    ) async throws {
        if condition(history) { return }
        let id = nextWaiter
        nextWaiter += 1
        let timer = Task {
            try await Task.sleep(for: timeout)
            self.expire(id)
        }
        defer { timer.cancel() }
        try await withCheckedThrowingContinuation { continuation in
            waiters[id] = Waiter(condition: condition, continuation: continuation)
        }
    }

    private func expire(_ id: Int) {
        waiters.removeValue(forKey: id)?.continuation.resume(throwing: TestTimeout())
    }

    private func record(_ event: Event) {
        history.append(event)
        for (id, waiter) in waiters where waiter.condition(history) {
            waiters[id] = nil
            waiter.continuation.resume()
        }
    }

    /// Adds a change authored here.
    func append(_ change: KeyedChange) {
        logs[change.key.author, default: []].append(change)
    }

    func count(of author: NodeID) -> Int { logs[author]?.count ?? 0 }

    func versionVector() -> VersionVector<NodeID> {
        VersionVector(logs.mapValues { UInt64($0.count) })
    }

    func storedChanges(author: NodeID, in range: ClosedRange<UInt64>, limit: Int) -> [KeyedChange] {
        guard let log = logs[author] else { return [] }
        return Array(log.filter { range.contains($0.key.seq) }.prefix(limit))
    }

    func receive(_ changes: [WireSignedChange], from peer: NodeID) -> ReceivedChanges {
        var fresh: [ChangeKey] = []
        var duplicates: [ChangeKey] = []
        for signed in changes {
            guard let body = try? WireChangeBody.decode([UInt8](signed.body)),
                let author = try? NodeID(bytes: [UInt8](body.author))
            else { continue }
            let key = ChangeKey(author: author, seq: body.seq)
            let count = UInt64(logs[author]?.count ?? 0)
            if key.seq == count + 1 {
                logs[author, default: []].append(KeyedChange(key: key, signed: signed))
                record(.received(key))
                fresh.append(key)
            } else if key.seq <= count {
                duplicates.append(key)
                record(.duplicate(key))
            }
        }
        if let relay, !fresh.isEmpty {
            let relayed = fresh.compactMap { key in logs[key.author]?[Int(key.seq) - 1] }
            Task { await relay.broadcast(relayed, except: peer) }
        }
        return ReceivedChanges(fresh: fresh, duplicates: duplicates)
    }

    func linkOpened(_ info: LinkInfo) { record(.opened(info.peer)) }
    func linkClosed(_ info: LinkInfo, reason: String) { record(.closed(info.peer, reason: reason)) }
    func presenceChanged(_ entry: PresenceEntry) {
        record(.presence(entry.node, online: entry.isOnline, status: entry.shownStatus))
    }

    func signalArrived(_ event: SignalEvent) {
        record(.signal(event))
    }
}

/// A signed change with a one-op body, as a node would make it.
func makeChange(by identity: NodeIdentity, seq: UInt64, text: String = "gg") throws -> KeyedChange {
    let body =
        try WireChangeBody.with {
            $0.author = Data(identity.id.bytes)
            $0.seq = seq
            $0.hlc = seq << 16
            $0.ops = [
                .with {
                    $0.object = Data(repeating: 1, count: 16)
                    $0.kind = "test.note"
                    $0.body = Data(text.utf8)
                }
            ]
        }.serializedBytes() as [UInt8]
    let signed = WireSignedChange.with {
        $0.body = Data(body)
        $0.signature = Data(identity.sign(ProtocolConstants.signingInput(forChangeBody: body)))
    }
    return KeyedChange(key: ChangeKey(author: identity.id, seq: seq), signed: signed)
}

struct TestTimeout: Error, CustomStringConvertible {
    var description: String { "the awaited event did not happen in time" }
}
