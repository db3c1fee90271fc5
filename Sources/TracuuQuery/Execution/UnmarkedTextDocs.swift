import TracuuStore

/// The documents of one segment whose text is written without Vietnamese
/// marks (`TextMarks`, flagged at indexing in the names field): the only
/// ones where a word typed with marks matches its letters written without
/// any ("lao" for "Lào"). Elsewhere "lao" is another word ("lao động").
///
/// A segment whose documents do not all say how they are written (indexed
/// before the flag, or merged from such a segment) has none of these
/// (`read` gives nil), and the unmarked forms count in all its documents,
/// as before.
final class UnmarkedTextDocs: @unchecked Sendable {
    /// One bit per document of the segment, in plain memory: the scorers
    /// look for the next allowed document each time a looser form moves.
    private let storage: UnsafeMutableBufferPointer<UInt64>
    var words: UnsafeBufferPointer<UInt64> { UnsafeBufferPointer(storage) }
    /// Whether no document of the segment is written without marks: the
    /// looser forms of a marked word are then left out of it altogether.
    let isEmpty: Bool

    private init(_ bits: DocBits, isEmpty: Bool) {
        storage = .allocate(capacity: max(bits.words.count, 1))
        storage.initialize(repeating: 0)
        _ = storage.update(fromContentsOf: bits.words)
        self.isEmpty = isEmpty
    }

    deinit { storage.deallocate() }

    /// The documents of `cursor`'s term among these, into `bits`, their
    /// occurrences added to `freqs` (stopping at 255): the cursor is moved
    /// to each of these documents in turn, as they are few next to the
    /// term's (an unmarked form such as "lao" holds thousands).
    func insert(
        _ cursor: PostingsCursor, into bits: inout DocBits, freqs: UnsafeMutableBufferPointer<UInt8>
    ) throws(StoreError) {
        var doc = try UnmarkedTextDocs.advance(cursor, to: 0, within: words)
        while doc != PostingsFormat.noMoreDocs {
            bits.insert(doc)
            freqs[Int(doc)] = UInt8(min(255, Int(freqs[Int(doc)]) + Int(cursor.freq)))
            doc = try UnmarkedTextDocs.advance(cursor, to: doc + 1, within: words)
        }
    }

    /// Moves `cursor` to its first document at or after `target` among
    /// `allowed`'s (a set's bit words), or to the end: the cursor and the
    /// allowed documents lead each other in turn. How an unmarked form is
    /// both counted (`insert`) and walked (`WordScorer`).
    @inline(__always)
    static func advance(
        _ cursor: PostingsCursor, to target: Int32, within allowed: UnsafeBufferPointer<UInt64>
    ) throws(StoreError) -> Int32 {
        var next = target
        while true {
            next = DocBits.next(from: next, in: allowed)
            guard next != PostingsFormat.noMoreDocs else { return next }
            let doc = try cursor.advance(to: next)
            if doc == next || doc == PostingsFormat.noMoreDocs { return doc }
            next = doc
        }
    }

    /// The segment's documents written without marks, or nil when some of
    /// its documents do not say.
    static func read(_ segment: SegmentReader) throws(StoreError) -> UnmarkedTextDocs? {
        guard let flagged = try ArticleSchema.unmarkedText(segment) else { return nil }
        guard let info = flagged else { return UnmarkedTextDocs(DocBits(docCount: segment.docCount), isEmpty: true) }
        return UnmarkedTextDocs(try DocBits(holdingAnyOf: [info], in: segment), isEmpty: info.docFreq == 0)
    }
}
