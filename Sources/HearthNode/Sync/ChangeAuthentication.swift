import HearthCrypto

/// Decides which received changes are authentic, checking as few signatures as possible.
///
/// Each change names the hash of its author's previous change (`prev`), and that hash covers the
/// previous change's signature too. So within a run of one author's consecutive changes whose
/// links match, the signature of the last change vouches for every change before it: one
/// Ed25519 check per run instead of one per change. A run whose last signature fails is checked
/// change by change, so the authentic prefix is still accepted. Rules: `Protocol/sync.md`.
enum ChangeAuthentication {
    /// Runs on the caller's executor (an actor's): a few signatures are checked there, many on all
    /// cores (`DecodedChange.verifyInParallel`).
    nonisolated(nonsending) static func authenticate(_ changes: [DecodedChange]) async -> (
        valid: [DecodedChange], invalid: [DecodedChange]
    ) {
        let runs = linkedRuns(changes)
        let (signedTails, _) = await DecodedChange.verifyInParallel(runs.map { $0.last! })
        let vouched = Set(signedTails.map(\.key))
        var valid: [DecodedChange] = []
        var doubtful: [DecodedChange] = []
        for run in runs {
            if vouched.contains(run.last!.key) { valid += run } else { doubtful += run }
        }
        let (alone, invalid) = await DecodedChange.verifyInParallel(doubtful)
        return (valid + alone, invalid)
    }

    /// Splits changes into runs of one author's consecutive changes, each linked to the one before.
    static func linkedRuns(_ changes: [DecodedChange]) -> [[DecodedChange]] {
        var runs: [[DecodedChange]] = []
        let byAuthor = Dictionary(grouping: changes, by: \.key.author)
        for (_, authored) in byAuthor {
            var run: [DecodedChange] = []
            for change in authored.sorted(by: { $0.key.seq < $1.key.seq }) {
                if let last = run.last, last.key.seq + 1 == change.key.seq, change.prev == last.hash {
                    run.append(change)
                } else {
                    if !run.isEmpty { runs.append(run) }
                    run = [change]
                }
            }
            if !run.isEmpty { runs.append(run) }
        }
        return runs
    }
}
