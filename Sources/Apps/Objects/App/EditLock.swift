/// One local edit of an object at a time: an edit reads the object's state and counters, makes
/// its ops and commits them, and the next edit of that object must see that commit. Edits of
/// different objects run side by side (and share group commits).
actor EditLock {
    private var busy: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    func run<T: Sendable>(_ key: String, _ work: @Sendable () async throws -> T) async throws -> T {
        if busy.contains(key) {
            await withCheckedContinuation { waiting[key, default: []].append($0) }
        } else {
            busy.insert(key)
        }
        defer {
            if var queue = waiting[key], !queue.isEmpty {
                let next = queue.removeFirst()
                waiting[key] = queue.isEmpty ? nil : queue
                next.resume()
            } else {
                busy.remove(key)
            }
        }
        return try await work()
    }
}
