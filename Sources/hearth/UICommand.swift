import ArgumentParser
import Foundation
import HearthCLISupport
import HearthClient

/// `hearth ui`: opens the web UI in the default browser, signed in with a one-time link.
struct UICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Open the web UI in your browser, signed in (or print a one-time sign-in link with --url).",
        discussion: """
            The link works once, within a minute; the browser then keeps a session for 30 days of use. \
            The UI is served by the node itself on 127.0.0.1 and needs no internet.
            """)
    @OptionGroup var options: ClientOptions
    @Flag(help: "Print the link instead of opening a browser (for another browser, or a machine without one).")
    var url = false

    func run() async throws {
        let (url, json) = (url, options.json)
        try await runClient(options) { client in
            let data = try await client.request("POST", "v1/ui/sign-in")
            if json { return Output.raw(data) }
            struct Link: Decodable { var url: String }
            let link = try JSONDecoder().decode(Link.self, from: data).url
            if url {
                print(link)
                return
            }
            guard let opener = Self.opener() else {
                print("No browser opener (xdg-open) here. Open this link within a minute, once:\n\(link)")
                return
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: opener)
            process.arguments = [link]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                print("The browser did not open (\(opener) failed). Open this link within a minute, once:\n\(link)")
                return
            }
            print("Opened the web UI in your browser.")
        }
    }

    /// The desktop's way to open a link, if this machine has one.
    static func opener() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/xdg-open"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
