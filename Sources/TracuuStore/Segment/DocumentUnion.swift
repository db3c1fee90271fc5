/// Counts the documents of a segment holding any of some terms: a fold
/// group's `GroupDocFreq`, worked out where it cannot be summed (a merge
/// from a segment with deletions or without recorded counts) or checked
/// (`IndexChecker`).
///
/// One bitset for the segment, reused from group to group: each count
/// clears only the bits it set, so a group costs its postings, not the
/// segment's size (a merge counts every group of a large segment).
struct DocumentUnion {
    private let segment: SegmentReader
    private var bits: [UInt64]
    private var seen: [Int32] = []

    init(_ segment: SegmentReader) {
        self.segment = segment
        bits = [UInt64](repeating: 0, count: (segment.docCount + 63) / 64)
    }

    /// Documents holding any of `infos`' terms; with `liveOnly`, deleted
    /// ones left out.
    mutating func count(_ infos: [TermInfo], liveOnly: Bool) throws(StoreError) -> Int {
        if infos.count == 1 && !(liveOnly && segment.deletions != nil) { return infos[0].docFreq }
        seen.removeAll(keepingCapacity: true)
        for info in infos {
            let cursor = try segment.postings(info, withPositions: false)
            while try cursor.next() != PostingsFormat.noMoreDocs {
                let doc = Int(cursor.doc)
                guard doc < segment.docCount else {
                    throw StoreError.corrupt(
                        segment.info.fileName(.postings), "term \(info.ordinal): doc \(doc) of \(segment.docCount)")
                }
                if liveOnly && segment.isDeleted(doc) { continue }
                let mask: UInt64 = 1 << UInt64(doc & 63)
                if bits[doc >> 6] & mask == 0 {
                    bits[doc >> 6] |= mask
                    seen.append(cursor.doc)
                }
            }
        }
        for doc in seen { bits[Int(doc) >> 6] = 0 }
        return seen.count
    }
}
