import Dispatch
import FoundationEssentials
import Synchronization
import TracuuAnalysis
import TracuuCore
import TracuuIngest
import TracuuQuery
import TracuuStore

/// The state one `tracuu index` run shares between its threads, behind a lock.
///
/// Each article takes the lock twice: once to be counted and decided
/// (`decide`), once to join a republication group. Every extra taking was
/// a chance for the two workers (and the walking thread) to meet on it, and
/// a thread that meets it sleeps and must be woken: with five takings per
/// article (a `stopped` check, decision, count, group, memory share) a 1×
/// run slept about 8,000 times on it.
final class IndexRun: @unchecked Sendable {
    let options: IndexOptions
    /// Whether documents get syllable pairs (see `Indexer.pairsSetting`).
    let pairs: Bool
    let writer: IndexWriter
    let started: Date
    let onEvent: @Sendable (Event) -> Void
    typealias Event = Indexer.Event

    private let lock = Lock()
    private let commitLock = Lock()
    private var report = IndexReport()
    /// Sources read in this run, as 64-bit hashes: a run over a large
    /// corpus keeps one per article, and eight bytes instead of the path
    /// keep the process flat as the corpus grows (a false "already read"
    /// needs two sources with the same FNV-1a hash, odds of about 1 in
    /// 10^8 for a million sources).
    private var seenSources: Set<UInt64> = []
    /// Set once `failure` is (under `lock`); read without the lock by the
    /// loops that check it for every article.
    private let failed = Atomic<Bool>(false)
    private var failure: Error?
    private let done = DispatchSemaphore(value: 0)
    private let ingester = Ingester()
    /// How the workers share the memory budget.
    let memory: MemoryShares
    /// Republication groups of the index so far (under `lock`), built on
    /// the first article added: a run that adds nothing never reads them.
    private var republications: RepublicationRegistry?
    /// The commit the run started from, whose articles the groups start
    /// with (let go once read: it keeps its files mapped).
    private var startingSnapshot: IndexReader?
    /// Whether the run started from no articles (a new index, or
    /// `--rebuild`): then no article can be in the index already but for
    /// the run's own, which `seenSources` catches, and `decide` looks
    /// nothing up.
    private let startedEmpty: Bool
    /// The workers' builders, written together at each flush.
    private let builders: WorkerBuilders

    init(
        options: IndexOptions, pairs: Bool, writer: IndexWriter, started: Date,
        onEvent: @escaping @Sendable (Event) -> Void
    ) {
        self.options = options
        self.pairs = pairs
        self.memory = MemoryShares(budget: options.memoryBudget, workers: options.workers)
        self.writer = writer
        builders = WorkerBuilders(writer: writer, memory: memory)
        self.started = started
        self.onEvent = onEvent
        startingSnapshot = options.rebuild ? nil : writer.currentSnapshot
        startedEmpty = (startingSnapshot?.liveDocCount ?? 0) == 0
    }

    /// The republication group a new article joins (0: none), recorded so
    /// later articles of the run can join it too.
    func republicationGroup(_ print: TextFingerprint, source: String) -> UInt64 {
        lock.lock()
        defer { lock.unlock() }
        if republications == nil {
            republications = startingSnapshot.map(RepublicationRegistry.init(reader:)) ?? RepublicationRegistry()
            startingSnapshot = nil
        }
        let group = republications!.assign(print)
        if group != 0 { tally(source, \.republished) }
        return group
    }

    var stopped: Bool { failed.load(ordering: .acquiring) }

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
        report.sources[SourceReport.site(of: error.source), default: SourceReport()].skipped[error.code.rawValue, default: 0] += 1
        if report.errors.count < 20 { report.errors.append(error.description) }
        if options.strict && failure == nil {
            failure = EngineError(.strict, "stopped at the first error (--strict): \(error)")
            failed.store(true, ordering: .releasing)
        }
        lock.unlock()
        onEvent(.skipped(error))
    }

    func fail(_ error: Error) {
        lock.lock()
        if failure == nil {
            failure = error
            failed.store(true, ordering: .releasing)
        }
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

    /// Decides, and counts the decision in the report.
    func decide(_ article: Article, hash: Int64) throws -> Decision {
        let textBytes = article.bodyUTF8.count + (article.title?.utf8.count ?? 0)
        lock.lock()
        report.read += 1
        let isNew = seenSources.insert(FNV1a.hash64(article.source.utf8)).inserted
        if !isNew {
            report.duplicates += 1
            tally(article.source, \.duplicates)
        } else if startedEmpty {
            count(.add, textBytes: textBytes, source: article.source)
        }
        lock.unlock()
        guard isNew else { return .duplicate }
        guard !startedEmpty else { return .add }
        let decision = try lookUp(article, hash: hash)
        lock.lock()
        count(decision, textBytes: textBytes, source: article.source)
        lock.unlock()
        return decision
    }

    /// `decide` for a new source when the run started from articles:
    /// unchanged, replaced (its old version deleted), or added.
    private func lookUp(_ article: Article, hash: Int64) throws -> Decision {
        guard let snapshot = writer.currentSnapshot else { return .add }
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

    /// Counts one more `field` for the source of the article at `address` (call under `lock`).
    private func tally(_ address: String, _ field: WritableKeyPath<SourceReport, Int>) {
        report.sources[SourceReport.site(of: address), default: SourceReport()][keyPath: field] += 1
    }

    /// Counts a decision (call under `lock`).
    private func count(_ decision: Decision, textBytes: Int, source: String) {
        switch decision {
        case .add:
            report.added += 1
            tally(source, \.added)
        case .replace:
            report.updated += 1
            tally(source, \.updated)
        case .unchanged:
            report.unchanged += 1
            tally(source, \.unchanged)
        case .duplicate: break
        }
        if decision == .add || decision == .replace { report.textBytes += textBytes }
    }

    /// Commits what has been flushed (one committer at a time). The
    /// commits a run makes as it goes (`final` false) carry no republication
    /// groups: working them out passes over every article of the index, so
    /// at each of a long run's commits it was O(index), about 5 % of the
    /// CPU of indexing four copies of the benchmark corpus, while the
    /// other worker waited for the writer's lock. A search of such a commit
    /// (a run killed, or searched while it runs) works them out when it
    /// opens the index; the run's last commit stores them.
    func commit(final: Bool = false) throws {
        commitLock.lock()
        defer { commitLock.unlock() }
        try writer.commit(userData: Indexer.provenance(pairs: pairs), withAttachments: final)
        lock.lock()
        report.commits += 1
        lock.unlock()
        onEvent(.committed(generation: writer.lastCommit!.generation, documents: writer.currentSnapshot?.liveDocCount ?? 0))
    }

    /// Runs the merges the policy asks for, each committed as it completes
    /// (on the calling worker; the others keep indexing). `final`: the
    /// run's last commits (see `commit(final:)`).
    func mergeWhileNeeded(final: Bool = false) throws {
        while try writer.maybeMerge(policy: options.mergePolicy) {
            lock.lock()
            report.merges += 1
            lock.unlock()
            try commit(final: final)
        }
    }

    /// The share of a worker's budget its analyzer's vocabulary may hold
    /// before the worker drops it at a flush: kept, it saves an ICU
    /// normalization per distinct word per segment; grown (names, numbers,
    /// typos: 40 MB by four copies of the bench corpus), it would leave the
    /// segments too small a share.
    static let vocabularyShare = 6

    /// One worker thread: takes batches until the queue is closed.
    func work(_ queue: BatchQueue) {
        defer { done.signal() }
        let analyzer = Analyzer()
        analyzer.stableIDs = true
        let resolver = AnalyzerTermResolver(analyzer: analyzer)
        let documents = DocumentBuilder(
            analyzer: analyzer, pairs: pairs, output: .ids, names: options.aliasNames, textMarks: options.textMarks)
        let slot = builders.join(resolver: resolver)
        var generation = -1
        var builderStarted = Date()
        // What an empty builder and a reset analyzer hold (tables keep their
        // capacity): a segment always gets some room above it, however
        // small the budget, or every document would be flushed alone.
        var idle = 0
        var budget = 0
        // What this worker held when it last asked for its share.
        var heldAtShare = 0
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
                    guard decision == .add || decision == .replace else { continue }
                    let full = try slot.lock.withLock { () throws -> Bool in
                        let builder = slot.builder!
                        if slot.generation != generation {
                            // A new builder: the worker's first, or the one a
                            // flush left in place of the last (`flushAll`).
                            generation = slot.generation
                            // The vocabulary outlives the segment: relearning
                            // it costs an ICU normalization per distinct raw
                            // word per segment. Ids stay dense, so a new
                            // builder's slot arrays just start sparser. Only
                            // a vocabulary grown large (numbers, names) is
                            // dropped.
                            if budget > 0 && analyzer.memoryBytes > budget / IndexRun.vocabularyShare {
                                analyzer.resetVocabulary()
                            }
                            builderStarted = Date()
                            idle = builder.memoryBytes + analyzer.memoryBytes
                            memory.setHeld(idle, worker: slot.memorySlot)
                            budget = memory.share()
                            heldAtShare = idle
                        }
                        let analyzed = documents.analyze(article, contentHash: UInt64(bitPattern: hash))
                        let group = republicationGroup(analyzed.fingerprint, source: article.source)
                        try builder.add(documents.document(analyzed, group: group))
                        let due = Date().timeIntervalSince(builderStarted) >= options.commitInterval
                        let held = builder.memoryBytes + analyzer.memoryBytes
                        // The share is asked for again as the buffers grow,
                        // not only after a flush: the rest of the process
                        // grows too while a segment is built (the first one
                        // above all: input batches, the sources and
                        // fingerprints seen, the allocator's spare pages),
                        // and a share fixed at its start let the first flush
                        // peak at up to 258 MB of the default 256 MB budget.
                        // What this worker holds is told only then, not per
                        // article (a lock taking each): the other worker
                        // reading it up to 8 MB low takes a share that much
                        // smaller, never larger.
                        if held - heldAtShare >= MemoryShares.shareRefreshBytes {
                            memory.setHeld(held, worker: slot.memorySlot)
                            budget = memory.share()
                            heldAtShare = held
                        }
                        return held >= max(budget, idle + MemoryShares.minimumSegmentBytes) || due
                    }
                    if full { try flushAll(from: slot) }
                }
                if stopped { break }
            }
            try leave(slot)
        } catch {
            fail(error)
            try? leave(slot)
        }
        // However the run was stopped (--strict, an error), the walking
        // thread may be waiting for room in the queue: with no worker left
        // to take a batch, only closing the queue lets it go on.
        if stopped { queue.close() }
    }

    /// Writes every worker's builder as one segment (`WorkerBuilders.flush`),
    /// then, unless it is the run's last flush, commits and runs the
    /// merges due. Nothing when another worker is writing them.
    func flushAll(from mine: BuilderSlot, last: Bool = false) throws {
        guard try builders.flush(from: mine, last: last), !last else { return }
        try commit()
        try mergeWhileNeeded()
    }

    /// A worker's end, once the queue is drained or the run stopped: the
    /// last worker to leave writes every builder as one segment (the run's
    /// commit follows in `Indexer`), or discards them when the run stopped.
    private func leave(_ mine: BuilderSlot) throws {
        guard builders.leave(mine, discarding: stopped) else { return }
        if stopped {
            builders.discardAll()
        } else {
            try flushAll(from: mine, last: true)
        }
    }
}

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

    func appendFoldKey(field: UInt8, id: UInt64, to bytes: inout [UInt8]) -> Bool {
        guard field != ArticleSchema.Field.pairs else { return false }
        analyzer.appendFoldKey(id, to: &bytes)
        return true
    }

    func foldID(field: UInt8, id: UInt64) -> Int32? {
        field == ArticleSchema.Field.pairs ? nil : analyzer.foldID(id)
    }
}
