import FoundationEssentials
import TracuuAnalysis
import TracuuCore
import TracuuQuery
import TracuuStore

/// Rebuilds an index from the article text it stores, without the original
/// files: what an analyzer upgrade needs (`tracuu reindex`).
///
/// The old commit stays readable until the new one is committed (the writer
/// runs in rebuild mode and never touches old files before its commit), so
/// an interrupted reindex leaves the old index as it was.
public struct Reindexer {
    public let indexPath: String
    public let memoryBudget: Int

    public init(indexPath: String, memoryBudget: Int = 256 << 20) {
        self.indexPath = indexPath
        self.memoryBudget = memoryBudget
    }

    /// Returns the number of articles reindexed.
    public func run() throws -> Int {
        let reader = try IndexLocation.openReader(indexPath, checkAnalyzer: false)
        let writer = try IndexWriter.articles(directory: reader.directory, mode: .rebuild)
        defer { writer.close() }
        let pairs = ArticleSchema.hasPairs(reader.commit.userData)
        let builder = DocumentBuilder(analyzer: Analyzer(), pairs: pairs)
        // Groups are found again, in the order the articles were indexed.
        let republications = RepublicationRegistry()
        var count = 0
        for (segmentIndex, segment) in reader.segments.enumerated() {
            for local in 0..<segment.docCount where !segment.isDeleted(local) {
                let article = try StoredArticles.article(doc: reader.docBases[segmentIndex] + local, in: reader)
                let analyzed = builder.analyze(article)
                try writer.add(builder.document(analyzed, group: republications.assign(analyzed.fingerprint)))
                count += 1
                // Flush, never commit, before the end: a commit here would
                // publish a half-built index in place of the old one.
                if writer.bufferedBytes >= memoryBudget { try writer.flush() }
            }
        }
        try writer.commit(userData: Indexer.provenance(pairs: pairs))
        return count
    }
}
