import Foundation

/// Prints results as aligned text, or as one JSON object per line with `--json`.
struct Report {
    let json: Bool

    func handshake(_ figures: Percentiles) {
        emit(["result": "handshake", "figures": figures]) {
            String(
                format: "link set-up (TCP + Noise XXpsk3 + hello), %d rounds: p50 %.2f ms, p99 %.2f ms",
                figures.count, figures.p50, figures.p99)
        }
    }

    func cluster(
        size: Int, maxLinks: Int, degree: (min: Int, max: Int), latency: ClusterRun.Latency,
        throughput: ClusterRun.Throughput, idle: ClusterRun.Idle
    ) {
        emit([
            "result": "cluster", "nodes": size, "maxLinks": maxLinks, "linksMin": degree.min, "linksMax": degree.max,
            "latency": latency, "throughput": throughput, "idle": idle,
        ]) {
            String(
                format: """
                    N=%2d  max links %2d (each node %d–%d)
                          latency to each node p50 %6.2f ms  p99 %6.2f ms | to all nodes p50 %6.2f ms  p99 %6.2f ms
                          throughput %7.0f msg/s (%d messages in %.2f s) | idle: RSS max %.1f MB (private %.1f MB), CPU max %.2f%%
                    """, size, maxLinks, degree.min, degree.max, latency.perNode.p50, latency.perNode.p99,
                latency.allNodes.p50, latency.allNodes.p99,
                throughput.messagesPerSecond, throughput.messages, throughput.seconds,
                Double(idle.maxResidentBytes) / 1_048_576, Double(idle.maxPrivateBytes) / 1_048_576, idle.maxCPUPercent)
        }
    }

    func anchor(_ ratio: AnchorRatio) {
        emit(["result": "anchor-ratio", "nodes": ratio.anchor.nodes, "ratio": ratio]) {
            let anchor = ratio.anchor
            return String(
                format: """
                          %@ (same run, %d clients): to all p50 %6.2f ms  p99 %6.2f ms | throughput %7.0f msg/s
                          Hearth against it: throughput %.2f×, p99 to all nodes %.2f× (above 1: Hearth ahead)
                    """, anchor.anchor, anchor.nodes, anchor.latency.allNodes.p50, anchor.latency.allNodes.p99,
                anchor.throughput.messagesPerSecond, ratio.throughput, ratio.p99AllNodes)
        }
    }

    func catchUp(_ result: CatchUp.Result) {
        emit(["result": "catch-up", "figures": result]) {
            String(
                format: "catch-up of %d messages: %.2f s from process start (%.2f s after ready), %.0f msg/s",
                result.messages, result.seconds, result.secondsAfterReady, result.messagesPerSecond)
        }
    }

    private func emit(_ object: [String: any Encodable], text: () -> String) {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let fields = object.mapValues { AnyEncodable($0) }
            if let data = try? encoder.encode(fields) { write(String(decoding: data, as: UTF8.self)) }
        } else {
            write(text())
        }
    }

    /// Unbuffered, so each result shows as soon as it is measured, also when stdout is a file.
    private func write(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

private struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
