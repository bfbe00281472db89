import Foundation
import HearthNet
import HearthNode
import HearthStatsEngine
import HearthStatsModels

/// Polls the game servers this node was told about (`hearth stats servers add`) with `getstatus`:
/// every 2 s while a server answers, backing off while it does not (`ServerPollSchedule`), and
/// shares each answer as a `stats.server` app signal, so every node sees every server live. A
/// malformed or oversized answer counts as none.
struct ServerPoller {
    let node: Node
    var timeout: Duration = .seconds(1)

    func run() async {
        var schedule = ServerPollSchedule(now: Node.monotonicSeconds())
        while !Task.isCancelled {
            // The list may change at any time (added or removed through the API).
            let wanted = Set(((try? node.read { try $0.polledServers() }) ?? []).compactMap(ServerAddress.init))
            for address in wanted.subtracting(schedule.addresses) {
                schedule.add(address, now: Node.monotonicSeconds())
            }
            for address in Set(schedule.addresses).subtracting(wanted) {
                schedule.remove(address)
                await share(nil, of: address, ended: true)
            }
            let due = schedule.due(now: Node.monotonicSeconds())
            let answers = await withTaskGroup(of: (ServerAddress, ServerStatusAnswer?).self) { group in
                for address in due { group.addTask { (address, await ask(address)) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            for (address, answer) in answers.sorted(by: { $0.0 < $1.0 }) {
                if let answer {
                    schedule.answered(address, now: Node.monotonicSeconds())
                    await share(answer, of: address, ended: false)
                } else {
                    schedule.timedOut(address, now: Node.monotonicSeconds())
                }
            }
            for change in schedule.takeChanges() {
                if case .stoppedAnswering(let address) = change { await share(nil, of: address, ended: false) }
            }
            let wait = min(1, max(0.05, (schedule.nextDeadline ?? .infinity) - Node.monotonicSeconds()))
            try? await Task.sleep(for: .seconds(wait))
        }
    }

    private func ask(_ address: ServerAddress) async -> ServerStatusAnswer? {
        guard
            let answer = try? await DatagramQuery.ask(
                [(address.host, Int(address.port))], bytes: ServerQuery.statusRequest(), timeout: timeout
            ).first
        else { return nil }
        return try? ServerQuery.status(answer.bytes)
    }

    /// Sends what `address` answered (nil: it stopped answering; `ended`: no longer polled).
    private func share(_ answer: ServerStatusAnswer?, of address: ServerAddress, ended: Bool) async {
        let object = StatsApp.serverObject(address.description)
        guard !ended else {
            try? await node.sendAppSignal(AppSignal(app: StatsApp.serverSignal, object: object.bytes, data: []))
            return
        }
        var status = StatsServerStatus.with { status in
            status.address = address.description
            status.answering = answer != nil
            guard let answer else { return }
            status.hostname = answer.hostname
            status.map = answer.map
            status.gameType = Int32(clamping: answer.gameType ?? 0)
            status.maxClients = Int32(clamping: answer.maxClients ?? 0)
            for key in ["fraglimit", "timelimit", "capturelimit", "g_timestamp", "version", "g_needpass", "gamename"] {
                if let value = answer.values[key] { status.info[key] = String(value.prefix(128)) }
            }
            status.players = answer.players.prefix(64).map { player in
                .with {
                    $0.name = String(player.name.prefix(64))
                    $0.score = Int32(clamping: player.score)
                    $0.ping = Int32(clamping: player.ping)
                }
            }
            status.checkedMs = Int64(Date().timeIntervalSince1970 * 1000)
        }
        var data: [UInt8] = (try? status.serializedBytes()) ?? []
        while data.count > 3072, !status.players.isEmpty {  // keep within an app signal
            status.players.removeLast()
            data = (try? status.serializedBytes()) ?? []
        }
        try? await node.sendAppSignal(AppSignal(app: StatsApp.serverSignal, object: object.bytes, data: data))
    }
}
