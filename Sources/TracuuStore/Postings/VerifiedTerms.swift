import Foundation

/// The terms of one open segment whose postings (and positions) have been
/// checked against their checksums.
///
/// Why: a cursor checks every byte it will read before reading it, so a
/// damaged file gives an error, never a wrong answer. Segment files never
/// change once committed, so one check per term per open segment is
/// enough; checking again on every query cost a twentieth of a one-word
/// query in batch mode and in the server (a common word's positions run
/// to megabytes). Shared by the threads searching one snapshot.
final class VerifiedTerms: @unchecked Sendable {
    private var postings: [UInt64]
    private var positions: [UInt64]
    private let lock = NSLock()

    init(termCount: Int) {
        postings = [UInt64](repeating: 0, count: (termCount + 63) / 64)
        positions = postings
    }

    func contains(_ ordinal: Int, positions wantsPositions: Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let words = wantsPositions ? positions : postings
        guard ordinal >= 0, ordinal >> 6 < words.count else { return false }
        return words[ordinal >> 6] & (1 << UInt64(ordinal & 63)) != 0
    }

    /// Records a term whose bytes passed their check.
    func insert(_ ordinal: Int, positions wantsPositions: Bool) {
        lock.lock()
        defer { lock.unlock() }
        guard ordinal >= 0, ordinal >> 6 < postings.count else { return }
        if wantsPositions {
            positions[ordinal >> 6] |= 1 << UInt64(ordinal & 63)
        } else {
            postings[ordinal >> 6] |= 1 << UInt64(ordinal & 63)
        }
    }
}
