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
    /// Global doc of a shown article → the other members, oldest first.
    private var copies: [Int: [Int]] = [:]

    public init(reader: IndexReader) {
        hidden = reader.segments.map { _ in nil }
        var members: [UInt64: [Int]] = [:]
        for (index, segment) in reader.segments.enumerated() {
            guard let group = segment.columns.column(ArticleSchema.Column.republicationGroup) else { continue }
            for doc in 0..<segment.docCount where !segment.isDeleted(doc) {
                let name = UInt64(bitPattern: segment.columns.value(group, doc))
                if name != 0 { members[name, default: []].append(reader.docBases[index] + doc) }
            }
        }
        guard !members.isEmpty else { return }
        for (index, segment) in reader.segments.enumerated() {
            guard let exact = segment.columns.column(ArticleSchema.Column.exactPrint),
                let group = segment.columns.column(ArticleSchema.Column.republicationGroup)
            else { continue }
            for doc in 0..<segment.docCount where !segment.isDeleted(doc) && segment.columns.value(group, doc) == 0 {
                let print = UInt64(bitPattern: segment.columns.value(exact, doc))
                if print != 0, members[print] != nil { members[print]!.append(reader.docBases[index] + doc) }
            }
        }
        func date(_ doc: Int) -> Int64 {
            let (index, local) = reader.locate(doc)
            let segment = reader.segments[index]
            guard let column = segment.columns.column(ArticleSchema.Column.date) else { return .max }
            let value = segment.columns.value(column, local)
            return value == ArticleSchema.Column.noDate ? .max : value
        }
        for (_, group) in members where group.count > 1 {
            let ordered = group.map { ($0, date($0)) }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0)
            copies[ordered[0]] = Array(ordered.dropFirst())
            for doc in ordered.dropFirst() {
                let (index, local) = reader.locate(doc)
                if hidden[index] == nil { hidden[index] = Array(repeating: false, count: reader.segments[index].docCount) }
                hidden[index]![local] = true
            }
        }
    }

    /// Whether `local` of segment `segment` is a copy shown under another article.
    @inline(__always)
    public func isHidden(segment: Int, local: Int) -> Bool {
        hidden[segment]?[local] ?? false
    }

    /// The other members of a shown article's group (global docs, oldest first).
    public func copies(of doc: Int) -> [Int] { copies[doc] ?? [] }
}
