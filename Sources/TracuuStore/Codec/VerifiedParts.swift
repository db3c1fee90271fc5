import FoundationEssentials
import TracuuCore

/// The parts of one open file whose bytes have passed their checksum: a
/// term's postings or positions, a dictionary block.
///
/// Why: a reader checks every byte it will use before using it, so a
/// damaged file gives an error, never a wrong answer; and it checks only
/// what it uses, so opening an index costs the same whatever its size.
/// Segment files never change once committed, so one check per part per
/// open segment is enough; checking again on every query cost a twentieth
/// of a one-word query in batch mode and in the server (a common word's
/// positions run to megabytes). Shared by the threads searching one
/// snapshot.
final class VerifiedParts: @unchecked Sendable {
    private var bits: [UInt64]
    private let lock = Lock()

    init(count: Int) {
        bits = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    /// Whether part `part` passed its check already.
    func contains(_ part: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard part >= 0, part >> 6 < bits.count else { return false }
        return bits[part >> 6] & (1 << UInt64(part & 63)) != 0
    }

    /// Records a part whose bytes passed their check.
    private func insert(_ part: Int) {
        lock.lock()
        defer { lock.unlock() }
        guard part >= 0, part >> 6 < bits.count else { return }
        bits[part >> 6] |= 1 << UInt64(part & 63)
    }

    /// Checks bytes `range` of `file` against `checksum` unless part `part`
    /// passed already. `range` must lie within `body` (the region such
    /// parts occupy); `what` names the part in the error.
    func verify(
        _ part: Int, _ range: Range<Int>, of file: MappedFile, within body: Range<Int>, checksum: UInt32,
        what: @autoclosure () -> String
    ) throws(StoreError) {
        if contains(part) { return }
        guard range.lowerBound >= body.lowerBound, range.upperBound <= body.upperBound else {
            throw StoreError.corrupt(file.name, "\(what()): bytes \(range) outside the file's body")
        }
        try FileFraming.checkChecksum(file.buffer, range, recorded: checksum, file: file.name, what: what())
        insert(part)
    }
}
