import Foundation
import HearthCrypto
import HearthNode
import Logging
import Synchronization

/// The web UI's sign-in: one-time codes that `hearth ui` asks for, and the sessions of the
/// browsers that used one (README, "Web UI").
///
/// A code is good once, for `codeLifetime`; a session lasts `sessionLifetime` after its last use.
/// Only hashes are kept (BLAKE2b-256), so the file of sessions (mode 0600) does not hold a cookie
/// that would sign in; sessions survive a restart of the node, codes do not.
final class BrowserSessions: Sendable {
    static let codeLifetime: TimeInterval = 60
    static let sessionLifetime: TimeInterval = 30 * 24 * 3600
    /// A session's last use is written down at most this often.
    static let touchInterval: TimeInterval = 3600

    private struct State {
        var codes: [[UInt8]: Date] = [:]
        var sessions: [[UInt8]: Date] = [:]
    }

    private struct Saved: Codable {
        var hash: String
        var lastUsed: Date
    }

    private let state = Mutex(State())
    private let path: String?
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// - Parameter path: where sessions are kept; nil keeps them in memory only.
    init(path: String?, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.path = path
        self.now = now
        self.logger = logger
        guard let path, let bytes = try? SecretFile.read(path),
            let saved = try? JSONDecoder().decode([Saved].self, from: Data(bytes))
        else { return }
        let horizon = now().addingTimeInterval(-Self.sessionLifetime)
        state.withLock { state in
            for session in saved where session.lastUsed > horizon {
                if let hash = Self.bytes(hex: session.hash) { state.sessions[hash] = session.lastUsed }
            }
        }
    }

    /// A new one-time sign-in code.
    func makeCode() -> String {
        let code = Base32.encode(secureRandomBytes(20))
        let moment = now()
        state.withLock { state in
            state.codes = state.codes.filter { $0.value > moment }
            state.codes[contentHash(Array(code.utf8))] = moment.addingTimeInterval(Self.codeLifetime)
        }
        return code
    }

    /// Takes `code` (good once) and opens a session for it.
    /// - Returns: the session's cookie value, or nil for an unknown, used or expired code.
    func redeem(_ code: String) -> String? {
        let moment = now()
        let valid = state.withLock { state in
            state.codes.removeValue(forKey: contentHash(Array(code.utf8))).map { $0 > moment } ?? false
        }
        guard valid else { return nil }
        let session = Base32.encode(secureRandomBytes(32))
        state.withLock { $0.sessions[contentHash(Array(session.utf8))] = moment }
        save()
        return session
    }

    /// Whether `session` is a live session; its last use moves forward.
    func isValid(_ session: String) -> Bool {
        let moment = now()
        let hash = contentHash(Array(session.utf8))
        let (valid, touched) = state.withLock { state -> (Bool, Bool) in
            guard let lastUsed = state.sessions[hash] else { return (false, false) }
            guard moment.timeIntervalSince(lastUsed) < Self.sessionLifetime else {
                state.sessions[hash] = nil
                return (false, true)
            }
            guard moment.timeIntervalSince(lastUsed) >= Self.touchInterval else { return (true, false) }
            state.sessions[hash] = moment
            return (true, true)
        }
        if touched { save() }
        return valid
    }

    /// Ends a session (signing out).
    func end(_ session: String) {
        let removed = state.withLock { $0.sessions.removeValue(forKey: contentHash(Array(session.utf8))) != nil }
        if removed { save() }
    }

    private func save() {
        guard let path else { return }
        let saved = state.withLock { state in
            state.sessions.map { Saved(hash: $0.key.map { String(format: "%02x", $0) }.joined(), lastUsed: $0.value) }
        }
        do {
            try SecretFile.write(Array(try JSONEncoder().encode(saved)), to: path)
        } catch {
            logger.error("cannot save the web UI's sessions", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }

    private static func bytes(hex: String) -> [UInt8]? {
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
