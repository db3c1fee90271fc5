import Foundation
import TracuuAnalysis
import TracuuCore
import TracuuIngest
import TracuuQuery
import TracuuStore
import TracuuText

/// Runs `tracuu index`: reads inputs, extracts and analyzes articles on
/// every core, and feeds one `IndexWriter`, committing as it goes.
///
/// The pipeline: the calling thread walks the inputs in batches; each batch
/// is extracted and analyzed in parallel (one `Analyzer` per worker) while
/// the calling thread writes the previous batch, so both cores stay busy and
/// at most two batches are in memory. Articles reach the writer in input
/// order, so runs are deterministic.
///
/// Incremental: an article whose source is already indexed with the same
/// content hash is left alone; with other content it is replaced (delete +
/// add); a source seen twice in one run is indexed once. A commit follows
/// every flushed segment, so a killed run keeps everything up to its last
/// commit and a rerun picks up from there.
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
    private let onEvent: (Event) -> Void
    static let batchSize = 128

    public init(options: IndexOptions, onEvent: @escaping (Event) -> Void = { _ in }) {
        self.options = options
        self.onEvent = onEvent
    }

    /// The provenance an index records; an index with other values needs a rebuild.
    public static var provenance: [String: String] {
        [
            "analyzer": Analyzer.version, "icu": TextLibraries.icuVersion, "unicode": TextLibraries.unicodeVersion,
            "tracuu": TracuuVersion.current,
        ]
    }

    public func run() throws -> IndexReport {
        let started = Date()
        let directory = try IndexDirectory(path: options.indexPath, create: true)
        let writer = try IndexWriter(
            directory: directory, schema: ArticleSchema.schema, fold: ArticleSchema.fold,
            mode: options.rebuild ? .rebuild : .append)
        defer { writer.close() }
        if !options.rebuild, let commit = writer.lastCommit, let analyzer = commit.userData["analyzer"],
            analyzer != Analyzer.version
        {
            throw EngineError(
                .analyzerMismatch,
                "the index at \(options.indexPath) was analyzed with \(analyzer); this tracuu analyzes with \(Analyzer.version). Rebuild it from its stored text first: tracuu reindex --index \(options.indexPath)")
        }
        var report = IndexReport()
        var seenSources: Set<String> = []
        var changed = options.rebuild
        let walker = InputWalker(arguments: options.inputs)
        let pool = WorkerPool(count: max(1, options.workers))
        var lastProgress = Date()

        func nextBatch() throws -> [RawInput] {
            var batch: [RawInput] = []
            while batch.count < Indexer.batchSize {
                do {
                    guard let input = try walker.next() else { break }
                    batch.append(input)
                } catch {
                    try skip(error)
                }
            }
            return batch
        }

        func skip(_ error: IngestError) throws {
            report.skipped[error.code.rawValue, default: 0] += 1
            if report.errors.count < 20 { report.errors.append(error.description) }
            onEvent(.skipped(error))
            if options.strict { throw EngineError(.strict, "stopped at the first error (--strict): \(error)") }
        }

        func write(_ prepared: [Prepared]) throws {
            for item in prepared {
                report.read += 1
                switch item {
                case .failure(let error):
                    try skip(error)
                case .success(let article, let document):
                    guard seenSources.insert(article.source).inserted else {
                        report.duplicates += 1
                        continue
                    }
                    let sourceKey = ArticleSchema.key(ArticleSchema.Field.source, article.source)
                    let hash = Int64(bitPattern: DocumentBuilder.contentHash(article))
                    if !options.rebuild, let existing = try existingHashes(writer, sourceKey) {
                        if existing.contains(hash) && existing.count == 1 {
                            report.unchanged += 1
                            continue
                        }
                        try writer.deleteDocuments(withTerm: sourceKey)
                        report.updated += 1
                    } else {
                        report.added += 1
                    }
                    changed = true
                    report.textBytes += article.body.utf8.count + (article.title?.utf8.count ?? 0)
                    try writer.add(document)
                    if writer.bufferedBytes >= options.memoryBudget {
                        try commit()
                    }
                }
                if Date().timeIntervalSince(lastProgress) >= 1 {
                    lastProgress = Date()
                    report.seconds = Date().timeIntervalSince(started)
                    onEvent(.progress(report))
                }
            }
        }

        func commit() throws {
            try writer.commit(userData: Indexer.provenance)
            report.commits += 1
            onEvent(.committed(generation: writer.lastCommit!.generation, documents: writer.snapshot?.liveDocCount ?? 0))
        }

        // Overlap: extract batch k+1 on the workers while writing batch k here.
        var batch = try nextBatch()
        var pending = batch.isEmpty ? nil : pool.prepare(batch)
        while let current = pending {
            batch = try nextBatch()
            pending = batch.isEmpty ? nil : pool.prepare(batch)
            try write(current.wait())
        }
        report.ignored = walker.skipped.values.reduce(0, +)

        if options.prune, let snapshot = writer.snapshot {
            for segment in snapshot.segments {
                for doc in 0..<segment.docCount where !segment.isDeleted(doc) {
                    let stored = try segment.stored.document(doc)
                    guard let bytes = stored[ArticleSchema.Stored.source] else { continue }
                    let source = String(decoding: bytes, as: UTF8.self)
                    if Indexer.sourceIsGone(source) {
                        report.pruned += try writer.deleteDocuments(
                            withTerm: ArticleSchema.key(ArticleSchema.Field.source, source))
                        changed = true
                    }
                }
            }
        }
        if changed || writer.lastCommit == nil || writer.bufferedDocs > 0 {
            try commit()
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Content hashes of the live articles already indexed under a source.
    private func existingHashes(_ writer: IndexWriter, _ sourceKey: [UInt8]) throws -> [Int64]? {
        guard let snapshot = writer.snapshot else { return nil }
        let docs = try snapshot.documents(withTerm: sourceKey)
        guard !docs.isEmpty else { return nil }
        return docs.map { doc in
            let (segment, local) = snapshot.locate(doc)
            let reader = snapshot.segments[segment]
            guard let column = reader.columns.column(ArticleSchema.Column.contentHash) else { return 0 }
            return reader.columns.value(column, local)
        }
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

/// An article ready for the writer, or why its input failed.
enum Prepared: @unchecked Sendable {
    case success(Article, DocumentInput)
    case failure(IngestError)
}

/// The workers of the pipeline: each has its own analyzer (its token cache is
/// not shared, so no locks are taken on the hot path).
final class WorkerPool: @unchecked Sendable {
    private let analyzers: [Analyzer]
    private let ingester = Ingester()
    private let queue = DispatchQueue(label: "tracuu.prepare", qos: .userInitiated)

    init(count: Int) {
        analyzers = (0..<count).map { _ in Analyzer() }
    }

    /// A batch being prepared in the background.
    final class Pending: @unchecked Sendable {
        fileprivate var results: [Prepared]
        fileprivate let done = DispatchSemaphore(value: 0)

        init(count: Int) { results = [Prepared](repeating: .failure(IngestError(.empty, source: "", reason: "")), count: count) }

        func wait() -> [Prepared] {
            done.wait()
            return results
        }
    }

    func prepare(_ batch: [RawInput]) -> Pending {
        let pending = Pending(count: batch.count)
        let workers = analyzers.count
        queue.async {
            pending.results.withUnsafeMutableBufferPointer { slots in
                nonisolated(unsafe) let slots = slots
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let builder = DocumentBuilder(analyzer: self.analyzers[worker])
                    var index = worker
                    while index < batch.count {
                        do throws(IngestError) {
                            let article = try self.ingester.article(from: batch[index])
                            slots[index] = .success(article, builder.document(article))
                        } catch {
                            slots[index] = .failure(error)
                        }
                        index += workers
                    }
                }
            }
            pending.done.signal()
        }
        return pending
    }
}
