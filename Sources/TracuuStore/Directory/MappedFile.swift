import TracuuCore

#if canImport(Glibc)
import Glibc
#endif

/// A whole file mapped read-only into memory.
///
/// Readers work straight on the mapping: the kernel's page cache is the
/// cache, opening an index costs no reads, and several processes searching
/// one index share its pages. Files are immutable once committed, so the
/// mapping never changes under a reader (a later commit writes new files;
/// deleting an old file keeps its pages alive until the last mapping goes).
/// The one exception is a hit's stored frames, copied out with `copy(_:)`.
public final class MappedFile: @unchecked Sendable {
    public let name: String
    public let buffer: UnsafeRawBufferPointer
    /// The file, kept open for `copy(_:)` (-1: closed once mapped).
    private var descriptor: Int32 = -1

    /// `populate`: map every page at once (`MAP_POPULATE`), for files read
    /// whole as soon as they are opened (to verify their checksum): one
    /// call instead of a page fault per 4 KiB. `readable`: keep the file
    /// open for `copy(_:)`.
    init(path: String, name: String, populate: Bool = false, readable: Bool = false) throws(StoreError) {
        self.name = name
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "it is missing" : String(cString: strerror(errno))
            throw StoreError(errno == ENOENT ? .corrupt : .io, "cannot open index file \(path): \(reason)")
        }
        var keepsDescriptor = false
        defer { if !keepsDescriptor { close(descriptor) } }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw StoreError(.io, "cannot stat index file \(path): \(String(cString: strerror(errno)))")
        }
        let size = Int(info.st_size)
        if size == 0 {
            buffer = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let address = mmap(nil, size, PROT_READ, MAP_SHARED | (populate ? MAP_POPULATE : 0), descriptor, 0), address != MAP_FAILED else {
            throw StoreError(.io, "cannot map index file \(path): \(String(cString: strerror(errno)))")
        }
        buffer = UnsafeRawBufferPointer(start: address, count: size)
        if readable {
            self.descriptor = descriptor
            keepsDescriptor = true
        }
    }

    deinit {
        if let base = buffer.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), buffer.count) }
        if descriptor >= 0 { close(descriptor) }
    }

    /// The bytes of `range` copied out of the file: with `pread` when it
    /// was opened `readable`, not read through the mapping; else from the
    /// mapping.
    ///
    /// Why: a search reads each hit's stored frames once, from anywhere in
    /// a file of a hundred megabytes. Through the mapping each was a page
    /// fault, and the kernel mapped the fifteen pages around it too, which
    /// the next hit rarely reads: about three times the cost of copying
    /// the few hundred bytes from the page cache (one-word batch p50 at 4×
    /// 0.89 -> 0.81 ms, three in four hits' copies read too).
    public func copy(_ range: Range<Int>) throws(StoreError) -> [UInt8] {
        guard range.lowerBound >= 0, range.upperBound <= buffer.count else {
            throw StoreError.corrupt(name, "bytes \(range) lie outside the file (\(buffer.count) bytes)")
        }
        guard descriptor >= 0 else { return Array(buffer[range]) }
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: range.count) { target, count in
            var done = 0
            while done < range.count {
                let got = pread(descriptor, target.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
                if got < 0, errno == EINTR { continue }
                guard got > 0 else {
                    failure = got < 0 ? errno : EIO
                    break
                }
                done += got
            }
            count = done
        }
        guard failure == 0 else {
            throw StoreError(.io, "cannot read \(name) at \(range.lowerBound): \(String(cString: strerror(failure)))")
        }
        return bytes
    }

    /// Maps every page of the file into this process now
    /// (`MADV_POPULATE_READ`, Linux 5.14), reading from the disk those not
    /// in the page cache, in order. Returns whether the kernel did it; it
    /// is only ever a speed-up (`IndexReader.preload`).
    @discardableResult
    public func mapAllPages() -> Bool {
        guard let base = buffer.baseAddress else { return true }
        return madvise(UnsafeMutableRawPointer(mutating: base), buffer.count, PageAdvice.populateRead) == 0
    }

    /// Drops the mapping's pages from this process's resident set (they stay
    /// in the page cache, and fault back in if read again). A merge reads
    /// whole segments once; without this they would all count in its RSS.
    public func dropResidentPages() {
        guard let base = buffer.baseAddress else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base), buffer.count, MADV_DONTNEED)
    }

    /// A reader over the whole file.
    public func reader(offset: Int = 0, end: Int? = nil) -> ByteReader {
        ByteReader(buffer, offset: offset, end: end, file: name)
    }
}
