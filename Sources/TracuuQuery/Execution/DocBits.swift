import TracuuCore
import TracuuStore

/// A set of one segment's documents, a bit each (64 to a word): how a
/// query's matches are gathered and counted without walking its scorers
/// (`ExactMatches`). A segment of 100,000 documents takes 12.5 KB.
struct DocBits {
    private(set) var words: [UInt64]

    init(docCount: Int) {
        words = [UInt64](bitCount: docCount)
    }

    /// The segment's documents holding any of the terms, each list decoded
    /// in one pass; with `freqs` (one per document), each document's
    /// occurrences of all the terms are added to its entry there.
    init(
        holdingAnyOf infos: some Sequence<TermInfo>, in segment: SegmentReader,
        freqs: UnsafeMutableBufferPointer<UInt8>? = nil
    ) throws(StoreError) {
        self.init(docCount: segment.docCount)
        for info in infos {
            let cursor = try segment.postings(info, withPositions: false)
            try words.withUnsafeMutableBufferPointer { bits throws(StoreError) in
                try cursor.insertDocs(into: bits, docCount: segment.docCount, freqs: freqs)
            }
        }
    }

    /// Every document of a segment of `docCount`.
    init(allOf docCount: Int) {
        self.init(docCount: docCount)
        for index in words.indices {
            let start = index * 64
            words[index] = docCount - start >= 64 ? ~0 : (1 << UInt64(docCount - start)) - 1
        }
    }

    mutating func insert(_ doc: Int32) { words.insertBit(Int(doc)) }

    func contains(_ doc: Int32) -> Bool { words.containsBit(Int(doc)) }

    mutating func remove(_ doc: Int32) { words.removeBit(Int(doc)) }

    mutating func formUnion(_ other: DocBits) {
        for index in words.indices { words[index] |= other.words[index] }
    }

    mutating func formIntersection(_ other: DocBits) {
        for index in words.indices { words[index] &= other.words[index] }
    }

    mutating func subtract(_ other: DocBits) { subtract(words: other.words) }

    /// Takes out the documents of a bitset of the same segment in the same
    /// layout (deletions, hidden republications).
    mutating func subtract(words other: [UInt64]) {
        precondition(other.count == words.count, "bitsets of different segments")
        words.withUnsafeMutableBufferPointer { mine in
            other.withUnsafeBufferPointer { theirs in
                for index in mine.indices { mine[index] &= ~theirs[index] }
            }
        }
    }

    var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Calls `body` with each document of the set, ascending.
    func forEach<E: Error>(_ body: (Int32) throws(E) -> Void) throws(E) {
        try words.forEachSetBit { (doc: Int) throws(E) in try body(Int32(doc)) }
    }

    /// The first document at or after `doc` in the set, or
    /// `PostingsFormat.noMoreDocs`.
    func next(from doc: Int32) -> Int32 {
        words.withUnsafeBufferPointer { DocBits.next(from: doc, in: $0) }
    }

    /// `next(from:)` in a set's words held in plain memory
    /// (`UnmarkedTextDocs`, read by the scorers per document).
    @inline(__always)
    static func next(from doc: Int32, in words: UnsafeBufferPointer<UInt64>) -> Int32 {
        var index = Int(max(doc, 0)) >> 6
        guard index < words.count else { return PostingsFormat.noMoreDocs }
        var word = words[index] & (~0 << UInt64(max(doc, 0) & 63))
        while word == 0 {
            index += 1
            guard index < words.count else { return PostingsFormat.noMoreDocs }
            word = words[index]
        }
        return Int32(index << 6 | word.trailingZeroBitCount)
    }
}
