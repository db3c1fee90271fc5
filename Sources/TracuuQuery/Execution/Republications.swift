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
/// (the original, as far as the dates tell), undated ones last, ties to the
/// first indexed; search skips the others as it skips deleted articles, so
/// totals count stories, not copies.
public struct Republications: Sendable {
    /// Per segment, the documents hidden behind another member (nil: none).
    private var hidden: [[Bool]?]
    /// Global doc of a shown article → where its copies lie in `members`.
    private var copyRanges: [Int: Range<Int>] = [:]
    /// Every group's members after its shown article, group by group,
    /// oldest first.
    private var members: [Int] = []

    /// Reads every segment's group columns in two passes. Every search
    /// process pays this before its first result, so it works on flat
    /// arrays and one sort: kept in a dictionary of arrays per group it
    /// cost 5 ms on VNTC (4,192 groups), a tenth of a whole search.
    public init(reader: IndexReader) {
        hidden = reader.segments.map { _ in nil }
        /// (group name, publication day or .max when undated, global doc).
        var found: [(name: UInt64, date: Int64, doc: Int)] = []
        var dates: [ColumnsReader.View?] = []
        for segment in reader.segments {
            dates.append(segment.columns.column(ArticleSchema.Column.date).map(segment.columns.view))
        }
        func date(_ segment: Int, _ local: Int) -> Int64 {
            guard let value = dates[segment]?[local], value != ArticleSchema.Column.noDate else { return .max }
            return value
        }
        // Articles that joined a group name it in DUPG.
        for (index, segment) in reader.segments.enumerated() {
            guard let column = segment.columns.column(ArticleSchema.Column.republicationGroup) else { continue }
            let group = segment.columns.view(column)
            for doc in 0..<segment.docCount {
                let name = UInt64(bitPattern: group[doc])
                if name != 0, !segment.isDeleted(doc) { found.append((name, date(index, doc), reader.docBases[index] + doc)) }
            }
        }
        guard !found.isEmpty else { return }
        // Founders carry the name as their own EXAC, with DUPG 0. Every
        // article's print is looked up, against a few thousand names at
        // most: a plain probe table, a few nanoseconds each.
        let names = NameSet(found.map(\.name))
        for (index, segment) in reader.segments.enumerated() {
            guard let exactColumn = segment.columns.column(ArticleSchema.Column.exactPrint),
                let groupColumn = segment.columns.column(ArticleSchema.Column.republicationGroup)
            else { continue }
            let exact = segment.columns.view(exactColumn)
            let group = segment.columns.view(groupColumn)
            for doc in 0..<segment.docCount {
                let print = UInt64(bitPattern: exact[doc])
                guard names.contains(print), group[doc] == 0, !segment.isDeleted(doc) else { continue }
                found.append((print, date(index, doc), reader.docBases[index] + doc))
            }
        }
        // A group is a run of one name; its first member (earliest, then
        // first indexed) is shown.
        found.sort { a, b in
            if a.name != b.name { return a.name < b.name }
            return a.date != b.date ? a.date < b.date : a.doc < b.doc
        }
        copyRanges.reserveCapacity(found.count / 2)
        members.reserveCapacity(found.count)
        var hiddenLocals: [[Int]] = reader.segments.map { _ in [] }
        var start = 0
        while start < found.count {
            var end = start + 1
            while end < found.count, found[end].name == found[start].name { end += 1 }
            if end - start > 1 {
                copyRanges[found[start].doc] = members.count..<members.count + (end - start - 1)
                for member in found[(start + 1)..<end] {
                    members.append(member.doc)
                    let (index, local) = reader.locate(member.doc)
                    hiddenLocals[index].append(local)
                }
            }
            start = end
        }
        for (index, locals) in hiddenLocals.enumerated() where !locals.isEmpty {
            var flags = [Bool](repeating: false, count: reader.segments[index].docCount)
            for local in locals { flags[local] = true }
            hidden[index] = flags
        }
    }

    /// Whether `local` of segment `segment` is a copy shown under another article.
    @inline(__always)
    public func isHidden(segment: Int, local: Int) -> Bool {
        hidden[segment]?[local] ?? false
    }

    /// Segment `segment`'s flags of hidden documents (nil: none hidden).
    public func hiddenFlags(segment: Int) -> [Bool]? { hidden[segment] }

    /// The other members of a shown article's group (global docs, oldest first).
    public func copies(of doc: Int) -> [Int] { copyRanges[doc].map { Array(members[$0]) } ?? [] }
}

/// A set of nonzero 64-bit names with linear probing, at most half full.
/// The names are hashes already, so their bits are spread; a multiply
/// mixes them once more in case they are not.
private struct NameSet {
    private var slots: [UInt64]
    private let shift: UInt64

    init<S: Collection>(_ names: S) where S.Element == UInt64 {
        var bits: UInt64 = 4
        while (1 << bits) < names.count * 2 { bits += 1 }
        slots = Array(repeating: 0, count: 1 << bits)
        shift = 64 - bits
        for name in names where name != 0 {
            var slot = slotOf(name)
            while slots[slot] != 0 && slots[slot] != name { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = name
        }
    }

    @inline(__always)
    private func slotOf(_ name: UInt64) -> Int { Int(truncatingIfNeeded: (name &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    @inline(__always)
    func contains(_ name: UInt64) -> Bool {
        guard name != 0 else { return false }
        var slot = slotOf(name)
        while true {
            let found = slots[slot]
            if found == name { return true }
            if found == 0 { return false }
            slot = (slot + 1) & (slots.count - 1)
        }
    }
}
