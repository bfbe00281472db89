import HearthStore

/// The apps a node runs, and which app applies each op kind.
public struct AppRegistry: Sendable {
    public let apps: [any HearthApp]
    private let byKind: [String: any HearthApp]

    /// - Throws: `NodeError.invalidArgument` when two apps claim one kind or a kind is malformed.
    public init(_ apps: [any HearthApp]) throws {
        var byKind: [String: any HearthApp] = [:]
        for app in apps {
            for kind in app.kinds {
                guard OpKind.isValid(kind) else {
                    throw NodeError(.invalidArgument, "app \(app.name) names an invalid op kind '\(kind)'")
                }
                if let other = byKind[kind] {
                    throw NodeError(.invalidArgument, "apps \(other.name) and \(app.name) both claim kind '\(kind)'")
                }
                byKind[kind] = app
            }
        }
        self.apps = apps
        self.byKind = byKind
    }

    /// A registry with no apps: every op is kept and relayed, none applied.
    public static let empty = try! AppRegistry([])

    public func app(for kind: String) -> (any HearthApp)? { byKind[kind] }

    public var kinds: [String] { byKind.keys.sorted() }

    /// The app that shows live signals named `name`, if any.
    public func app(forSignal name: String) -> (any HearthApp)? { apps.first { $0.signalNames.contains(name) } }

    /// Every app's migrations, each prefixed with its app's name.
    var migrations: [StoreMigration] {
        apps.flatMap { app in app.migrations.map { $0.renamed("app \(app.name): \($0.identifier)") } }
    }
}
