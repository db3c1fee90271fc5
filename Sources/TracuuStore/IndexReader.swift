import Dispatch

/// A read-only snapshot of the index: the newest commit when opened, and
/// only it, however many commits a writer makes afterwards.
///
/// Documents are numbered globally by stacking the segments in commit order
/// (`docBases`), as Lucene does; a reader is cheap to open (files are mapped,
/// not read) and safe to share between threads.
public final class IndexReader: @unchecked Sendable {
    public let directory: IndexDirectory
    public let commit: Commit
    public let segments: [SegmentReader]
    /// Global doc id of each segment's first document.
    public let docBases: [Int]
    /// One past the largest global doc id (deleted documents included).
    public let maxDoc: Int
    public let liveDocCount: Int

    public init(directory: IndexDirectory, commit: Commit) throws(StoreError) {
        self.directory = directory
        self.commit = commit
        var segments: [SegmentReader] = []
        var bases: [Int] = []
        var base = 0
        for info in commit.segments {
            segments.append(try SegmentReader(directory: directory, info: info))
            bases.append(base)
            base += info.docCount
        }
        self.segments = segments
        self.docBases = bases
        self.maxDoc = base
        self.liveDocCount = commit.segments.reduce(0) { $0 + $1.liveCount }
    }

    /// A reader of `commit` over `reader`'s open segments: the same
    /// segments, the commit's other contents (attachments) new.
    init(sharing reader: IndexReader, commit: Commit) {
        precondition(reader.commit.segments == commit.segments, "a reader shares only the same segments")
        directory = reader.directory
        self.commit = commit
        segments = reader.segments
        docBases = reader.docBases
        maxDoc = reader.maxDoc
        liveDocCount = reader.liveDocCount
    }

    /// Opens the newest commit in `path`.
    public static func open(path: String) throws(StoreError) -> IndexReader {
        let directory = try IndexDirectory(path: path)
        guard let commit = try Commit.latest(in: directory) else {
            throw StoreError(.noIndex, "there is no index at \(path) (no commit file)")
        }
        return try IndexReader(directory: directory, commit: commit)
    }

    /// Maps every segment's dictionary and postings into the process now,
    /// on every core (`MappedFile.mapAllPages`); returns the bytes mapped.
    ///
    /// Why: a search's first reads of a page are page faults, a few
    /// microseconds each in the virtual machines we measure on, and each
    /// query of a batch is the first use of its words. Mapped whole, the 2×
    /// benchmark index (8 segments, 87 MB of dictionaries and postings)
    /// ran one-word queries in about 0.84 of the time, several words in
    /// 0.93. It costs about 10 ms once, more at exit, so it pays after some
    /// 150 queries, and much sooner when the files are not in the page
    /// cache: they are then read in order, not a page at a time at random.
    /// Not the default, for that reason (Elasticsearch's
    /// `index.store.preload` makes the same trade, also off by default).
    @discardableResult
    public func preload() -> Int {
        // Largest first, so that the threads finish at about the same time.
        let files = segments.flatMap(\.searchedFiles).sorted { $0.buffer.count > $1.buffer.count }
        DispatchQueue.concurrentPerform(iterations: files.count) { files[$0].mapAllPages() }
        return files.reduce(0) { $0 + $1.buffer.count }
    }

    /// The segment holding global doc `doc`, and the doc's id inside it.
    public func locate(_ doc: Int) -> (segment: Int, local: Int) {
        var low = 0
        var high = docBases.count
        while low < high {
            let middle = (low + high) / 2
            if docBases[middle] <= doc { low = middle + 1 } else { high = middle }
        }
        return (low - 1, doc - docBases[low - 1])
    }

    /// Bytes of all files of the commit.
    public var byteSize: UInt64 {
        commit.segments.reduce(0) { $0 + $1.byteSize } + (directory.size(commit.fileName) ?? 0)
    }

    /// Live documents holding `term` (field byte + term bytes), as global ids.
    public func documents(withTerm term: [UInt8]) throws(StoreError) -> [Int] {
        var result: [Int] = []
        for (index, segment) in segments.enumerated() {
            guard let info = try segment.dictionary.lookup(term) else { continue }
            let cursor = try segment.postings(info, withPositions: false)
            while try cursor.next() != PostingsFormat.noMoreDocs {
                if !segment.isDeleted(Int(cursor.doc)) { result.append(docBases[index] + Int(cursor.doc)) }
            }
        }
        return result
    }
}
