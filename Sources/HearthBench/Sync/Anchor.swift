import Foundation

/// A central server's figures for one cluster size, measured in the same run by
/// `scripts/lib/socketio_anchor.py` (`scripts/bench sync --anchor socketio`), to print beside
/// Hearth's.
struct Anchor: Codable {
    struct Figures: Codable {
        var p50: Double
        var p99: Double
    }

    struct Latency: Codable {
        var perNode: Figures
        var allNodes: Figures
    }

    struct Throughput: Codable {
        var messagesPerSecond: Double
    }

    var anchor: String
    var nodes: Int
    var latency: Latency
    var throughput: Throughput

    /// The anchors in `path` (one JSON object per line), by cluster size.
    static func load(_ path: String) throws -> [Int: Anchor] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var anchors: [Int: Anchor] = [:]
        for line in text.split(separator: "\n") where line.contains("\"anchor\"") {
            let anchor = try JSONDecoder().decode(Anchor.self, from: Data(line.utf8))
            anchors[anchor.nodes] = anchor
        }
        return anchors
    }
}

/// Hearth against the anchor: above 1 Hearth is faster (throughput) or quicker (p99 latency).
struct AnchorRatio: Encodable {
    var anchor: Anchor
    var throughput: Double
    var p99AllNodes: Double

    init(anchor: Anchor, latency: ClusterRun.Latency, throughput: ClusterRun.Throughput) {
        self.anchor = anchor
        self.throughput = throughput.messagesPerSecond / anchor.throughput.messagesPerSecond
        p99AllNodes = anchor.latency.allNodes.p99 / latency.allNodes.p99
    }
}
