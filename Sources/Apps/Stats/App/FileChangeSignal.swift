import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Wakes a waiter as soon as a file is written, created or moved into place (Linux inotify on the
/// file's folder), so a followed log's new lines are read as the game writes them rather than at
/// the next look. Without inotify (another system, no folder yet, the watch limit reached) a wait
/// lasts its whole timeout, which is then the polling interval.
final class FileChangeSignal: Sendable {
    private struct State {
        var changed = false
        var waiter: CheckedContinuation<Void, Never>?
        var round = 0
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "hearth.stats.file-change")
    /// Only cancelled, in `deinit`; its handlers hold `self` weakly.
    private nonisolated(unsafe) let source: (any DispatchSourceRead)?

    /// Whether changes are noticed (otherwise every wait is a plain timeout).
    var isWatching: Bool { source != nil }

    init(path: String) {
        let file = URL(fileURLWithPath: path)
        let name = Array(file.lastPathComponent.utf8)
        #if canImport(Glibc)
            let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            let mask = UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO)
            guard descriptor >= 0 else {
                source = nil
                return
            }
            guard inotify_add_watch(descriptor, file.deletingLastPathComponent().path, mask) >= 0 else {
                close(descriptor)
                source = nil
                return
            }
            let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
            self.source = source
            source.setEventHandler { [weak self] in
                if Self.drain(descriptor, concerns: name) { self?.signal() }
            }
            source.setCancelHandler { close(descriptor) }
            source.resume()
        #else
            source = nil
        #endif
    }

    deinit { source?.cancel() }

    /// Returns when the file changes, at once if it changed since the last wait, or after
    /// `timeout`.
    func wait(upTo timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let round: Int? = state.withLock { state in
                if state.changed {
                    state.changed = false
                    return nil
                }
                state.round += 1
                state.waiter = continuation
                return state.round
            }
            guard let round else { return continuation.resume() }
            let (seconds, attoseconds) = timeout.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            queue.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [self] in
                let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                    guard state.round == round else { return nil }
                    defer { state.waiter = nil }
                    return state.waiter
                }
                waiter?.resume()
            }
        }
    }

    private func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.changed = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    #if canImport(Glibc)
        /// Reads every queued inotify event; whether one names the file (or events were lost).
        private static func drain(_ descriptor: Int32, concerns name: [UInt8]) -> Bool {
            var concerned = false
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { return concerned }
                // Each event: wd (4 bytes), mask (4), cookie (4), len (4), then len bytes of name,
                // padded with NULs.
                var offset = 0
                while offset + 16 <= count {
                    let (mask, length) = buffer.withUnsafeBytes { bytes in
                        (
                            bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                            Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
                        )
                    }
                    let nameStart = offset + 16
                    let nameEnd = min(nameStart + length, count)
                    let named = buffer[nameStart..<nameEnd].prefix { $0 != 0 }
                    if mask & UInt32(IN_Q_OVERFLOW) != 0 || named.elementsEqual(name) { concerned = true }
                    offset = nameStart + length
                }
            }
        }
    #endif
}
