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
}
