import Foundation
import HearthChatModels
import HearthCrypto
import HearthDashboardModels
import HearthNet
import HearthNode
import HearthStats
import HearthStatsModels

/// The network at a glance: members online, players in game, matches today, chat activity, each
/// node's health (every node reports its own every 10 s and when its links change, on the
/// presence plane), and what
/// happened lately. No ops of its own; `dashboard.changed` events as things change.
public struct DashboardApp: HearthApp {
    public static let healthSignal = "dashboard.health"
    /// The object every node reports its health on (with the signal name, the key).
    static let healthObject = ObjectID.named("health", kind: "dashboard.health")
    static let healthInterval: Duration = .seconds(10)

    let runtime = DashboardRuntime()

    public init() {}

    public var name: String { "dashboard" }
    public var kinds: Set<String> { [] }
    public var signalNames: Set<String> { [Self.healthSignal] }

    public func apply(_ op: AppOp, in transaction: AppTransaction) throws {}

    public func started(on node: Node) async throws {
        runtime.start(on: node)
    }

    public func stopping(on node: Node) async {
        await runtime.stop()
    }

    public func signalChanged(_ signal: AppSignal, from source: NodeID, on node: Node) async {
        guard signal.app == Self.healthSignal else { return }
        let report = signal.data.isEmpty ? nil : try? JSONDecoder().decode(HealthReport.self, from: Data(signal.data))
        await runtime.reported(report, by: source, on: node)
    }
}
