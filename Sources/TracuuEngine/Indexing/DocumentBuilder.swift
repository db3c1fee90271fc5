import TracuuAnalysis
import TracuuCore
import TracuuQuery
import TracuuStore

/// Turns an article into what the store indexes: the analyzed `text` field
/// (title, then body), the `title` field, the `source` key, the columns
/// and the stored fields of `ArticleSchema`.
///
/// Runs on the pipeline's worker threads, each with its own `Analyzer`.
struct DocumentBuilder {
    let analyzer: Analyzer
    /// Whether the text's syllable pairs are indexed (`tracuu index --pairs`).
    var pairs = false
    /// Bytes, or ids into the analyzer's vocabulary for a builder that has
    /// the analyzer as its `TermResolver` (indexing threads).
    var output: Analyzer.Output = .bytes

    /// The alias names the articles are searched for (`NameFinder`): the
    /// list a search reads, so the names field serves its aliases.
    let names: NameFinder
    /// Whether each document says if its text is written without marks
    /// (`TextMarks`; off only in tests, for segments like older ones).
    let textMarks: Bool

    init(
        analyzer: Analyzer, pairs: Bool = false, output: Analyzer.Output = .bytes, names: NameFinder = .standard,
        textMarks: Bool = true
    ) {
        self.analyzer = analyzer
        self.pairs = pairs
        self.output = output
        self.names = names
        self.textMarks = textMarks
        if analyzer.names !== names { analyzer.names = names }
    }

    /// An article analyzed, before it becomes a document: its republication
    /// fingerprint must be known to find its group (`RepublicationRegistry`),
    /// and the group is one of the document's columns.
    struct Analyzed {
        let article: Article
        let text: Analyzer.FieldTerms
        let title: Analyzer.FieldTerms
        let fingerprint: TextFingerprint
        /// `contentHash(article)`, worked out once (the run compares it first).
        let contentHash: UInt64
    }

    /// Analyzes `article`'s fields, its fingerprint from the same pass.
    /// `contentHash` is `contentHash(article)` when the caller has it.
    func analyze(_ article: Article, contentHash: UInt64? = nil) -> Analyzed {
        // The text field is the title then the body, in one pass (the body
        // starts two positions after the title so no phrase spans both).
        let text = analyzer.analyze(
            utf8Parts: article.title.map { [Array($0.utf8), article.bodyUTF8] } ?? [article.bodyUTF8], withPairs: pairs,
            output: output, wordHashes: true, findNames: true, countMarks: textMarks)
        let title = article.title.map { analyzer.analyze(parts: [$0], output: output) } ?? Analyzer.FieldTerms()
        return Analyzed(
            article: article, text: text, title: title, fingerprint: TextFingerprint(words: text.wordHashes),
            contentHash: contentHash ?? DocumentBuilder.contentHash(article))
    }

    /// The document for an analyzed article that joined republication
    /// group `group` (0: none).
    func document(_ analyzed: Analyzed, group: UInt64) -> DocumentInput {
        let article = analyzed.article
        let text = analyzed.text
        let title = analyzed.title
        let print = analyzed.fingerprint
        let hasTitle = title.length > 0
        let textField: FieldInput
        let titleField: FieldInput
        let pairsField: FieldInput
        switch output {
        case .bytes:
            textField = FieldInput(
                field: ArticleSchema.Field.text, termBytes: text.termBytes, termStarts: text.termStarts,
                positions: text.positions, positionStarts: text.positionStarts)
            titleField = FieldInput(
                field: ArticleSchema.Field.title, termBytes: title.termBytes, termStarts: hasTitle ? title.termStarts : [],
                positions: title.positions, positionStarts: hasTitle ? title.positionStarts : [])
            pairsField = FieldInput(
                field: ArticleSchema.Field.pairs, termBytes: text.pairBytes, termStarts: text.pairStarts,
                frequencies: text.pairCounts)
        case .ids:
            textField = FieldInput(
                field: ArticleSchema.Field.text, termIDs: text.termIDs, positions: text.positions,
                positionStarts: text.positionStarts, denseIDs: true)
            titleField = FieldInput(
                field: ArticleSchema.Field.title, termIDs: hasTitle ? title.termIDs : [], positions: title.positions,
                positionStarts: hasTitle ? title.positionStarts : [], denseIDs: true)
            pairsField = FieldInput(field: ArticleSchema.Field.pairs, termIDs: text.pairIDs, frequencies: text.pairCounts)
        }
        let sourceField = FieldInput(field: ArticleSchema.Field.source, terms: [Array(article.source.utf8)])
        let idField = FieldInput(field: ArticleSchema.Field.id, terms: [Array(article.id.utf8)])
        let marks = text.isWrittenWithoutMarks ? ArticleSchema.unmarkedTextKey : ArticleSchema.markedTextKey
        // Each name with the times the text holds it; the markers once.
        let markers = [names.marker] + (textMarks ? [Array(marks.dropFirst())] : [])
        let namesField = FieldInput(
            field: ArticleSchema.Field.names, terms: markers + text.names.map { names.keys[$0.name] },
            frequencies: [Int32](repeating: 1, count: markers.count) + text.names.map(\.count))
        let columns: [Int64] = [
            Int64(text.length),
            Int64(min(title.length, Int(Int16.max))),
            article.date.map { Int64($0.day.number) } ?? ArticleSchema.Column.noDate,
            ArticleSchema.encodeDateSource(article.date),
            Int64(bitPattern: analyzed.contentHash),
            Int64(bitPattern: print.exact),
        ] + print.bands.map { Int64(bitPattern: $0) } + [
            Int64(bitPattern: group),
        ]
        var stored: [(id: UInt8, bytes: [UInt8])] = [
            (ArticleSchema.Stored.id, Array(article.id.utf8)),
            (ArticleSchema.Stored.source, Array(article.source.utf8)),
            (ArticleSchema.Stored.body, article.bodyUTF8),
        ]
        if let title = article.title { stored.append((ArticleSchema.Stored.title, Array(title.utf8))) }
        return DocumentInput(
            fields: [textField, titleField, sourceField, idField, namesField] + (pairs ? [pairsField] : []),
            columns: columns, stored: stored)
    }

    /// The fingerprint that tells a changed article from an unchanged one:
    /// everything stored and searched, so any edit triggers a reindex.
    static func contentHash(_ article: Article) -> UInt64 {
        var hash = StableHash.hash64(article.title ?? "")
        hash = article.bodyUTF8.withUnsafeBytes { StableHash.hash64($0, seed: hash) }
        hash = StableHash.hash64(article.date?.day.iso ?? "", seed: hash)
        return StableHash.hash64(article.id, seed: hash)
    }
}
