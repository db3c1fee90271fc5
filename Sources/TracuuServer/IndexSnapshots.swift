import Foundation
import Synchronization
import TracuuEngine
import TracuuQuery
import TracuuStore

/// The index as the server sees it: the newest commit, reopened when a
/// writer commits, so `tracuu index` can run beside `tracuu serve` and
/// searches see its work without a restart.
///
/// Whether a writer has committed is learnt from the index folder's
/// modification time (one `stat` per request: a commit file appears by a
/// rename, which touches the folder), then from the commit file names. A
/// request that finds a newer generation opens it; requests already running
/// finish on the snapshot they started with (its files stay mapped even if
/// the writer deletes them, so nothing changes under their feet).
public final class IndexSnapshots: Sendable {
    public let path: String
    private let state = Mutex(State())

    private struct State {
        var snapshot: Snapshot?
        var folderStamp: timespec?
    }

    public init(path: String) {
        self.path = path
    }

    /// The snapshot to serve this request from: the newest commit, opened
    /// now if a writer committed since the last request. Throws the reason
    /// (no index yet, damaged, built by other rules) when there is none to
    /// serve; the next request tries again.
    public func current() throws -> Snapshot {
        let stamp = IndexSnapshots.folderStamp(path)
        if let snapshot = state.withLock({ state -> Snapshot? in
            guard let snapshot = state.snapshot, let stamp, let seen = state.folderStamp else { return nil }
            return stamp.tv_sec == seen.tv_sec && stamp.tv_nsec == seen.tv_nsec ? snapshot : nil
        }) {
            return snapshot
        }
        // The folder changed (or nothing is open): is there a newer commit?
        let newest = IndexLocation.newestGeneration(path)
        if let snapshot = state.withLock({ $0.snapshot }), snapshot.generation == newest {
            state.withLock { $0.folderStamp = stamp }
            return snapshot
        }
        let reader = try IndexLocation.openReader(path)
        let opened = Snapshot(reader: reader)
        return state.withLock { state in
            // Two requests may open the same commit at once; keep one, and
            // never step back to an older generation than the one open.
            if let open = state.snapshot, open.generation >= opened.generation {
                state.folderStamp = stamp
                return open
            }
            state.snapshot = opened
            state.folderStamp = stamp
            return opened
        }
    }

    private static func folderStamp(_ path: String) -> timespec? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mtim
    }
}

/// One commit of the index, open for searching, with the searchers that
/// have served it (a `Searcher` is used by one request at a time; a pool
/// keeps one per concurrent request instead of one per request, since each
/// computes the collection's average lengths when it is made).
public final class Snapshot: Sendable {
    public let reader: IndexReader
    public let generation: UInt64
    private let idle = Mutex<[PooledSearcher]>([])
    /// The snapshot's republication groups, worked out once for all its searchers.
    private let republications: Republications
    private let stats = Mutex<IndexStats?>(nil)

    init(reader: IndexReader) {
        self.reader = reader
        generation = reader.commit.generation
        republications = Republications(reader: reader)
    }

    /// Runs `body` with a searcher of this snapshot that no other request is using.
    public func withSearcher<T>(_ body: (Searcher) throws -> T) throws -> T {
        let pooled = idle.withLock { $0.popLast() } ?? PooledSearcher(Searcher(reader: reader, republications: republications))
        defer { idle.withLock { $0.append(pooled) } }
        return try body(pooled.searcher)
    }

    /// The figures of `GET /api/stats`, counted once per snapshot (counting
    /// the terms merges every segment's dictionary).
    public func indexStats() throws -> IndexStats {
        if let cached = stats.withLock({ $0 }) { return cached }
        let computed = try IndexStats(reader: reader)
        stats.withLock { $0 = computed }
        return computed
    }
}

/// A searcher handed between requests through the pool's lock, one request
/// at a time: the lock is what makes sharing it across threads safe.
private final class PooledSearcher: @unchecked Sendable {
    let searcher: Searcher
    init(_ searcher: Searcher) { self.searcher = searcher }
}
