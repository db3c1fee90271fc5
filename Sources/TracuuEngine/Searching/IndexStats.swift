import TracuuAnalysis
import TracuuCore
import TracuuQuery
import TracuuStore

/// The figures `tracuu stats` prints.
public struct IndexStats: Sendable {
    public var documents: Int
    /// Distinct terms of the `text` field across all segments (0 when not
    /// counted).
    public var terms: Int
    public var segments: Int
    /// Bytes of the committed files on disk.
    public var bytes: UInt64
    public var dateMin: Day?
    public var dateMax: Day?
    /// Live articles with a publication date.
    public var dated: Int
    public var generation: UInt64
    public var provenance: [String: String]
    /// Segments whose every article lists the shipped alias list's names
    /// of several words (`NameFinder`): searches for those names read their
    /// lists there, and check positions in the others (segments indexed
    /// before the names were listed, or with another list; `tracuu
    /// reindex` lists them).
    package var aliasNamesSegments: Int
    /// Segments whose every article says whether it is written without
    /// marks (`TextMarks`): elsewhere a marked word's unmarked forms count
    /// in every article (`tracuu reindex` flags them).
    package var textMarksSegments: Int

    /// `countingTerms`: whether to count distinct terms, a merge of every
    /// segment's dictionary (the bulk of the time on a large index, which
    /// `tracuu index`'s summary does without).
    public init(reader: IndexReader, countingTerms: Bool = true) throws(StoreError) {
        documents = reader.liveDocCount
        segments = reader.segments.count
        bytes = reader.byteSize
        generation = reader.commit.generation
        provenance = reader.commit.userData
        var low: Int64 = .max
        var high: Int64 = .min
        var dated = 0
        for segment in reader.segments {
            guard let column = segment.columns.column(ArticleSchema.Column.date) else { continue }
            for doc in 0..<segment.docCount where !segment.isDeleted(doc) {
                let value = segment.columns.value(column, doc)
                guard value != ArticleSchema.Column.noDate else { continue }
                dated += 1
                low = min(low, value)
                high = max(high, value)
            }
        }
        self.dated = dated
        dateMin = low == .max ? nil : Day(number: Int32(low))
        dateMax = high == .min ? nil : Day(number: Int32(high))
        terms = countingTerms ? try IndexStats.countTerms(reader, field: ArticleSchema.Field.text) : 0
        var listing = 0
        for segment in reader.segments
        where try ArticleSchema.listsAliasNames(segment, fingerprint: AliasList.standard.fingerprint) {
            listing += 1
        }
        aliasNamesSegments = listing
        var flagged = 0
        for segment in reader.segments where try ArticleSchema.unmarkedText(segment) != nil { flagged += 1 }
        textMarksSegments = flagged
    }

    /// Distinct terms of a field, by a k-way merge of the segments' sorted
    /// dictionaries (memory stays at one term per segment).
    static func countTerms(_ reader: IndexReader, field: UInt8) throws(StoreError) -> Int {
        var iterators: [TermIterator] = []
        var heads: [[UInt8]?] = []
        for segment in reader.segments {
            var iterator = try segment.dictionary.terms(from: [field])
            let first = try iterator.next()
            heads.append(first.flatMap { $0.term.first == field ? $0.term : nil })
            iterators.append(iterator)
        }
        var count = 0
        while true {
            var smallest: [UInt8]?
            for head in heads {
                if let head, smallest == nil || head.lexicographicallyPrecedes(smallest!) { smallest = head }
            }
            guard let current = smallest else { return count }
            count += 1
            for index in heads.indices where heads[index] == current {
                let next = try iterators[index].next()
                heads[index] = next.flatMap { $0.term.first == field ? $0.term : nil }
            }
        }
    }
}

extension IndexStats {
    /// The JSON of `tracuu stats --format json` and `GET /api/stats`.
    public func json(index path: String) -> JSON {
        .object([
            ("documents", .int(documents)),
            ("terms", .int(terms)),
            ("segments", .int(segments)),
            ("bytes", .int(Int(bytes))),
            ("date_min", .optional(dateMin?.iso)),
            ("date_max", .optional(dateMax?.iso)),
            ("dated", .int(dated)),
            ("generation", .int(Int(generation))),
            ("alias_names_segments", .int(aliasNamesSegments)),
            ("text_marks_segments", .int(textMarksSegments)),
            ("index", .string(path)),
            ("provenance", .object(provenance.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ])
    }
}
