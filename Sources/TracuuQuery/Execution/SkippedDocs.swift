import TracuuStore

/// The documents search passes over in one segment: deleted ones, and
/// republished copies shown under another article, held by the loop as
/// values (so the per-document test retains nothing).
struct SkippedDocs {
    private let deleted: DeletionSet?
    private let hidden: [Bool]?

    init(segment: SegmentReader, hidden: [Bool]?) {
        deleted = segment.deletions.flatMap { $0.count > 0 ? $0 : nil }
        self.hidden = hidden
    }

    @inline(__always)
    func contains(_ doc: Int) -> Bool {
        if let deleted, deleted.contains(doc) { return true }
        if let hidden { return hidden[doc] }
        return false
    }

    /// Takes every skipped document out of `docs` (a query's matches,
    /// counted then by words: `Searcher.walkCounted`).
    func remove(from docs: inout DocBits) {
        deleted?.forEach { docs.remove(Int32($0)) }
        guard let hidden else { return }
        hidden.withUnsafeBufferPointer { flags in
            for doc in 0..<flags.count where flags[doc] { docs.remove(Int32(doc)) }
        }
    }
}
