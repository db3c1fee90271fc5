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

    /// What a reindex did.
    public struct Report: Sendable, Equatable {
        /// Articles written to the new index.
        public var articles = 0
        /// Extra copies of an article id that were left out (see `run`).
        public var duplicates = 0
    }

    /// Rebuilds the index from its stored articles, each id once.
    ///
    /// An id held by two live documents is a damaged index (`tracuu check`
    /// says so): a writer whose two merges could take the same segments
    /// (before `IndexWriter.reserveMerge`) listed their articles twice.
    /// The first document of the id is kept; the copies, the same stored
    /// article, are counted and left out, so reindexing is the repair.
    ///
    /// The ids met are kept as 64-bit hashes, as an indexing run keeps
    /// its sources (`IndexRun.decide`): a set of the strings would grow
    /// with the archive past the memory budget. A hash met again is
    /// confirmed by the index itself, which lists the id's documents:
    /// only one that is not the id's first is a copy.
    public func run() throws -> Report {
        let reader = try IndexLocation.openReader(indexPath, checkAnalyzer: false)
        let writer = try IndexWriter.articles(directory: reader.directory, mode: .rebuild)
        defer { writer.close() }
        let pairs = ArticleSchema.hasPairs(reader.commit.userData)
        let builder = DocumentBuilder(analyzer: Analyzer(), pairs: pairs)
        // Groups are found again, in the order the articles were indexed.
        let republications = RepublicationRegistry()
        var report = Report()
        var seen = Set<UInt64>()
        for (segmentIndex, segment) in reader.segments.enumerated() {
            for local in 0..<segment.docCount where !segment.isDeleted(local) {
                let doc = reader.docBases[segmentIndex] + local
                let article = try StoredArticles.article(doc: doc, in: reader)
                if !seen.insert(FNV1a.hash64(article.id.utf8)).inserted,
                    try reader.documents(withTerm: ArticleSchema.key(ArticleSchema.Field.id, article.id)).first != doc
                {
                    report.duplicates += 1
                    continue
                }
                let analyzed = builder.analyze(article)
                try writer.add(builder.document(analyzed, group: republications.assign(analyzed.fingerprint)))
                report.articles += 1
                // Flush, never commit, before the end: a commit here would
                // publish a half-built index in place of the old one.
                if writer.bufferedBytes >= memoryBudget { try writer.flush() }
            }
        }
        try writer.commit(userData: Indexer.provenance(pairs: pairs))
        return report
    }
}
