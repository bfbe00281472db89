import Foundation
import HearthNode

/// Human-readable output helpers.
enum Output {
    static func raw(_ data: Data) {
        FileHandle.standardOutput.write(data)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }

    static func table(_ rows: [(String, String)]) {
        let width = rows.map(\.0.count).max() ?? 0
        for (key, value) in rows { print(key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value) }
    }

    static func columns(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            print(
                row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(
                    separator: "  "))
        }
    }

    static func time(_ date: Date, withDate: Bool) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = withDate ? "yyyy-MM-dd HH:mm:ss" : "HH:mm:ss"
        return formatter.string(from: date)
    }

    /// One chat message on one line: time, author, text, id, reply and thread marks.
    static func message(_ message: ChatMessage, indent: Bool = false) -> String {
        var line =
            "\(time(message.time, withDate: false))  \(indent ? "  ↳ " : "")\(message.authorName): \(message.text)"
        line += "  [\(message.id)"
        if let replyTo = message.replyTo, !indent { line += ", reply to \(replyTo)" }
        if message.replies > 0 { line += ", \(message.replies) \(message.replies == 1 ? "reply" : "replies")" }
        return line + "]"
    }
}
