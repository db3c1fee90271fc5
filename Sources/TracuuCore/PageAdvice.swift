#if canImport(Glibc)
import Glibc
#endif

/// `madvise` over the whole pages inside a block of memory: the kernel
/// takes advice only for page-aligned ranges, and a block from `malloc`
/// starts and ends anywhere. Its partial first and last pages are left
/// alone (they may hold other allocations).
public enum PageAdvice {
    /// `MADV_POPULATE_READ` and `MADV_POPULATE_WRITE` (Linux 5.14): map
    /// pages now, readable or writable, rather than a fault at a time. Not
    /// in every libc's headers; a kernel without them refuses the advice.
    public static let populateRead: Int32 = 22
    public static let populateWrite: Int32 = 23

    /// The system's page size, read once.
    static let pageSize: Int = {
        #if os(Linux)
        Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        4096
        #endif
    }()

    /// Gives `advice` for the `unit`-aligned part (`unit` a power of two, a
    /// multiple of the page size) of `byteCount` bytes at `start`; nothing
    /// when that part is empty. Advice is a hint: its result is not checked.
    static func advise(_ start: UnsafeMutableRawPointer, byteCount: Int, unit: Int, advice: Int32) {
        #if os(Linux)
        let low = (Int(bitPattern: start) + unit - 1) & ~(unit - 1)
        let high = (Int(bitPattern: start) + byteCount) & ~(unit - 1)
        guard high > low else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: low), high - low, advice)
        #endif
    }
}
