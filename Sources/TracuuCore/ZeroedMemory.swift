#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffers of plain values that start as all zero bytes, from `calloc`.
///
/// Why not `allocate` + `initialize(repeating:)`: the analyzer's tables
/// start at a few hundred kilobytes each, and writing their zeros touched
/// every page at once — 2 MB of page faults and memset, a twentieth of a
/// whole `tracuu search` process, for tables a query fills a few slots of.
/// Large `calloc` blocks come from fresh zero pages the kernel maps only
/// when they are first touched. Blocks that span a whole 2 MiB huge page
/// (indexing's tables, never a query's) are advised onto huge pages
/// (`HugePages`).
public enum ZeroedMemory {
    /// `count` zeroed values aligned to `alignment` (a power of two), and the
    /// block to hand to `free` later.
    public static func allocate<T: BitwiseCopyable>(
        _ type: T.Type, count: Int, alignment: Int = 16
    ) -> (values: UnsafeMutablePointer<T>, block: UnsafeMutableRawPointer) {
        let extra = max(0, alignment - 16)
        guard let block = calloc(count * MemoryLayout<T>.stride + extra, 1) else {
            fatalError("out of memory allocating \(count * MemoryLayout<T>.stride) bytes")
        }
        HugePages.advise(block, byteCount: count * MemoryLayout<T>.stride + extra)
        let address = (Int(bitPattern: block) + alignment - 1) & ~(alignment - 1)
        let values = UnsafeMutableRawPointer(bitPattern: address)!.bindMemory(to: T.self, capacity: count)
        return (values, block)
    }

    /// Like `allocate`, for a block about to be written all over (a hash
    /// table being rehashed into): its pages are mapped writable up front
    /// (`MADV_POPULATE_WRITE`). Why: a probe reads a slot before writing it,
    /// so each fresh page was first mapped to the shared zero page, then
    /// copied on the write that followed, and that copy flushed the TLB of
    /// the other thread (indexing's other worker, a search's helper)
    /// through an interprocessor interrupt. A hint: where the kernel lacks
    /// it (before Linux 5.14), pages are mapped on first touch as before.
    ///
    /// The advice covers whole pages only, and jemalloc starts a large
    /// block at a random offset into its first page (its cache-oblivious
    /// layout), so the partial pages at either end are written here, a
    /// zero where calloc left one. Left to the probes, they were the query
    /// analyzer's remaining copy-on-write faults: a new query word's parse
    /// took 30–45 µs instead of 5–10 when its slot fell on one.
    public static func allocateForWriting<T: BitwiseCopyable>(
        _ type: T.Type, count: Int, alignment: Int = 16
    ) -> (values: UnsafeMutablePointer<T>, block: UnsafeMutableRawPointer) {
        let result = allocate(type, count: count, alignment: alignment)
        let bytes = UnsafeMutableRawPointer(result.values)
        let byteCount = count * MemoryLayout<T>.stride
        PageAdvice.advise(bytes, byteCount: byteCount, unit: PageAdvice.pageSize, advice: PageAdvice.populateWrite)
        if byteCount > 0 {
            bytes.storeBytes(of: 0, as: UInt8.self)
            bytes.storeBytes(of: 0, toByteOffset: byteCount - 1, as: UInt8.self)
        }
        return result
    }

    public static func free(_ block: UnsafeMutableRawPointer) {
        #if canImport(Glibc)
        Glibc.free(block)
        #else
        Darwin.free(block)
        #endif
    }
}
