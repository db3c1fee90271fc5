import TracuuCore
import TracuuStore

/// The republished articles of one index snapshot: which articles are
/// copies of one another, which member of each group is shown, and which
/// are hidden behind it as "also published at".
///
/// Groups come from the columns the indexer wrote (see
/// `RepublicationRegistry`): articles that joined a group carry its name in
/// `DUPG`; the founder, written before it had copies, is found by its own
/// `EXAC` equal to that name. So an index without republications costs one
/// pass over one column here. The member shown is the earliest published
/// (the original, as far as the dates tell), undated ones last; search
/// skips the others as it skips deleted articles, so totals count stories,
/// not copies.
///
/// The last commit of an indexing run by a version 7 writer carries the
/// groups (its `republications` attachment, FORMAT.md "Commit"), worked
/// out by the writer with `computed(reader:)`; opening one reads them
/// there instead of passing over every article's columns (8.5 million
/// instructions, a fifth of a search process, on the benchmark index).
///
/// Copies published the same day (or all undated) are ordered by their
/// content hash (`HASH`: title, body, date and id), a key of the article
/// alone. Ordering them as they were indexed made the copy shown depend on
/// how the index was built: on which run added which source, and on how
/// merges laid out the segments (the benchmark queries' results differed
/// between the corpus indexed into four segments and into five). Now the
/// same corpus shows the same copies however it was indexed.
public struct Republications: Sendable, Equatable {
    /// Per segment, the documents hidden behind another member, a bit each
    /// (nil: none), so a search takes them out of its matches 64 at a time.
    private var hidden: [[UInt64]?]
    /// The shown article of every group with copies (global docs), ascending.
    private var shown: [Int] = []
    /// Group `g`'s copies are `members[memberStarts[g]..<memberStarts[g + 1]]`.
    private var memberStarts: [Int] = [0]
    /// Every group's members after its shown article, group by group,
    /// oldest first.
    private var members: [Int] = []

    /// The name of the commit attachment that holds the groups.
    public static let attachmentName = "republications"
    /// The first byte of the stored form.
    public static let encodingVersion: UInt8 = 1

    /// The groups of the reader's commit: read from the commit when it
    /// carries them, else worked out from the columns.
    public init(reader: IndexReader) {
        if let bytes = reader.commit.attachments[Republications.attachmentName],
            let stored = Republications(stored: bytes, reader: reader)
        {
            self = stored
        } else {
            self = Republications.computed(reader: reader)
        }
    }

    private init(segmentCount: Int) { hidden = Array(repeating: nil, count: segmentCount) }

    /// The groups worked out from every segment's columns: what a writer
    /// stores in each commit, and what `tracuu check` compares the stored
    /// groups with.
    public static func computed(reader: IndexReader) -> Republications {
        var groups = Republications(segmentCount: reader.segments.count)
        groups.compute(reader)
        return groups
    }

    /// Reads every segment's group columns in two passes. It works on flat
    /// arrays and never sorts the whole: members are bucketed by group
    /// through the name table (a counting sort), and only each group's few
    /// members are put in order. Sorting all (name, date, doc) triples
    /// (8,500 on the benchmark corpus) was most of the 3 ms this took.
    ///
    /// A writer runs this at the last commit of a run, over the whole
    /// index, while its workers' buffers may still be full (a merge's
    /// commit), so it is kept lean in memory as well as time. A member is
    /// a 24-byte row read in column order (date, hash, place); the rows
    /// are then moved into their groups' buckets, so that
    /// putting a group in order reads its members side by side. Reading
    /// the dates and hashes in group order instead missed the cache twice
    /// a member. Rows of 32 bytes, with a name table and buckets sized by
    /// members rather than by groups, took about 30 MB more and a fifth
    /// more time on the 4× benchmark index (350,000 articles, three in four
    /// of them copies).
    private mutating func compute(_ reader: IndexReader) {
        var dates: [ColumnsReader.View?] = []
        var hashes: [ColumnsReader.View?] = []
        for segment in reader.segments {
            dates.append(segment.columns.column(ArticleSchema.Column.date).map(segment.columns.view))
            hashes.append(segment.columns.column(ArticleSchema.Column.contentHash).map(segment.columns.view))
        }
        func row(_ segment: Int, _ doc: Int) -> Row {
            let date = dates[segment]?[doc] ?? ArticleSchema.Column.noDate
            return Row(
                date: date == ArticleSchema.Column.noDate ? .max : Int32(clamping: date),
                segment: Int32(segment), doc: Int32(doc), hash: UInt64(bitPattern: hashes[segment]?[doc] ?? 0))
        }
        var names: [UInt64] = []
        var rows: [Row] = []
        // Articles that joined a group name it in DUPG.
        for (index, segment) in reader.segments.enumerated() {
            guard let column = segment.columns.column(ArticleSchema.Column.republicationGroup) else { continue }
            segment.columns.withValues(column) { group in
                for (doc, value) in group.enumerated() where value != 0 && !segment.isDeleted(doc) {
                    names.append(UInt64(bitPattern: value))
                    rows.append(row(index, doc))
                }
            }
        }
        guard !names.isEmpty else { return }
        // Founders carry the name as their own EXAC, with DUPG 0. Every
        // article's print is looked up, against the groups' names: a plain
        // probe table, a few nanoseconds each.
        let table = NameTable(names)
        var slots = names.map { Int32(table.slot(of: $0)!) }
        names = []
        for (index, segment) in reader.segments.enumerated() {
            guard let exactColumn = segment.columns.column(ArticleSchema.Column.exactPrint),
                let groupColumn = segment.columns.column(ArticleSchema.Column.republicationGroup)
            else { continue }
            let group = segment.columns.view(groupColumn)
            segment.columns.withValues(exactColumn) { exact in
                for (doc, value) in exact.enumerated() {
                    guard let slot = table.slot(of: UInt64(bitPattern: value)), group[doc] == 0,
                        !segment.isDeleted(doc)
                    else { continue }
                    slots.append(Int32(slot))
                    rows.append(row(index, doc))
                }
            }
        }
        // Move the rows into their groups' buckets: count, then place.
        var starts = [Int32](repeating: 0, count: table.capacity + 1)
        for slot in slots { starts[Int(slot) + 1] += 1 }
        for slot in 0..<table.capacity { starts[slot + 1] += starts[slot] }
        var bucketed = [Row](repeating: Row(date: 0, segment: 0, doc: 0, hash: 0), count: rows.count)
        do {
            var next = starts
            for (row, slot) in zip(rows, slots) {
                bucketed[Int(next[Int(slot)])] = row
                next[Int(slot)] += 1
            }
        }
        rows = []
        slots = []
        // A group is one bucket; its first member (earliest, then smallest
        // hash) is shown. Buckets hold a handful, so insertion sort.
        let bases = reader.docBases
        func before(_ x: Row, _ y: Row) -> Bool {
            if x.date != y.date { return x.date < y.date }
            if x.hash != y.hash { return x.hash < y.hash }
            return x.segment != y.segment ? x.segment < y.segment : x.doc < y.doc
        }
        var groups: [(shown: Int, members: Range<Int>)] = []
        var unordered: [Int] = []
        unordered.reserveCapacity(bucketed.count)
        for slot in 0..<table.capacity where starts[slot + 1] - starts[slot] > 1 {
            let range = Int(starts[slot])..<Int(starts[slot + 1])
            for position in range.dropFirst() {
                let entry = bucketed[position]
                var place = position
                while place > range.lowerBound, before(entry, bucketed[place - 1]) {
                    bucketed[place] = bucketed[place - 1]
                    place -= 1
                }
                bucketed[place] = entry
            }
            let first = bucketed[range.lowerBound]
            groups.append((bases[Int(first.segment)] + Int(first.doc), unordered.count..<unordered.count + range.count - 1))
            for position in range.dropFirst() {
                unordered.append(bases[Int(bucketed[position].segment)] + Int(bucketed[position].doc))
            }
        }
        bucketed = []
        // Groups in the order of their shown article: the stored form's
        // order, and what `copies(of:)` searches.
        groups.sort { $0.shown < $1.shown }
        shown.reserveCapacity(groups.count)
        members.reserveCapacity(unordered.count)
        memberStarts.reserveCapacity(groups.count + 1)
        for group in groups { add(shown: group.shown, members: unordered[group.members]) }
        markHidden(reader)
        sampleShown()
    }

    /// A group member as `compute` orders it: its publication day
    /// (`Int32.max` when undated, so undated members come last), content
    /// hash and place (segment, then document: the global order).
    private struct Row {
        var date: Int32
        var segment: Int32
        var doc: Int32
        var hash: UInt64
    }

    private mutating func add<C: Collection>(shown doc: Int, members copies: C) where C.Element == Int {
        shown.append(doc)
        members.append(contentsOf: copies)
        memberStarts.append(members.count)
    }

    /// Sets the hidden bits: every member of every group.
    private mutating func markHidden(_ reader: IndexReader) {
        for doc in members {
            let (index, local) = reader.locate(doc)
            if hidden[index] == nil { hidden[index] = [UInt64](bitCount: reader.segments[index].docCount) }
            hidden[index]!.insertBit(local)
        }
    }

    /// Segment `segment`'s hidden documents as bit words (bit `d % 64` of
    /// word `d / 64` for document `d`; nil: none hidden).
    public func hiddenBits(segment: Int) -> [UInt64]? { hidden[segment] }

    /// Every `sampleStride`-th shown article (`shown[0]`, `shown[64]`, …),
    /// for `copies(of:)`.
    ///
    /// Why: a hit's copies were found by a binary search of every shown
    /// article, 650 KB at 4× (83,000 groups), a cache miss at nearly each
    /// of its 17 steps, for each of a page's hits. The samples (10 KB) stay
    /// in cache; the search ends within one run of 64 (8 cache lines).
    private var shownSamples: [Int] = []
    private static let sampleStride = 64

    private mutating func sampleShown() {
        var samples: [Int] = []
        samples.reserveCapacity(shown.count / Republications.sampleStride + 1)
        var index = 0
        while index < shown.count {
            samples.append(shown[index])
            index += Republications.sampleStride
        }
        shownSamples = samples
    }

    /// The other members of a shown article's group (global docs, oldest first).
    public func copies(of doc: Int) -> [Int] {
        // The run whose first shown article is the last at or before `doc`.
        var low = 0
        var high = shownSamples.count
        while low < high {
            let middle = (low + high) / 2
            if shownSamples[middle] <= doc { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return [] }
        low = (low - 1) * Republications.sampleStride
        high = min(low + Republications.sampleStride, shown.count)
        while low < high {
            let middle = (low + high) / 2
            if shown[middle] < doc { low = middle + 1 } else { high = middle }
        }
        guard low < shown.count, shown[low] == doc else { return [] }
        return Array(members[memberStarts[low]..<memberStarts[low + 1]])
    }

    /// The groups in their stored form (FORMAT.md, "Commit"), for a
    /// commit's `republications` attachment.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 16 + 3 * (shown.count + members.count))
        writer.u8(Republications.encodingVersion)
        writer.varint(shown.count)
        var previous = 0
        for (group, doc) in shown.enumerated() {
            writer.varint(doc - previous)
            previous = doc
            writer.varint(memberStarts[group + 1] - memberStarts[group])
            for member in members[memberStarts[group]..<memberStarts[group + 1]] { writer.varint(member) }
        }
        return writer.bytes
    }

    /// The groups from their stored form, or nil when the bytes do not hold
    /// well-formed groups of this reader's documents (then the caller works
    /// them out, and `tracuu check` reports the difference).
    public init?(stored bytes: [UInt8], reader: IndexReader) {
        self.init(segmentCount: reader.segments.count)
        let maxDoc = reader.maxDoc
        // Into local arrays, not the struct's: appending to a property
        // checks its uniqueness every time, which was most of the reading.
        var shown: [Int] = []
        var members: [Int] = []
        var memberStarts = [0]
        let decoded: Bool = bytes.withUnsafeBytes { raw in
            var input = ByteReader(raw, file: Republications.attachmentName)
            do throws(StoreError) {
                guard try input.u8() == Republications.encodingVersion else { return false }
                let count = try input.varintInt()
                guard count <= maxDoc else { return false }
                shown.reserveCapacity(count)
                memberStarts.reserveCapacity(count + 1)
                members.reserveCapacity(raw.count)
                var doc = 0
                for group in 0..<count {
                    let delta = try input.varintInt()
                    let memberCount = try input.varintInt()
                    guard group == 0 || delta > 0 else { return false }
                    doc += delta
                    guard doc < maxDoc, memberCount > 0, memberCount <= maxDoc else { return false }
                    shown.append(doc)
                    for _ in 0..<memberCount {
                        let member = try input.varintInt()
                        guard member < maxDoc else { return false }
                        members.append(member)
                    }
                    memberStarts.append(members.count)
                }
                return input.isAtEnd
            } catch {
                return false
            }
        }
        guard decoded else { return nil }
        self.shown = shown
        self.members = members
        self.memberStarts = memberStarts
        markHidden(reader)
        sampleShown()
    }
}

/// A table of distinct nonzero 64-bit names with linear probing, at most
/// half full; each name's slot numbers its group. The names are hashes
/// already, so their bits are spread; a multiply mixes them once more in
/// case they are not.
private struct NameTable {
    private var slots: [UInt64]
    private var shift: UInt64
    /// One bit per 64K hash value of the names held (8 KB, in L1): most
    /// lookups are misses (every article's print at open), and a miss
    /// answered here costs no trip to the slots.
    private var filter = [UInt64](repeating: 0, count: 1 << 10)

    /// The table of `names`' distinct values, grown as they come: sized
    /// by the groups, not by their members (three in four articles of the
    /// 4× benchmark index name one of a quarter as many groups).
    init<S: Collection>(_ names: S) where S.Element == UInt64 {
        slots = Array(repeating: 0, count: 16)
        shift = 60
        var count = 0
        for name in names where name != 0 {
            if insert(name) { count += 1 }
            if count * 2 > slots.count { grow() }
        }
    }

    /// Adds `name`; false when the table held it already.
    private mutating func insert(_ name: UInt64) -> Bool {
        var slot = home(name)
        while slots[slot] != 0 {
            if slots[slot] == name { return false }
            slot = (slot + 1) & (slots.count - 1)
        }
        slots[slot] = name
        let bit = filterBit(name)
        filter[bit >> 6] |= 1 << UInt64(bit & 63)
        return true
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        shift -= 1
        for name in old where name != 0 { _ = insert(name) }
    }

    @inline(__always)
    private func filterBit(_ name: UInt64) -> Int { Int(truncatingIfNeeded: (name &* 0xC2B2_AE3D_27D4_EB4F) >> 48) }

    /// Slots in the table: every `slot(of:)` is below this.
    var capacity: Int { slots.count }

    @inline(__always)
    private func home(_ name: UInt64) -> Int { Int(truncatingIfNeeded: (name &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The name's slot, or nil when the table lacks it.
    @inline(__always)
    func slot(of name: UInt64) -> Int? {
        guard name != 0 else { return nil }
        let bit = filterBit(name)
        guard filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return nil }
        var slot = home(name)
        while true {
            let found = slots[slot]
            if found == name { return slot }
            if found == 0 { return nil }
            slot = (slot + 1) & (slots.count - 1)
        }
    }
}
