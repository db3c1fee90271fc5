import FoundationEssentials
import TracuuQuery
import TracuuStore

/// `tracuu check`: the store's own verification (every checksum, every
/// posting, every stored block; see `IndexChecker`) and then what only the
/// engine knows an article index must hold: every live article has an id
/// and a source, ids are unique, looking an article up by its id or
/// source finds it, and the republication groups the commit carries are
/// those its articles' columns make.
public struct IndexVerification {
    public struct Report: Sendable {
        public var store: IndexChecker.Report
        public var generation: UInt64
        public var articles: Int
        public var seconds: Double
    }

    public let indexPath: String

    public init(indexPath: String) { self.indexPath = indexPath }

    /// Throws the first problem found, naming the damaged file or article.
    public func run() throws -> Report {
        let started = Date()
        let reader = try IndexLocation.openReader(indexPath, checkAnalyzer: false)
        let store = try IndexChecker().check(reader)
        var ids: [String: Int] = [:]
        var articles = 0
        for (segmentIndex, segment) in reader.segments.enumerated() {
            let storedFile = segment.info.fileName(.stored)
            for local in 0..<segment.docCount where !segment.isDeleted(local) {
                let doc = reader.docBases[segmentIndex] + local
                let stored = try segment.stored.document(local, includingApart: false)
                guard let idBytes = stored[ArticleSchema.Stored.id], !idBytes.isEmpty,
                    let sourceBytes = stored[ArticleSchema.Stored.source], !sourceBytes.isEmpty
                else {
                    throw StoreError.corrupt(storedFile, "document \(local) has no stored id or source")
                }
                let id = String(decoding: idBytes, as: UTF8.self)
                if let other = ids.updateValue(doc, forKey: id) {
                    throw EngineError(
                        .damaged,
                        "article \(id) is in the index twice (documents \(other) and \(doc)); tracuu reindex keeps one copy")
                }
                for (field, bytes) in [(ArticleSchema.Field.id, idBytes), (ArticleSchema.Field.source, sourceBytes)] {
                    guard try reader.documents(withTerm: [field] + bytes).contains(doc) else {
                        throw StoreError.corrupt(
                            segment.info.fileName(.dictionary),
                            "article \(id) is not found by its \(field == ArticleSchema.Field.id ? "id" : "source")")
                    }
                }
                articles += 1
            }
        }
        try verifyRepublications(reader)
        return Report(
            store: store, generation: reader.commit.generation, articles: articles,
            seconds: Date().timeIntervalSince(started))
    }

    /// The stored groups must be well formed and equal to the ones worked
    /// out from the columns: searches hide articles by them.
    private func verifyRepublications(_ reader: IndexReader) throws {
        guard let bytes = reader.commit.attachments[Republications.attachmentName] else { return }
        let computed = Republications.computed(reader: reader)
        guard let stored = Republications(stored: bytes, reader: reader) else {
            throw StoreError.corrupt(reader.commit.fileName, "its republication groups are not well formed")
        }
        guard stored == computed else {
            throw StoreError.corrupt(
                reader.commit.fileName, "its republication groups differ from those of the articles' columns")
        }
    }
}
