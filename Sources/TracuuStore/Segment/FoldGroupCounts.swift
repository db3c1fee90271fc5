import TracuuCore

/// How many of a segment builder's documents hold a term of each fold
/// group (the terms of a folded field sharing a fold key: "hội", "hơi",
/// "hỏi", … under "hoi"): the `GroupDocFreq` of the fold map (FORMAT.md,
/// "Term dictionary").
///
/// Why count while adding: a word typed without marks reads its whole
/// group, and its idf needs the union of the group's documents. Not
/// recorded, a search decoded every form's postings to count it (a sixth
/// to a fifth of such a query's time on the benchmark corpus); at flush
/// the group's forms lie all over the term order, so counting there would
/// mean decoding them again. Here a document adds one to a group the
/// first time one of its terms is met.
///
/// A group is named by a field and a number: the analyzer's fold id of
/// the term (`TermResolver.foldID`), dense over the analyzer's vocabulary
/// (which may outlive a segment: an indexing thread empties it when it
/// outgrows its share of the memory budget), so the counts are an array
/// per field and a new term costs no hashing; or, for terms given as
/// bytes, an entry of a table of fold keys (bit 23 set).
final class FoldGroupCounts {
    /// Per field byte (and one more for the groups of terms given as
    /// bytes): per group number, the last document counted and the
    /// documents counted.
    private var counts: [UnsafeMutablePointer<(last: Int32, documents: Int32)>?]
    private var capacities: [Int]
    private static let byteGroupsSlot = 256
    /// Field byte + fold key → group number, for terms given as bytes.
    private var byteGroups: ByteTable?
    static let byteGroupFlag: Int32 = 1 << 23

    init() {
        counts = Array(repeating: nil, count: 257)
        capacities = Array(repeating: 0, count: 257)
    }

    deinit {
        for pointer in counts { pointer?.deallocate() }
    }

    /// Read for every document added (the writer's budget), so kept as a sum.
    private var countBytes = 0
    var memoryBytes: Int { countBytes + (byteGroups?.memoryBytes ?? 0) }

    /// Where `field`'s counts of groups by fold id start; valid until the
    /// next new group (`group(field:foldID:)`). For the add loop, which
    /// counts every term of every document.
    func counts(field: UInt8) -> UnsafeMutablePointer<(last: Int32, documents: Int32)>? { counts[Int(field)] }

    /// Counts `doc` for `group` (by fold id, from `counts(field:)` as
    /// `base`, or given as bytes), unless it was already: documents arrive
    /// in increasing order.
    @inline(__always)
    func count(_ doc: Int32, field: UInt8, group: Int32, base: UnsafeMutablePointer<(last: Int32, documents: Int32)>?) {
        let entry =
            group & FoldGroupCounts.byteGroupFlag == 0
            ? base.unsafelyUnwrapped + Int(group) : place(field, group)
        if entry.pointee.last != doc {
            entry.pointee.last = doc
            entry.pointee.documents += 1
        }
    }

    /// The group of a term given by id, from its fold id.
    func group(field: UInt8, foldID: Int32) -> Int32 {
        precondition(foldID >= 0 && foldID < FoldGroupCounts.byteGroupFlag, "fold ids fit in 23 bits")
        reserve(Int(field), foldID)
        return foldID
    }

    /// The group of a term given as bytes, from `key` (field byte + fold key).
    func group(forKey key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let table = byteGroups ?? ByteTable(capacity: 1 << 8)
        byteGroups = table
        let hash = ByteTable.hash(key)
        let number = table.find(key, hash: hash) ?? {
            let new = Int32(table.count)
            table.insert(key, hash: hash, value: new)
            return new
        }()
        precondition(number < FoldGroupCounts.byteGroupFlag, "fold groups fit in 23 bits")
        reserve(FoldGroupCounts.byteGroupsSlot, number)
        return number | FoldGroupCounts.byteGroupFlag
    }

    /// The field byte + fold key of a group of terms given as bytes (nil
    /// for a group by fold id), so the flush need not fold them again.
    func key(ofByteGroup group: Int32) -> UnsafeBufferPointer<UInt8>? {
        guard group >= 0, group & FoldGroupCounts.byteGroupFlag != 0, let byteGroups else { return nil }
        return byteGroups.key(at: Int(group & ~FoldGroupCounts.byteGroupFlag))
    }

    /// The documents counted for `group` of `field`.
    func documents(field: UInt8, group: Int32) -> Int { Int(place(field, group).pointee.documents) }

    @inline(__always)
    private func place(_ field: UInt8, _ group: Int32) -> UnsafeMutablePointer<(last: Int32, documents: Int32)> {
        if group & FoldGroupCounts.byteGroupFlag == 0 { return counts[Int(field)].unsafelyUnwrapped + Int(group) }
        return counts[FoldGroupCounts.byteGroupsSlot].unsafelyUnwrapped + Int(group & ~FoldGroupCounts.byteGroupFlag)
    }

    /// Makes room for group `group` in `slot`'s counts (a field byte, or
    /// `byteGroupsSlot`), new entries counting none.
    private func reserve(_ slot: Int, _ group: Int32) {
        let needed = Int(group) + 1
        let capacity = capacities[slot]
        guard needed > capacity else { return }
        var bigger = max(1024, capacity)
        while bigger < needed { bigger *= 2 }
        let memory = UnsafeMutablePointer<(last: Int32, documents: Int32)>.allocate(capacity: bigger)
        if let old = counts[slot] {
            memory.moveInitialize(from: old, count: capacity)
            old.deallocate()
        }
        (memory + capacity).initialize(repeating: (-1, 0), count: bigger - capacity)
        counts[slot] = memory
        capacities[slot] = bigger
        countBytes += (bigger - capacity) * 8
    }
}
