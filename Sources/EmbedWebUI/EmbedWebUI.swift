import Foundation
import PackagePlugin

/// Embeds the web UI (`Sources/HearthAPI/WebUI/`) in the `hearth` binary: every file becomes a
/// base64 string in a generated Swift source, so the node serves the UI with nothing beside it.
@main
struct EmbedWebUI: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = target.directoryURL.appending(path: "WebUI")
        let output = context.pluginWorkDirectoryURL.appending(path: "WebUIAssets.swift")
        var inputs: [URL] = []
        if let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let file as URL in files
            where (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                inputs.append(file)
            }
        }
        let script = context.package.directoryURL.appending(path: "scripts/embed-web-ui")
        return [
            .buildCommand(
                displayName: "Embedding the web UI (\(inputs.count) files)",
                executable: URL(fileURLWithPath: "/bin/sh"), arguments: [script.path, folder.path, output.path],
                inputFiles: inputs + [script], outputFiles: [output])
        ]
    }
}
