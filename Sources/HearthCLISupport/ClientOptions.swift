import ArgumentParser
import Foundation
import HearthClient
import HearthLocations

/// Options every client command takes.
public struct ClientOptions: ParsableArguments {
    public init() {}

    @Option(name: .long, help: "The node's data folder (default: $HEARTH_DATA or $XDG_DATA_HOME/hearth).")
    public var data: String?

    @Flag(name: .long, help: "Print machine-readable JSON.")
    public var json = false
}

/// Runs a client command: finds the node, reports failures on stderr with exit status 1.
public func runClient(_ options: ClientOptions, _ body: (APIClient) async throws -> Void) async throws {
    do {
        try await body(try APIClient(folder: DataFolderLocation.resolve(explicit: options.data)))
    } catch let error as ClientError {
        FileHandle.standardError.write(Data("hearth: \(error)\n".utf8))
        throw ExitCode.failure
    }
}
