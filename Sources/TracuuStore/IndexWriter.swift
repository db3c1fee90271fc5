import FoundationEssentials
import TracuuCore

/// The single writer of an index: buffers added documents into a new
/// segment, applies deletions, and commits by the protocol of FORMAT.md.
///
/// Nothing is visible to readers until `commit()`; everything committed
/// survives a crash or kill. If any write fails, the writer drops the
/// uncommitted work (its partial files are deleted) and the index stays at
/// its last commit.
///
/// Thread-safe: indexing threads each fill their own `SegmentBuilder` (from
/// `makeBuilder`) and hand it back with `flush(_:)`, and any thread may
/// delete or commit; an internal lock serializes the shared state. A
/// `WriterLock` keeps other processes out.
public final class IndexWriter: @unchecked Sendable {
    private let state = Lock()
    /// Segment names of builders not flushed yet (their files are in progress).
    private var building: Set<String> = []
    public let directory: IndexDirectory
    public let schema: IndexSchema
    private let fold: @Sendable ([UInt8]) -> [UInt8]
    private let lock: WriterLock
    /// The last commit (nil for a new index).
    public private(set) var lastCommit: Commit?
    /// Readers over the last commit's segments, for lookups and deletions.
    public private(set) var snapshot: IndexReader?
    private var builder: SegmentBuilder?
    private var flushed: [SegmentInfo] = []
    private var nextSegment: UInt64
    /// Deletions not yet committed, by segment name.
    private var pendingDeletions: [String: DeletionSet] = [:]
    private var dropAll = false
    /// Committed segments being merged (no other merge may take them).
    private var merging: Set<String> = []
    /// Merges written, to replace their sources at the next commit.
    private var completedMerges: [CompletedMerge] = []
    /// The stored fields' compression dictionary, shared by every segment
    /// this writer builds (see `SharedDictionary`).
    let sharedDictionary: SharedDictionary

    private struct CompletedMerge {
        var sources: [String]
        var result: SegmentInfo
        var docMaps: [[Int32]]
    }

    /// How a writer treats what is already in the folder.
    public enum OpenMode: Sendable {
        /// Add to the last commit (its segments must be readable).
        case append
        /// Start an empty index: the next commit replaces everything. Works
        /// even when the old index is damaged or of another format version,
        /// since nothing of it is read.
        case rebuild
    }

    /// Works out a commit's attachments (`Commit.attachments`) from a
    /// reader of its segments, before the commit is written.
    public typealias Attachments = @Sendable (IndexReader) throws(StoreError) -> [String: [UInt8]]

    /// Called for every commit this writer makes with attachments (see
    /// `commit(userData:withAttachments:)`); nil: commits without them.
    private let attachments: Attachments?

    public init(
        directory: IndexDirectory, schema: IndexSchema, fold: @escaping @Sendable ([UInt8]) -> [UInt8],
        mode: OpenMode = .append, attachments: Attachments? = nil
    ) throws(StoreError) {
        self.attachments = attachments
        self.directory = directory
        self.schema = schema
        self.fold = fold
        self.lock = try WriterLock(directory: directory)
        // Never reuse a name, even one only a damaged commit knew about.
        let names = try directory.list()
        let highestSegment = names.compactMap { name -> UInt64? in
            guard name.hasPrefix("s"), let dot = name.firstIndex(of: ".") else { return nil }
            return UInt64(name[name.index(after: name.startIndex)..<dot].prefix { $0.isNumber })
        }.max() ?? 0
        let highestGeneration = names.compactMap(Commit.generation(of:)).max() ?? 0
        switch mode {
        case .append:
            lastCommit = try Commit.latest(in: directory)
        case .rebuild:
            lastCommit = try? Commit.latest(in: directory)
            dropAll = true
            baseGeneration = highestGeneration
        }
        nextSegment = max(lastCommit?.nextSegment ?? 1, highestSegment + 1)
        var opened: IndexReader?
        if mode == .append, let lastCommit { opened = try IndexReader(directory: directory, commit: lastCommit) }
        // New segments compress with the newest segment's dictionary: as
        // good for a few added articles as for many, and merges copy frames
        // that share it without decompressing them.
        sharedDictionary = SharedDictionary(
            seed: opened?.segments.reversed().lazy.compactMap(\.stored.lastDictionary).first
                .map(CompressionDictionary.init(bytes:)))
        if mode == .append {
            snapshot = opened
            releasePages(of: snapshot)
            try removeUnreferencedFiles()
        }
    }

    /// For a rebuild over an unreadable commit: generations continue after the highest file name.
    private var baseGeneration: UInt64 = 0

    /// A builder for a new segment, for one thread to fill. Its files are
    /// protected from cleanup until it is flushed or discarded.
    public func makeBuilder(resolver: TermResolver? = nil) -> SegmentBuilder {
        state.lock()
        defer { state.unlock() }
        let builder = SegmentBuilder(
            directory: directory, schema: schema, number: nextSegment, fold: fold, resolver: resolver,
            dictionary: sharedDictionary)
        nextSegment += 1
        building.insert(builder.name)
        return builder
    }

    /// Writes a builder's segment (on the calling thread) and adds it to the
    /// next commit. An empty builder is discarded.
    public func flush(_ builder: SegmentBuilder) throws(StoreError) { try flush([builder]) }

    /// Writes the documents of `builders` as one segment, in their order
    /// (on the calling thread; `SegmentBuilder.flush(together:)`: each
    /// builder but the first settled on its own thread), and adds it to the
    /// next commit. Empty builders are discarded.
    public func flush(_ builders: [SegmentBuilder]) throws(StoreError) {
        for builder in builders where builder.docCount == 0 { discard(builder) }
        let filled = builders.filter { $0.docCount > 0 }
        guard let first = filled.first else { return }
        let info: SegmentInfo
        do {
            info = try first.flush(together: Array(filled.dropFirst()))
        } catch {
            for builder in filled { discard(builder) }
            throw error
        }
        state.lock()
        flushed.append(info)
        for builder in filled { building.remove(builder.name) }
        state.unlock()
    }

    /// Forgets a builder that will not be flushed (its partial files go when it does).
    public func discard(_ builder: SegmentBuilder) {
        state.lock()
        building.remove(builder.name)
        state.unlock()
    }

    /// Adds a document to the writer's own segment being built (for callers
    /// with one thread; indexing threads use `makeBuilder`).
    public func add(_ document: DocumentInput) throws(StoreError) {
        if builder == nil { builder = makeBuilder() }
        do {
            try builder!.add(document)
        } catch {
            discard(builder!)
            builder = nil  // its partial files are deleted as its outputs go away
            throw error
        }
    }

    /// Bytes held by the writer's own segment being built.
    public var bufferedBytes: Int { builder?.memoryBytes ?? 0 }
    public var bufferedDocs: Int { builder?.docCount ?? 0 }

    /// Deletes the committed documents holding `term` (field byte + bytes).
    /// Documents added since the last commit are not affected. Returns how
    /// many were deleted.
    @discardableResult
    public func deleteDocuments(withTerm term: [UInt8]) throws(StoreError) -> Int {
        state.lock()
        defer { state.unlock() }
        guard let snapshot, !dropAll else { return 0 }
        var deleted = 0
        for segment in snapshot.segments {
            guard let info = try segment.dictionary.lookup(term) else { continue }
            let cursor = try segment.postings(info, withPositions: false)
            var set = pendingDeletions[segment.info.name] ?? segment.deletions ?? DeletionSet(docCount: segment.docCount)
            while try cursor.next() != PostingsFormat.noMoreDocs {
                if set.insert(Int(cursor.doc)) { deleted += 1 }
            }
            pendingDeletions[segment.info.name] = set
        }
        return deleted
    }

    /// Makes the next commit drop every committed segment (a rebuild).
    public func deleteAll() {
        state.lock()
        defer { state.unlock() }
        dropAll = true
        pendingDeletions = [:]
    }

    /// Writes the writer's own segment being built to disk (not yet committed).
    public func flush() throws(StoreError) {
        guard let current = builder else { return }
        builder = nil
        try flush(current)
    }

    /// Flushes and commits: afterwards, new readers see every document added
    /// and every deletion made so far.
    ///
    /// Every file the commit lists that the last one did not is fsynced
    /// before the commit file is written (`IndexOutput` leaves that to the
    /// commit). Those of the segments flushed and merged by then are
    /// fsynced before the writer's lock is taken, so another thread that
    /// finishes a segment meanwhile does not wait for the disk too.
    ///
    /// `withAttachments: false` leaves the commit without attachments, for
    /// the commits of a long run that only save its work so far: readers
    /// work out what the attachments would have said (they are a cache),
    /// and the run's last commit carries them.
    public func commit(userData: [String: String], withAttachments: Bool = true) throws(StoreError) {
        try flush()
        state.lock()
        let early = uncommittedFileNames
        state.unlock()
        do {
            try directory.sync(early)
        } catch {
            state.lock()
            abandonUncommitted(written: [])
            state.unlock()
            throw error
        }
        state.lock()
        defer { state.unlock() }
        let generation = max(lastCommit?.generation ?? 0, baseGeneration) + 1
        var segments: [SegmentInfo] = []
        var written: [String] = []
        var opened: IndexReader?
        do {
            if !dropAll, let lastCommit {
                let mergedAway = Set(completedMerges.flatMap(\.sources))
                for var info in lastCommit.segments where !mergedAway.contains(info.name) {
                    if let deletions = pendingDeletions[info.name], deletions.count != info.deletedCount {
                        if deletions.count == info.docCount { continue }  // nothing live: drop the segment
                        let oldDeletions = info.fileName(.deletions)
                        info.files.removeAll { $0.name == oldDeletions }
                        info.deletionGeneration = generation
                        let output = try IndexOutput(
                            directory: directory, name: info.fileName(.deletions), kind: .deletions,
                            segmentID: info.segmentID)
                        written.append(output.name)
                        try deletions.write(to: output)
                        let (length, checksum) = try output.finish()
                        info.files.append(SegmentInfo.File(name: output.name, length: length, checksum: checksum))
                        info.deletedCount = deletions.count
                    }
                    segments.append(info)
                }
                for merge in completedMerges {
                    if let info = try mergedSegment(merge, generation: generation, written: &written) {
                        segments.append(info)
                    }
                }
            }
            segments.append(contentsOf: flushed)
            var commit = Commit(
                generation: generation, nextSegment: nextSegment, timestamp: Int64(Date().timeIntervalSince1970),
                userData: userData, segments: segments)
            // The reader of the new commit, opened before it is written so
            // that its attachments come from exactly its segments.
            let reader = try IndexReader(directory: directory, commit: commit)
            if withAttachments, let attachments { commit.attachments = try attachments(reader) }
            let listedBefore = lastCommit?.fileNames ?? []
            try directory.sync(
                commit.fileNames.subtracting(listedBefore).subtracting(early).subtracting([commit.fileName]).sorted())
            try commit.write(to: directory)
            lastCommit = commit
            opened = IndexReader(sharing: reader, commit: commit)
        } catch {
            abandonUncommitted(written: written)
            throw error
        }
        forgetUncommitted()
        dropAll = false
        snapshot = opened
        releasePages(of: snapshot)
        try removeUnreferencedFiles()
    }

    /// After a failed commit (the rename did not happen, so the last commit
    /// stands): forgets the uncommitted work and removes its files. Called
    /// under the state lock.
    private func abandonUncommitted(written: [String]) {
        forgetUncommitted()
        for name in written { try? directory.delete(name) }
        try? removeUnreferencedFiles()
    }

    /// Drops what waited for a commit: flushed segments, merges, deletions
    /// (under the state lock).
    private func forgetUncommitted() {
        flushed = []
        pendingDeletions = [:]
        completedMerges = []
    }

    /// Opening a reader verifies its dictionaries and columns whole, which
    /// maps every page of them into the process. The writer only looks up
    /// a few terms (sources, ids) per article afterwards, so it gives the
    /// pages back: they stay in the page cache, and a long run over a big
    /// corpus keeps the same resident size as a short one.
    private func releasePages(of reader: IndexReader?) {
        for segment in reader?.segments ?? [] { segment.dropResidentPages() }
    }

    /// Runs the merge `policy` asks for, if any, on the calling thread; the
    /// merged segment replaces its sources at the next commit. Other threads
    /// may add, delete and commit meanwhile: deletions made to the sources
    /// during the merge carry over to the merged segment. Returns whether
    /// it merged.
    @discardableResult
    public func maybeMerge(policy: MergePolicy = MergePolicy()) throws(StoreError) -> Bool {
        let reserved = reserveMerge { free in
            guard !dropAll,
                let choice = policy.nextMerge(
                    free.map {
                        MergePolicy.Candidate(
                            name: $0.info.name, bytes: $0.info.files.reduce(0) { $0 + $1.length },
                            docCount: $0.docCount, deletedCount: $0.info.deletedCount)
                    })
            else { return nil }
            return free.filter { choice.contains($0.info.name) }
        }
        guard let reserved else { return false }
        try merge(reserved.sources, into: reserved.name)
        return true
    }

    /// Merges every committed segment into one (`tracuu optimize`) and
    /// commits. Returns the number of segments merged.
    @discardableResult
    public func forceMerge(userData: [String: String]) throws(StoreError) -> Int {
        try commit(userData: userData)
        let reserved = reserveMerge { free in
            free.count > 1 || free.contains(where: { $0.info.deletedCount > 0 }) ? free : nil
        }
        guard let reserved else { return 0 }
        try merge(reserved.sources, into: reserved.name)
        try commit(userData: userData)
        return reserved.sources.count
    }

    /// Chooses a merge's sources among the committed segments no other
    /// merge has taken (`choose`; nil: no merge), names its segment and
    /// marks the sources as being merged, all in one hold of the state
    /// lock.
    ///
    /// Why one hold: two workers that finish a segment together both ask
    /// for a merge, and the second, choosing while the first had not yet
    /// marked its sources, could pick them again. Both merged segments then
    /// held those articles, and the commit listed each article twice.
    /// Taken are the segments being merged and those merged but waiting
    /// for the next commit to replace them.
    private func reserveMerge(
        choosing choose: ([SegmentReader]) -> [SegmentReader]?
    ) -> (sources: [SegmentReader], name: String)? {
        state.lock()
        defer { state.unlock() }
        let taken = merging.union(completedMerges.flatMap(\.sources))
        guard let sources = choose((snapshot?.segments ?? []).filter { !taken.contains($0.info.name) }) else {
            return nil
        }
        let name = SegmentInfo.name(number: nextSegment)
        nextSegment += 1
        building.insert(name)
        for source in sources { merging.insert(source.info.name) }
        return (sources, name)
    }

    /// Merges `sources` (reserved by `reserveMerge`) into segment `name`.
    private func merge(_ sources: [SegmentReader], into name: String) throws(StoreError) {
        defer {
            state.lock()
            building.remove(name)
            for source in sources { merging.remove(source.info.name) }
            state.unlock()
        }
        let live = sources.filter { $0.liveCount > 0 }
        var completed = CompletedMerge(sources: sources.map(\.info.name), result: SegmentInfo(name: name, segmentID: 0, docCount: 0, deletedCount: 0, deletionGeneration: 0, files: []),
            docMaps: [])
        if !live.isEmpty {
            let result = try SegmentMerger(directory: directory, schema: schema, fold: fold).merge(live, name: name)
            completed.result = result.info
            // Sources with nothing live map nowhere.
            var maps = result.docMaps.makeIterator()
            completed.docMaps = sources.map { $0.liveCount > 0 ? maps.next()! : [Int32](repeating: -1, count: $0.docCount) }
        }
        state.lock()
        completedMerges.append(completed)
        state.unlock()
    }

    /// A completed merge's segment as the commit lists it, with the
    /// deletions its sources received since the merge read them (nil when
    /// nothing of it is live). Called under the state lock.
    private func mergedSegment(
        _ merge: CompletedMerge, generation: UInt64, written: inout [String]
    ) throws(StoreError) -> SegmentInfo? {
        guard merge.result.docCount > 0 else { return nil }
        var info = merge.result
        var deletions = DeletionSet(docCount: info.docCount)
        for (index, source) in merge.sources.enumerated() {
            let map = merge.docMaps[index]
            let current: DeletionSet?
            if let pending = pendingDeletions[source] {
                current = pending
            } else if let reader = snapshot?.segments.first(where: { $0.info.name == source }) {
                current = reader.deletions
            } else {
                // The source left the index (all of it deleted) since the merge read it.
                current = nil
                for doc in map where doc >= 0 { _ = deletions.insert(Int(doc)) }
            }
            guard let current else { continue }
            for doc in map.indices where map[doc] >= 0 && current.contains(doc) { _ = deletions.insert(Int(map[doc])) }
        }
        guard deletions.count < info.docCount else { return nil }
        if deletions.count > 0 {
            info.deletionGeneration = generation
            let output = try IndexOutput(
                directory: directory, name: info.fileName(.deletions), kind: .deletions, segmentID: info.segmentID)
            written.append(output.name)
            try deletions.write(to: output)
            let (length, checksum) = try output.finish()
            info.files.append(SegmentInfo.File(name: output.name, length: length, checksum: checksum))
            info.deletedCount = deletions.count
        }
        return info
    }

    /// Releases the lock; uncommitted documents are dropped.
    public func close() {
        builder = nil
        state.lock()
        flushed = []
        state.unlock()
        lock.release()
    }

    /// The last commit's snapshot, safe to read from any thread.
    public var currentSnapshot: IndexReader? {
        state.lock()
        defer { state.unlock() }
        return snapshot
    }

    /// Deletes files no commit needs: older commits, leftovers of a writer
    /// that died before committing, segments merged away.
    private func removeUnreferencedFiles() throws(StoreError) {
        let keep = lastCommit?.fileNames ?? []
        let uncommitted = uncommittedFileNames
        for name in try directory.list() where name != WriterLock.fileName {
            if keep.contains(name) || uncommitted.contains(name) { continue }
            if let dot = name.firstIndex(of: "."), building.contains(String(name[..<dot])) { continue }
            guard isIndexFile(name) else { continue }
            try directory.delete(name)
        }
    }

    /// The files of segments flushed or merged since the last commit
    /// (under the state lock).
    private var uncommittedFileNames: Set<String> {
        Set((flushed + completedMerges.map(\.result)).flatMap { $0.files.map(\.name) })
    }

    /// Files this store writes (anything else in the folder is left alone).
    private func isIndexFile(_ name: String) -> Bool {
        if name.hasPrefix(Commit.prefix) || name.hasPrefix(Commit.pendingPrefix) { return true }
        guard name.hasPrefix("s"), let dot = name.firstIndex(of: ".") else { return false }
        let fileExtension = String(name[name.index(after: dot)...])
        return FileKind.allCases.contains { $0.fileExtension == fileExtension && !$0.fileExtension.isEmpty }
    }
}
