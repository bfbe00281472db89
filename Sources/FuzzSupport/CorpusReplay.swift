import Foundation

/// The driver of a fuzz target built without libFuzzer: `TARGET FILE|DIR…` feeds every input to
/// `run` (the committed corpus as regression tests); `TARGET --write-seeds DIR` writes the seeds.
public enum CorpusReplay {
    public static func main(name: String, seeds: () -> [String: [UInt8]], run: ([UInt8]) -> Void) throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--write-seeds", arguments.count == 2 {
            for (seed, bytes) in seeds() {
                try Data(bytes).write(to: URL(fileURLWithPath: arguments[1]).appendingPathComponent("seed-\(seed)"))
            }
            return
        }
        var count = 0
        while let path = arguments.popLast() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                arguments += try FileManager.default.contentsOfDirectory(atPath: path).map { path + "/" + $0 }
            } else if let data = FileManager.default.contents(atPath: path) {
                run([UInt8](data))
                count += 1
            }
        }
        print("\(name): replayed \(count) inputs without a crash")
    }
}
