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
/// A commit written by a version 7 writer carries the groups (its
/// `republications` attachment, FORMAT.md "Commit"), worked out by the
/// writer with `computed(reader:)`; opening one reads them there instead of
/// passing over every article's columns (8.5 million instructions, a fifth
/// of a search process, on the benchmark index).
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
    private mutating func compute(_ reader: IndexReader) {
        /// (group name, publication day or .max when undated, content
        /// hash, global doc).
        var found: [(name: UInt64, date: Int64, hash: UInt64, doc: Int)] = []
        var dates: [ColumnsReader.View?] = []
        var hashes: [ColumnsReader.View?] = []
        for segment in reader.segments {
            dates.append(segment.columns.column(ArticleSchema.Column.date).map(segment.columns.view))
            hashes.append(segment.columns.column(ArticleSchema.Column.contentHash).map(segment.columns.view))
        }
        func date(_ segment: Int, _ local: Int) -> Int64 {
            guard let value = dates[segment]?[local], value != ArticleSchema.Column.noDate else { return .max }
            return value
        }
        func hash(_ segment: Int, _ local: Int) -> UInt64 { UInt64(bitPattern: hashes[segment]?[local] ?? 0) }
        // Articles that joined a group name it in DUPG.
        for (index, segment) in reader.segments.enumerated() {
            guard let column = segment.columns.column(ArticleSchema.Column.republicationGroup) else { continue }
            segment.columns.withValues(column) { group in
                for (doc, value) in group.enumerated() where value != 0 && !segment.isDeleted(doc) {
                    found.append((UInt64(bitPattern: value), date(index, doc), hash(index, doc), reader.docBases[index] + doc))
                }
            }
        }
        guard !found.isEmpty else { return }
        // Founders carry the name as their own EXAC, with DUPG 0. Every
        // article's print is looked up, against a few thousand names at
        // most: a plain probe table, a few nanoseconds each.
        let names = NameTable(found.map(\.name))
        for (index, segment) in reader.segments.enumerated() {
            guard let exactColumn = segment.columns.column(ArticleSchema.Column.exactPrint),
                let groupColumn = segment.columns.column(ArticleSchema.Column.republicationGroup)
            else { continue }
            let group = segment.columns.view(groupColumn)
            segment.columns.withValues(exactColumn) { exact in
                for (doc, value) in exact.enumerated() {
                    let print = UInt64(bitPattern: value)
                    guard names.slot(of: print) != nil, group[doc] == 0, !segment.isDeleted(doc) else { continue }
                    found.append((print, date(index, doc), hash(index, doc), reader.docBases[index] + doc))
                }
            }
        }
        // Bucket the members by their name's slot: count, then place.
        var starts = [Int](repeating: 0, count: names.capacity + 1)
        let slots = found.map { names.slot(of: $0.name)! }
        for slot in slots { starts[slot + 1] += 1 }
        for slot in 0..<names.capacity { starts[slot + 1] += starts[slot] }
        var next = starts
        var grouped = [Int](repeating: 0, count: found.count)
        for (entry, slot) in slots.enumerated() {
            grouped[next[slot]] = entry
            next[slot] += 1
        }
        // A group is one bucket; its first member (earliest, then smallest
        // hash) is shown. Buckets hold a handful, so insertion sort.
        func before(_ a: Int, _ b: Int) -> Bool {
            let (x, y) = (found[a], found[b])
            if x.date != y.date { return x.date < y.date }
            return x.hash != y.hash ? x.hash < y.hash : x.doc < y.doc
        }
        var groups: [(shown: Int, members: Range<Int>)] = []
        var unordered: [Int] = []
        unordered.reserveCapacity(found.count)
        for slot in 0..<names.capacity where starts[slot + 1] - starts[slot] > 1 {
            let range = starts[slot]..<starts[slot + 1]
            for position in range.dropFirst() {
                let entry = grouped[position]
                var place = position
                while place > range.lowerBound, before(entry, grouped[place - 1]) {
                    grouped[place] = grouped[place - 1]
                    place -= 1
                }
                grouped[place] = entry
            }
            groups.append((found[grouped[range.lowerBound]].doc, unordered.count..<unordered.count + range.count - 1))
            for position in range.dropFirst() { unordered.append(found[grouped[position]].doc) }
        }
        // Groups in the order of their shown article: the stored form's
        // order, and what `copies(of:)` searches.
        groups.sort { $0.shown < $1.shown }
        for group in groups { add(shown: group.shown, members: unordered[group.members]) }
        markHidden(reader)
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

    /// The other members of a shown article's group (global docs, oldest first).
    public func copies(of doc: Int) -> [Int] {
        var low = 0
        var high = shown.count
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
    }
}

/// A table of distinct nonzero 64-bit names with linear probing, at most
/// half full; each name's slot numbers its group. The names are hashes
/// already, so their bits are spread; a multiply mixes them once more in
/// case they are not.
private struct NameTable {
    private var slots: [UInt64]
    private let shift: UInt64
    /// One bit per 64K hash value of the names held (8 KB, in L1): most
    /// lookups are misses (every article's print at open), and a miss
    /// answered here costs no trip to the slots.
    private var filter = [UInt64](repeating: 0, count: 1 << 10)

    init<S: Collection>(_ names: S) where S.Element == UInt64 {
        var bits: UInt64 = 4
        while (1 << bits) < names.count * 2 { bits += 1 }
        slots = Array(repeating: 0, count: 1 << bits)
        shift = 64 - bits
        for name in names where name != 0 {
            var slot = home(name)
            while slots[slot] != 0 && slots[slot] != name { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = name
            let bit = filterBit(name)
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
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
