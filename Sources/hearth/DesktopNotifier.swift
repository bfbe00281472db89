import Foundation
import HearthChatModels
import HearthNode
import Logging
import ServiceLifecycle

/// `hearth up --desktop-notifications`: shows each new notification (never one held by `dnd`)
/// with `notify-send`, where it is installed.
struct DesktopNotifier: Service {
    let node: Node
    let logger: Logger

    /// `notify-send` on the PATH, if there is one.
    static func command() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/notify-send" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    func run() async throws {
        guard let command = Self.command() else {
            logger.warning("--desktop-notifications: notify-send is not installed (Debian: apt install libnotify-bin)")
            return
        }
        let events = await node.events()
        await withGracefulShutdownHandler {
            for await event in events where event.event.type == "notification.new" {
                guard let notification = event.value(as: ChatNotification.self), !notification.held else { continue }
                let process = Process()
                process.executableURL = URL(fileURLWithPath: command)
                // "--": a name or text starting with '-' is not an option; the body's markup is escaped.
                process.arguments = ["--app-name=Hearth", "--", notification.title, Self.escaped(notification.body)]
                do {
                    try process.run()
                } catch {
                    logger.warning("notify-send failed", metadata: ["error": "\(error)"])
                }
            }
        } onGracefulShutdown: {
        }
    }
}
