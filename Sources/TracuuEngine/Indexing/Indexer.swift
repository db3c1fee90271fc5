import Foundation
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
/// interval has passed, it flushes the segment and the index is committed:
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
        let pairs = try Indexer.pairsSetting(options: options, lastCommit: writer.lastCommit)
        let run = IndexRun(options: options, pairs: pairs, writer: writer, started: started, onEvent: onEvent)
        let queue = BatchQueue(capacity: max(2, options.workers * 2))
        let workers = (0..<max(1, options.workers)).map { _ in
            Thread { run.work(queue) }
        }
        for worker in workers {
            worker.stackSize = 8 << 20
            worker.start()
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
        run.waitForWorkers(count: workers.count)
        try run.rethrowFailure()

        var report = run.snapshotReport()
        report.ignored = walker.skipped.values.reduce(0, +)
        if options.prune, let snapshot = writer.currentSnapshot {
            for segment in snapshot.segments {
                for doc in 0..<segment.docCount where !segment.isDeleted(doc) {
                    let stored = try segment.stored.document(doc)
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
            try run.commit()
        }
        // Merges the policy wants now that everything is in.
        try run.mergeWhileNeeded()
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

/// The state one `tracuu index` run shares between its threads, behind a lock.
final class IndexRun: @unchecked Sendable {
    let options: IndexOptions
    /// Whether documents get syllable pairs (see `Indexer.pairsSetting`).
    let pairs: Bool
    let writer: IndexWriter
    let started: Date
    let onEvent: @Sendable (Event) -> Void
    typealias Event = Indexer.Event

    private let lock = NSLock()
    private let commitLock = NSLock()
    private var report = IndexReport()
    /// Sources read in this run, as 64-bit hashes: a run over a large
    /// corpus keeps one per article, and eight bytes instead of the path
    /// keep the process flat as the corpus grows (a false "already read"
    /// needs two sources with the same FNV-1a hash, odds of about 1 in
    /// 10^8 for a million sources).
    private var seenSources: Set<UInt64> = []
    private var failure: Error?
    private var finished = 0
    private let done = DispatchSemaphore(value: 0)
    private let ingester = Ingester()

    init(
        options: IndexOptions, pairs: Bool, writer: IndexWriter, started: Date,
        onEvent: @escaping @Sendable (Event) -> Void
    ) {
        self.options = options
        self.pairs = pairs
        self.workerBudget = IndexRun.workerBudget(memoryBudget: options.memoryBudget, workers: options.workers)
        self.writer = writer
        self.started = started
        self.onEvent = onEvent
    }

    var stopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return failure != nil
    }

    /// Each worker's share of the memory budget for its buffers (segment
    /// being built and analyzer vocabulary): the budget bounds the whole
    /// process, so what the process already holds (code, ICU data, the
    /// walker) and a reserve for flushes and merges come off first. A
    /// budget too small for that still gives each worker an eighth.
    let workerBudget: Int

    static func workerBudget(memoryBudget: Int, workers: Int, othersHold: Int = 0) -> Int {
        let workers = max(1, workers)
        let available = memoryBudget - (IndexRun.residentBytes() - othersHold) - IndexRun.workingReserve
        return max(memoryBudget / (8 * workers), available / workers)
    }

    /// What each worker's buffers hold now, by worker slot.
    private var held: [Int] = []

    /// A slot for a new worker's `held` figure.
    func workerSlot() -> Int {
        lock.lock()
        defer { lock.unlock() }
        held.append(0)
        return held.count - 1
    }

    func setHeld(_ bytes: Int, slot: Int) {
        lock.lock()
        held[slot] = bytes
        lock.unlock()
    }

    /// A worker's share, measured again after each flush: what the process
    /// holds besides the buffers grows with a long run (the snapshot's
    /// segments, the sources seen, merges), and the buffers give way, so
    /// the budget bounds the process on a corpus of any size.
    func currentWorkerBudget() -> Int {
        lock.lock()
        let buffers = held.reduce(0, +)
        lock.unlock()
        return IndexRun.workerBudget(memoryBudget: options.memoryBudget, workers: options.workers, othersHold: buffers)
    }

    /// Memory a flush or a merge needs beyond the buffers (measured on VNTC:
    /// sort order and key arena at flush, doc maps and columns in a merge).
    static let workingReserve = 48 << 20
    /// The least a worker buffers above its idle tables before flushing.
    static let minimumSegmentBytes = 4 << 20

    /// The process's resident set size (0 where /proc is missing).
    static func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    func snapshotReport() -> IndexReport {
        lock.lock()
        defer { lock.unlock() }
        var copy = report
        copy.seconds = Date().timeIntervalSince(started)
        return copy
    }

    func skip(_ error: IngestError) {
        lock.lock()
        report.skipped[error.code.rawValue, default: 0] += 1
        if report.errors.count < 20 { report.errors.append(error.description) }
        if options.strict && failure == nil {
            failure = EngineError(.strict, "stopped at the first error (--strict): \(error)")
        }
        lock.unlock()
        onEvent(.skipped(error))
    }

    func fail(_ error: Error) {
        lock.lock()
        if failure == nil { failure = error }
        lock.unlock()
    }

    func rethrowFailure() throws {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
    }

    func waitForWorkers(count: Int) {
        for _ in 0..<count { done.wait() }
    }

    /// What to do with an article: index it (after deleting its old
    /// version), or leave it.
    enum Decision { case add, replace, unchanged, duplicate }

    func decide(_ article: Article, hash: Int64) throws -> Decision {
        lock.lock()
        report.read += 1
        let isNew = seenSources.insert(FNV1a.hash64(article.source.utf8)).inserted
        if !isNew { report.duplicates += 1 }
        lock.unlock()
        guard isNew else { return .duplicate }
        guard !options.rebuild, let snapshot = writer.currentSnapshot else { return .add }
        let sourceKey = ArticleSchema.key(ArticleSchema.Field.source, article.source)
        let docs = try snapshot.documents(withTerm: sourceKey)
        guard !docs.isEmpty else { return .add }
        let hashes = docs.map { doc -> Int64 in
            let (segment, local) = snapshot.locate(doc)
            let reader = snapshot.segments[segment]
            guard let column = reader.columns.column(ArticleSchema.Column.contentHash) else { return 0 }
            return reader.columns.value(column, local)
        }
        if hashes == [hash] { return .unchanged }
        try writer.deleteDocuments(withTerm: sourceKey)
        return .replace
    }

    func count(_ decision: Decision, textBytes: Int) {
        lock.lock()
        switch decision {
        case .add: report.added += 1
        case .replace: report.updated += 1
        case .unchanged: report.unchanged += 1
        case .duplicate: break
        }
        if decision == .add || decision == .replace { report.textBytes += textBytes }
        lock.unlock()
    }

    /// Commits what has been flushed (one committer at a time).
    func commit() throws {
        commitLock.lock()
        defer { commitLock.unlock() }
        try writer.commit(userData: Indexer.provenance(pairs: pairs))
        lock.lock()
        report.commits += 1
        lock.unlock()
        onEvent(.committed(generation: writer.lastCommit!.generation, documents: writer.currentSnapshot?.liveDocCount ?? 0))
    }

    /// Runs the merges the policy asks for, each committed as it completes
    /// (on the calling worker; the others keep indexing).
    func mergeWhileNeeded() throws {
        while try writer.maybeMerge(policy: options.mergePolicy) {
            lock.lock()
            report.merges += 1
            lock.unlock()
            try commit()
        }
    }

    /// One worker thread: takes batches until the queue is closed.
    func work(_ queue: BatchQueue) {
        defer { done.signal() }
        let analyzer = Analyzer()
        analyzer.stableIDs = true
        let resolver = AnalyzerTermResolver(analyzer: analyzer)
        let documents = DocumentBuilder(analyzer: analyzer, pairs: pairs, output: .ids)
        var builder = writer.makeBuilder(resolver: resolver)
        var builderStarted = Date()
        // What an empty builder and a reset analyzer hold (tables keep their
        // capacity): a segment always gets some room above it, however
        // small the budget, or every document would be flushed alone.
        var idle = builder.memoryBytes + analyzer.memoryBytes
        let slot = workerSlot()
        var budget = workerBudget
        do {
            while let batch = queue.pop() {
                for input in batch {
                    if stopped { break }
                    let article: Article
                    do {
                        article = try ingester.article(from: input)
                    } catch {
                        skip(error)
                        continue
                    }
                    let hash = Int64(bitPattern: DocumentBuilder.contentHash(article))
                    let decision = try decide(article, hash: hash)
                    count(decision, textBytes: article.body.utf8.count + (article.title?.utf8.count ?? 0))
                    guard decision == .add || decision == .replace else { continue }
                    try builder.add(documents.document(article))
                    let due = Date().timeIntervalSince(builderStarted) >= options.commitInterval
                    let held = builder.memoryBytes + analyzer.memoryBytes
                    setHeld(held, slot: slot)
                    if held >= max(budget, idle + IndexRun.minimumSegmentBytes) || due {
                        try writer.flush(builder)
                        analyzer.resetVocabulary()
                        IndexRun.returnFreedMemory()
                        builder = writer.makeBuilder(resolver: resolver)
                        builderStarted = Date()
                        idle = builder.memoryBytes + analyzer.memoryBytes
                        setHeld(idle, slot: slot)
                        budget = currentWorkerBudget()
                        try commit()
                        try mergeWhileNeeded()
                    }
                }
                if stopped { break }
            }
            if stopped {
                writer.discard(builder)
            } else {
                try writer.flush(builder)
            }
        } catch {
            writer.discard(builder)
            fail(error)
            queue.close()
        }
    }
}

extension IndexRun {
    /// Gives memory freed by a flush back to the system: glibc keeps freed
    /// blocks in per-thread arenas otherwise, and the process would look as
    /// if it held every segment it ever built.
    static func returnFreedMemory() {
        #if os(Linux)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if os(Linux)
/// glibc's `malloc_trim` (declared in malloc.h, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// Lets a segment builder turn a worker analyzer's term and pair ids back
/// into bytes at flush.
final class AnalyzerTermResolver: TermResolver {
    let analyzer: Analyzer

    init(analyzer: Analyzer) { self.analyzer = analyzer }

    func appendBytes(field: UInt8, id: UInt64, to bytes: inout [UInt8]) {
        if field == ArticleSchema.Field.pairs {
            analyzer.appendPairBytes(id, to: &bytes)
        } else {
            analyzer.appendTermBytes(id, to: &bytes)
        }
    }
}

/// A bounded queue of input batches between the walking thread and the
/// workers: at most `capacity` batches wait, so memory does not grow with
/// the corpus.
final class BatchQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var batches: [[RawInput]] = []
    private var closed = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func push(_ batch: [RawInput]) {
        condition.lock()
        while batches.count >= capacity && !closed { condition.wait() }
        if !closed { batches.append(batch) }
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or nil once the queue is closed and drained.
    func pop() -> [RawInput]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !closed { condition.wait() }
        guard !batches.isEmpty else { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
