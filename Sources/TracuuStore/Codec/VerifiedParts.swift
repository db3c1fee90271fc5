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
    /// Two bits per term: its postings, then its positions.
    private var bits: [UInt64]
    private let lock = NSLock()

    init(termCount: Int) {
        bits = [UInt64](repeating: 0, count: (2 * termCount + 63) / 64)
    }

    func contains(_ ordinal: Int, positions: Bool) -> Bool {
        let bit = 2 * ordinal + (positions ? 1 : 0)
        lock.lock()
        defer { lock.unlock() }
        guard ordinal >= 0, bit >> 6 < bits.count else { return false }
        return bits[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// Records a term whose bytes passed their check.
    func insert(_ ordinal: Int, positions: Bool) {
        let bit = 2 * ordinal + (positions ? 1 : 0)
        lock.lock()
        defer { lock.unlock() }
        guard ordinal >= 0, bit >> 6 < bits.count else { return }
        bits[bit >> 6] |= 1 << UInt64(bit & 63)
    }
}
