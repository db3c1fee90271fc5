import TracuuCore
import TracuuStore

/// The documents search passes over in one segment: deleted ones, and
/// republished copies shown under another article, held by the loop as
/// values (so the per-document test retains nothing). Both are bit words,
/// so a query's matches lose them 64 at a time: a flag per document,
/// scanned whole for every query, had been a third of a small query's time.
struct SkippedDocs {
    private let deleted: DeletionSet?
    private let hidden: [UInt64]?

    init(segment: SegmentReader, hidden: [UInt64]?) {
        deleted = segment.deletions.flatMap { $0.count > 0 ? $0 : nil }
        self.hidden = hidden
    }

    @inline(__always)
    func contains(_ doc: Int) -> Bool {
        if let deleted, deleted.contains(doc) { return true }
        if let hidden { return hidden.containsBit(doc) }
        return false
    }

    /// Takes every skipped document out of `docs` (a query's matches,
    /// counted then by words: `Searcher.walkCounted`).
    func remove(from docs: inout DocBits) {
        if let deleted { docs.subtract(words: deleted.words) }
        if let hidden { docs.subtract(words: hidden) }
    }
}
