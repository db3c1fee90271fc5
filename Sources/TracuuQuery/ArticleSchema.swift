import TracuuAnalysis
import TracuuCore
import TracuuStore

/// How articles are laid out in the index: the fields, columns and stored
/// fields of FORMAT.md's tables, shared by the engine (which writes them)
/// and the query layer (which reads them).
public enum ArticleSchema {
    public enum Field {
        /// Title then body: the default search field.
        public static let text: UInt8 = 0x01
        /// The title alone, for `title:` queries.
        public static let title: UInt8 = 0x02
        /// The source, one whole term: finds an article to update or prune it.
        public static let source: UInt8 = 0x03
        /// The article id, one whole term: `tracuu show ID`.
        public static let id: UInt8 = 0x04
        /// Syllable pairs: the fold keys of adjacent words ("hoi nhap"), with
        /// counts, no positions: the index terms of compound words.
        public static let pairs: UInt8 = 0x05
        /// The alias list's multi-word names each article holds in its
        /// text field, one term per name (its words, space-separated), no
        /// positions; and in every article, the marker of the list they
        /// were found with (`NameFinder`), and whether its text is written
        /// with marks (`markedTextKey`, `unmarkedTextKey`).
        public static let names: UInt8 = 0x06
    }

    public enum Column {
        public static let textLength = "TLEN"
        public static let titleLength = "HLEN"
        public static let date = "DATE"
        public static let dateSource = "DSRC"
        public static let contentHash = "HASH"
        /// Exact fingerprint of the body's words (`TextFingerprint.exact`); 0: none.
        public static let exactPrint = "EXAC"
        /// The body's MinHash band keys, two 32-bit keys to a column; 0: none.
        public static let bands = ["BND0", "BND1", "BND2", "BND3"]
        /// The republication group an article joined when it was indexed
        /// (its founder's `EXAC`); 0 when it joined none.
        public static let republicationGroup = "DUPG"
        /// `DATE` value of an article without a date.
        public static let noDate = Int64(Int32.min)
    }

    public enum Stored {
        public static let id: UInt8 = 1
        public static let source: UInt8 = 2
        public static let title: UInt8 = 3
        public static let body: UInt8 = 4
    }

    public static let schema = IndexSchema(
        fields: [
            .init(id: Field.text, name: "text", hasPositions: true, folded: true, lengthColumn: Column.textLength),
            .init(id: Field.title, name: "title", hasPositions: true, folded: true, lengthColumn: Column.titleLength),
            .init(id: Field.source, name: "source", hasPositions: false, folded: false, lengthColumn: nil),
            .init(id: Field.id, name: "id", hasPositions: false, folded: false, lengthColumn: nil),
            .init(id: Field.pairs, name: "pairs", hasPositions: false, folded: false, lengthColumn: Column.textLength),
            .init(id: Field.names, name: "names", hasPositions: false, folded: false, lengthColumn: nil),
        ],
        columns: [
            .init(tag: Column.textLength, width: 4), .init(tag: Column.titleLength, width: 2),
            .init(tag: Column.date, width: 4), .init(tag: Column.dateSource, width: 1),
            .init(tag: Column.contentHash, width: 8), .init(tag: Column.exactPrint, width: 8),
            .init(tag: Column.bands[0], width: 8), .init(tag: Column.bands[1], width: 8),
            .init(tag: Column.bands[2], width: 8), .init(tag: Column.bands[3], width: 8),
            .init(tag: Column.republicationGroup, width: 8),
        ],
        storedApart: [Stored.body])

    /// The fold-map key function the writer needs: fold keys of index terms.
    public static let fold: @Sendable ([UInt8]) -> [UInt8] = { TermForms.foldKey(bytes: $0) }

    /// The publication date of `local` in `segment`, from its `DATE` and
    /// `DSRC` columns (nil: undated).
    public static func publicationDate(in segment: SegmentReader, local: Int) -> PublicationDate? {
        guard let column = segment.columns.column(Column.date) else { return nil }
        let value = segment.columns.value(column, local)
        guard value != Column.noDate else { return nil }
        let encoded = segment.columns.column(Column.dateSource).map { segment.columns.value($0, local) } ?? -1
        let (source, confidence) = decodeDateSource(encoded) ?? (.record, .medium)
        return PublicationDate(day: Day(number: Int32(value)), source: source, confidence: confidence)
    }

    /// `DSRC` value: source index ×4 + confidence index; −1 for none.
    public static func encodeDateSource(_ date: PublicationDate?) -> Int64 {
        guard let date else { return -1 }
        let source = PublicationDate.Source.allCases.firstIndex(of: date.source)!
        let confidence = PublicationDate.Confidence.allCases.firstIndex(of: date.confidence)!
        return Int64(source * 4 + confidence)
    }

    public static func decodeDateSource(_ value: Int64) -> (PublicationDate.Source, PublicationDate.Confidence)? {
        guard value >= 0 else { return nil }
        let sources = PublicationDate.Source.allCases
        let confidences = PublicationDate.Confidence.allCases
        let source = Int(value) / 4
        let confidence = Int(value) % 4
        guard source < sources.count, confidence < confidences.count else { return nil }
        return (sources[source], confidences[confidence])
    }

    /// The commit's `userData` key recording that the index holds syllable
    /// pairs (`tracuu index --pairs`): a setting of the whole index, fixed
    /// until it is rebuilt, since a pair's idf counts every segment.
    public static let pairsSetting = "pairs"

    public static func hasPairs(_ userData: [String: String]) -> Bool { userData[pairsSetting] == "1" }

    /// The stored term of the syllable pair "a b" (fold keys of the two words).
    public static func pairKey(_ a: String, _ b: String) -> [UInt8] {
        [Field.pairs] + Array(TermForms.foldKey(a).utf8) + [0x20] + Array(TermForms.foldKey(b).utf8)
    }

    /// The stored term for a field: its byte, then the term's bytes.
    public static func key(_ field: UInt8, _ term: String) -> [UInt8] { [field] + Array(term.utf8) }

    /// The names-field key of an alias name of several words (`NameFinder`).
    package static func nameKey(_ words: [String]) -> [UInt8] { [Field.names] + NameFinder.key(words) }

    /// The names-field key of the marker of articles indexed with the alias
    /// list of `fingerprint` (`NameFinder.marker`).
    package static func nameMarkerKey(fingerprint: UInt64) -> [UInt8] {
        [Field.names] + NameFinder.marker(fingerprint: fingerprint)
    }

    /// The names-field terms that say whether an article's text is written
    /// with Vietnamese marks or without (`TextMarks`): every article
    /// indexed since 2026-12-05 has one of the two.
    package static let markedTextKey: [UInt8] = [Field.names] + Array("#text marked".utf8)
    package static let unmarkedTextKey: [UInt8] = [Field.names] + Array("#text unmarked".utf8)

    /// The entry of the documents of `segment` written without marks, when
    /// every document says how its text is written: `.some(nil)` when none
    /// is written without marks, nil when some documents do not say (a
    /// segment indexed before the flag, or merged from one), where the
    /// unmarked forms of a word count in every document.
    package static func unmarkedText(_ segment: SegmentReader) throws(StoreError) -> TermInfo?? {
        let unmarked = try segment.dictionary.lookup(unmarkedTextKey)
        let marked = try segment.dictionary.lookup(markedTextKey)
        guard (unmarked?.docFreq ?? 0) + (marked?.docFreq ?? 0) == segment.docCount else { return nil }
        return .some(unmarked)
    }

    /// Whether every document of `segment` carries the marker of the alias
    /// list of `fingerprint`, so its names field lists that list's names
    /// (a segment merged from sources indexed with other lists does not).
    package static func listsAliasNames(_ segment: SegmentReader, fingerprint: UInt64) throws(StoreError) -> Bool {
        try segment.dictionary.lookup(nameMarkerKey(fingerprint: fingerprint))?.docFreq == segment.docCount
    }
}
