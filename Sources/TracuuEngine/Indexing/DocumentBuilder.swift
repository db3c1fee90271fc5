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

    func document(_ article: Article) -> DocumentInput {
        // The text field is the title then the body, in one pass (the body
        // starts two positions after the title so no phrase spans both).
        let text = analyzer.analyze(parts: article.title.map { [$0, article.body] } ?? [article.body], withPairs: true)
        let title = article.title.map { analyzer.analyze($0) } ?? Analyzer.FieldTerms()
        let textField = FieldInput(
            field: ArticleSchema.Field.text, termBytes: text.termBytes, termStarts: text.termStarts,
            positions: text.positions, positionStarts: text.positionStarts)
        let titleField = FieldInput(
            field: ArticleSchema.Field.title, termBytes: title.termBytes, termStarts: title.termStarts,
            positions: title.positions, positionStarts: title.termCount == 0 ? [] : title.positionStarts)
        let sourceField = FieldInput(field: ArticleSchema.Field.source, terms: [Array(article.source.utf8)])
        let idField = FieldInput(field: ArticleSchema.Field.id, terms: [Array(article.id.utf8)])
        let pairsField = FieldInput(
            field: ArticleSchema.Field.pairs, termBytes: text.pairBytes, termStarts: text.pairStarts,
            frequencies: text.pairCounts)
        let columns: [Int64] = [
            Int64(text.length),
            Int64(min(title.length, Int(Int16.max))),
            article.date.map { Int64($0.day.number) } ?? ArticleSchema.Column.noDate,
            ArticleSchema.encodeDateSource(article.date),
            Int64(bitPattern: DocumentBuilder.contentHash(article)),
        ]
        var stored: [(id: UInt8, bytes: [UInt8])] = [
            (ArticleSchema.Stored.id, Array(article.id.utf8)),
            (ArticleSchema.Stored.source, Array(article.source.utf8)),
            (ArticleSchema.Stored.body, Array(article.body.utf8)),
        ]
        if let title = article.title { stored.append((ArticleSchema.Stored.title, Array(title.utf8))) }
        return DocumentInput(
            fields: [textField, titleField, sourceField, idField, pairsField], columns: columns, stored: stored)
    }

    /// The fingerprint that tells a changed article from an unchanged one:
    /// everything stored and searched, so any edit triggers a reindex.
    static func contentHash(_ article: Article) -> UInt64 {
        var hash = FNV1a.hash64((article.title ?? "").utf8)
        hash = FNV1a.hash64([0], seed: hash)
        hash = FNV1a.hash64(article.body.utf8, seed: hash)
        hash = FNV1a.hash64([0], seed: hash)
        hash = FNV1a.hash64((article.date?.day.iso ?? "").utf8, seed: hash)
        hash = FNV1a.hash64(article.id.utf8, seed: hash)
        return hash
    }
}
