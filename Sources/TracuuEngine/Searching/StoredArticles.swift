import TracuuCore
import TracuuQuery
import TracuuStore

/// Articles read back from the index's stored fields (no original file needed).
public enum StoredArticles {
    /// The live article with this id.
    public static func article(id: String, in reader: IndexReader) throws -> Article {
        let docs = try reader.documents(withTerm: ArticleSchema.key(ArticleSchema.Field.id, id))
        guard let doc = docs.last else { throw EngineError(.notFound, "no article with id \(id) in the index") }
        return try article(doc: doc, in: reader)
    }

    /// The article stored as global document `doc`.
    public static func article(doc: Int, in reader: IndexReader) throws -> Article {
        let (segmentIndex, local) = reader.locate(doc)
        let segment = reader.segments[segmentIndex]
        let stored = try segment.stored.document(local)
        func text(_ id: UInt8) -> String? { stored[id].map { String(decoding: $0, as: UTF8.self) } }
        let date = ArticleSchema.publicationDate(in: segment, local: local)
        return Article(
            id: text(ArticleSchema.Stored.id) ?? String(doc), source: text(ArticleSchema.Stored.source) ?? "",
            title: text(ArticleSchema.Stored.title), date: date, bodyUTF8: stored[ArticleSchema.Stored.body] ?? [])
    }
}
