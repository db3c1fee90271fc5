/// Counts the documents of a segment holding any of some terms: the union
/// of their lists, not the sum of their document counts (an article with
/// both "hoà" and "hòa" counts once). The one counter for a search's idf
/// of a word's reading (`SegmentReader.documentCount(holdingAnyOf:)`), a
/// merge's fold-group counts from a segment with deletions, and `tracuu
/// check`'s recount of every group.
///
/// Three ways, by the lists' shapes:
/// - one common list and rare others (a reading is mostly one common form
///   and rare variants): the common list's count, plus the others'
///   documents it lacks, looked up with its skip data. Decoding every
///   posting of the common one was a third of a date-filtered query's time.
/// - few postings for the segment's size (most fold groups of a large
///   segment, in a merge or a check): each document set in a bitset
///   reused from call to call, and only the bits set cleared after, so a
///   call costs its postings, not the segment's size.
/// - many postings (a word typed without marks: "dau" for "đầu", "dấu",
///   "dầu", …): every list decoded into the bitset a block at a time, the
///   bits counted and the bitset cleared whole.
struct DocumentUnion {
    private let segment: SegmentReader
    private var bits: [UInt64] = []
    private var seen: [Int32] = []

    /// Other lists holding at least 1/`denseRestFactor` as many documents
    /// as the largest make the count decode them all.
    static let denseRestFactor = 4

    init(_ segment: SegmentReader) { self.segment = segment }

    /// Documents holding any of `infos`' terms; with `liveOnly`, deleted
    /// ones left out.
    mutating func count(_ infos: [TermInfo], liveOnly: Bool) throws(StoreError) -> Int {
        let deletions = liveOnly ? segment.deletions : nil
        guard let largest = infos.indices.max(by: { infos[$0].docFreq < infos[$1].docFreq }) else { return 0 }
        let restDocs = infos.indices.reduce(0) { $0 + ($1 == largest ? 0 : infos[$1].docFreq) }
        if deletions == nil && restDocs == 0 { return infos[largest].docFreq }
        if bits.isEmpty { bits = [UInt64](repeating: 0, count: (segment.docCount + 63) / 64) }
        if deletions == nil && restDocs * DocumentUnion.denseRestFactor < infos[largest].docFreq {
            let rest = try collect(infos.indices.filter { $0 != largest }.map { infos[$0] }, deletions: nil)
            let common = try segment.postings(infos[largest], withPositions: false)
            var count = infos[largest].docFreq
            for doc in rest.sorted() where try common.advance(to: doc) != doc { count += 1 }
            return count
        }
        if (restDocs + infos[largest].docFreq) * 16 < segment.docCount {
            return try collect(infos, deletions: deletions).count
        }
        try bits.withUnsafeMutableBufferPointer { (buffer: inout UnsafeMutableBufferPointer<UInt64>) throws(StoreError) in
            for info in infos {
                try segment.postings(info, withPositions: false).insertDocs(into: buffer, docCount: segment.docCount)
            }
        }
        var count = 0
        for index in bits.indices {
            let deleted = deletions.map { index < $0.words.count ? $0.words[index] : 0 } ?? 0
            count += (bits[index] & ~deleted).nonzeroBitCount
            bits[index] = 0
        }
        return count
    }

    /// The documents of `infos`' lists, each once, deleted ones left out;
    /// the bitset is left clear.
    private mutating func collect(_ infos: [TermInfo], deletions: DeletionSet?) throws(StoreError) -> [Int32] {
        seen.removeAll(keepingCapacity: true)
        for info in infos {
            let cursor = try segment.postings(info, withPositions: false)
            while try cursor.next() != PostingsFormat.noMoreDocs {
                let doc = Int(cursor.doc)
                guard doc < segment.docCount else {
                    throw StoreError.corrupt(
                        segment.info.fileName(.postings), "term \(info.ordinal): doc \(doc) of \(segment.docCount)")
                }
                if let deletions, deletions.contains(doc) { continue }
                let mask: UInt64 = 1 << UInt64(doc & 63)
                if bits[doc >> 6] & mask == 0 {
                    bits[doc >> 6] |= mask
                    seen.append(cursor.doc)
                }
            }
        }
        for doc in seen { bits[Int(doc) >> 6] = 0 }
        return seen
    }
}

extension SegmentReader {
    /// Live documents of the segment holding any of `infos`' terms (see
    /// `DocumentUnion`): with deletions, so an incrementally updated index
    /// scores exactly like a fresh build of the same articles.
    public func documentCount(holdingAnyOf infos: [TermInfo]) throws(StoreError) -> Int {
        var union = DocumentUnion(self)
        return try union.count(infos, liveOnly: true)
    }
}
