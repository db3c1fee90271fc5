import FoundationEssentials
import TracuuAnalysis
import TracuuCore
import TracuuIngest
import TracuuQuery
import TracuuStore
import TracuuText

/// Runs `tracuu index`: reads inputs, and on every core extracts, analyzes
/// and inverts articles into segments, committing as it goes.
///
/// The pipeline, as in Lucene and tantivy: the calling thread walks the
/// inputs (cheap) and queues them in batches; each worker thread takes
/// batches and does everything else for its articles — extraction, analysis,
/// inversion into its *own* segment builder — so no stage waits on a single
/// writer. A worker's analyzer interns every word, and its builder keys
/// terms by those numbers (bytes are resolved once, at flush). When a
/// worker's builder reaches its share of the memory budget, or the commit
/// interval has passed, it writes every worker's builder as one segment
/// (`WorkerBuilders.flush`; the others go on) and the index is committed:
/// a kill loses at most the uncommitted stretch, and a rerun resumes (the
/// committed articles are found unchanged).
///
/// Incremental: an article whose source is indexed with the same content
/// hash is left alone; with other content it is replaced (delete + add); a
/// source seen twice in one run is indexed once.
public final class Indexer {
    public enum Event: Sendable {
        /// An input could not become an article.
        case skipped(IngestError)
        /// Periodic progress.
        case progress(IndexReport)
        /// A commit was written.
        case committed(generation: UInt64, documents: Int)
    }

    private let options: IndexOptions
    private let onEvent: @Sendable (Event) -> Void
    static let batchSize = 64

    public init(options: IndexOptions, onEvent: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.options = options
        self.onEvent = onEvent
    }

    /// The provenance and settings an index records; an index with another
    /// analyzer needs a rebuild.
    public static func provenance(pairs: Bool) -> [String: String] {
        var data = [
            "analyzer": Analyzer.version, "icu": TextLibraries.icuVersion, "unicode": TextLibraries.unicodeVersion,
            "tracuu": TracuuVersion.current,
        ]
        if pairs { data[ArticleSchema.pairsSetting] = "1" }
        return data
    }

    /// Whether this run indexes syllable pairs: the index's own setting when
    /// adding to it, the option's when starting afresh.
    static func pairsSetting(options: IndexOptions, lastCommit: Commit?) throws -> Bool {
        guard !options.rebuild, let lastCommit else { return options.pairs ?? false }
        let existing = ArticleSchema.hasPairs(lastCommit.userData)
        if let wanted = options.pairs, wanted != existing {
            throw EngineError(
                .settingMismatch,
                "the index at \(options.indexPath) was built \(existing ? "with" : "without") syllable pairs; add --rebuild to rebuild it \(wanted ? "with" : "without") them")
        }
        return existing
    }

    public func run() throws -> IndexReport {
        let started = Date()
        let directory = try IndexDirectory(path: options.indexPath, create: true)
        let writer = try IndexWriter.articles(directory: directory, mode: options.rebuild ? .rebuild : .append)
        defer { writer.close() }
        if !options.rebuild, let commit = writer.lastCommit, let analyzer = commit.userData["analyzer"],
            analyzer != Analyzer.version
        {
            throw EngineError(
                .analyzerMismatch,
                "the index at \(options.indexPath) was analyzed with \(analyzer); this tracuu analyzes with \(Analyzer.version). Rebuild it from its stored text first: tracuu reindex --index \(options.indexPath)")
        }
        let pairs = try Indexer.pairsSetting(options: options, lastCommit: writer.lastCommit)
        let run = IndexRun(options: options, pairs: pairs, writer: writer, started: started, onEvent: onEvent)
        let queue = BatchQueue(capacity: max(2, options.workers * 2))
        let workers = max(1, options.workers)
        for _ in 0..<workers {
            Threads.detach(stackSize: 8 << 20) { run.work(queue) }
        }
        // Walk the inputs here while the workers index.
        let walker = InputWalker(arguments: options.inputs)
        var batch: [RawInput] = []
        var lastProgress = Date()
        while !run.stopped {
            do {
                guard let input = try walker.next() else { break }
                batch.append(input)
                if batch.count == Indexer.batchSize {
                    queue.push(batch)
                    batch = []
                }
            } catch {
                run.skip(error)
            }
            if Date().timeIntervalSince(lastProgress) >= 1 {
                lastProgress = Date()
                onEvent(.progress(run.snapshotReport()))
            }
        }
        if !batch.isEmpty { queue.push(batch) }
        queue.close()
        run.waitForWorkers(count: workers)
        try run.rethrowFailure()

        var report = run.snapshotReport()
        report.ignoredReasons = walker.skipped
        if options.prune, let snapshot = writer.currentSnapshot {
            for segment in snapshot.segments {
                for doc in 0..<segment.docCount where !segment.isDeleted(doc) {
                    let stored = try segment.stored.document(doc, includingApart: false)
                    guard let bytes = stored[ArticleSchema.Stored.source] else { continue }
                    let source = String(decoding: bytes, as: UTF8.self)
                    if Indexer.sourceIsGone(source) {
                        report.pruned += try writer.deleteDocuments(
                            withTerm: ArticleSchema.key(ArticleSchema.Field.source, source))
                    }
                }
            }
        }
        if report.changed || report.pruned > 0 || options.rebuild || writer.lastCommit == nil {
            try run.commit(final: true)
        }
        // Merges the policy wants now that everything is in.
        try run.mergeWhileNeeded(final: true)
        // A run killed after a commit of its own, rerun with nothing to
        // add, leaves that commit the last: it gets the groups now.
        if let last = writer.lastCommit, last.attachments.isEmpty { try run.commit(final: true) }
        let final = run.snapshotReport()
        report.commits = final.commits
        report.merges = final.merges
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// True for a local file source that no longer exists. URLs and records
    /// of JSONL files (`file#id`) are judged by their file.
    static func sourceIsGone(_ source: String) -> Bool {
        if source.contains("://") { return false }
        let path = source.split(separator: "#", maxSplits: 1).first.map(String.init) ?? source
        guard path.hasPrefix("/") else { return false }
        return !FileManager.default.fileExists(atPath: path)
    }
}
