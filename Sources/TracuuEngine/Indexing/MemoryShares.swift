import FoundationEssentials
import TracuuCore
#if canImport(Glibc)
import Glibc
#endif

/// How one indexing run shares its memory budget (`--memory`) among its
/// workers' buffers (segment being built and analyzer vocabulary).
///
/// The budget bounds the whole process, so what the process holds besides
/// the buffers (code, ICU data, the writer's snapshot, the sources seen)
/// and a reserve for flushes and merges come off first, and the rest is
/// split evenly. Each worker asks for its share again after every flush:
/// the rest of the process grows during a long run, and the buffers give
/// way, so the process stays within the budget on a corpus of any size. A
/// budget too small for that still gives each worker an eighth.
final class MemoryShares: @unchecked Sendable {
    private let budget: Int
    private let workers: Int
    private let lock = Lock()
    /// What each worker's buffers hold now.
    private var held: [Int] = []
    private var frozen: Int?

    init(budget: Int, workers: Int) {
        self.budget = budget
        self.workers = max(1, workers)
    }

    /// Registers a worker; returns its number for `setHeld`.
    func addWorker() -> Int {
        lock.lock()
        defer { lock.unlock() }
        held.append(0)
        return held.count - 1
    }

    func setHeld(_ bytes: Int, worker: Int) {
        lock.lock()
        held[worker] = bytes
        lock.unlock()
    }

    /// A worker's share now: the budget less what the process holds besides
    /// the buffers and the reserve, split among the workers. While a flush
    /// runs, the share it started with.
    func share() -> Int {
        lock.lock()
        let buffers = held.reduce(0, +)
        let frozen = self.frozen
        lock.unlock()
        if let frozen { return frozen }
        let available = budget - (MemoryShares.residentBytes() - buffers) - MemoryShares.workingReserve
        return max(budget / (8 * workers), available / workers)
    }

    /// Holds the shares at their value now until `thaw()`: while a flush
    /// runs. Why: what it allocates (the reserve's to cover) would look
    /// like the rest of the process growing, and shrink the shares of the
    /// workers that go on indexing, who then flushed small segments of
    /// their own in the middle of it.
    func freeze() {
        let now = share()
        lock.withLock { frozen = now }
    }

    func thaw() { lock.withLock { frozen = nil } }

    /// Memory a flush or a merge needs beyond the buffers (sort order and
    /// key arena at flush, doc maps and columns in a merge). Measured on the
    /// benchmark corpus at 1× and 4× with the default 256 MB budget, shares
    /// refreshed as the buffers grow: with each worker flushing its own
    /// builder, a 32 MB reserve peaked at 235–247 MB. A flush now writes
    /// every worker's builder, settling each one's keys, and a worker's new
    /// builder grows while it runs: with 32 MB the peaks were 257–261 MB
    /// at 2×, with 48 MB 246–254 MB at 1×, 2× and 4×.
    static let workingReserve = 48 << 20
    /// How much a worker's buffers grow between two askings for its share
    /// (each reads /proc/self/statm; a segment takes about ten).
    static let shareRefreshBytes = 8 << 20
    /// The least a worker buffers above its idle tables before flushing.
    static let minimumSegmentBytes = 4 << 20

    /// The process's resident set size (0 where /proc is missing).
    static func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Gives memory freed by a flush back to the system: the allocator
    /// keeps freed pages for reuse otherwise, the process would look as if
    /// it held every segment it ever built, and the shares computed from
    /// the resident size would shrink to a sliver (measured: segments of a
    /// thousand articles instead of thirty thousand, and merges to match).
    /// The `tracuu` binary links jemalloc on Linux, whose arenas are purged
    /// through `mallctl` (found at run time: tests and tools run on glibc's
    /// malloc); glibc's `malloc_trim` covers what glibc allocated.
    static func returnFreedMemory() {
        #if os(Linux)
        if let purge = jemallocControl {
            _ = purge("arena.4096.purge", nil, nil, nil, 0)  // 4096: MALLCTL_ARENAS_ALL
        }
        _ = glibcMallocTrim(0)
        #endif
    }

    #if os(Linux)
    private typealias MallocControl = @convention(c) (
        UnsafePointer<CChar>, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?, UnsafeMutableRawPointer?, Int
    ) -> Int32

    /// jemalloc's `mallctl`, when jemalloc is the process's allocator.
    private static let jemallocControl: MallocControl? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallctl") else { return nil }
        return unsafeBitCast(symbol, to: MallocControl.self)
    }()
    #endif
}

#if os(Linux)
/// glibc's `malloc_trim` (declared in malloc.h, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
