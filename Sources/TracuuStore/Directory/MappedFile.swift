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
public final class MappedFile: @unchecked Sendable {
    public let name: String
    public let buffer: UnsafeRawBufferPointer

    /// `populate`: map every page at once (`MAP_POPULATE`), for files read
    /// whole as soon as they are opened (to verify their checksum): one
    /// call instead of a page fault per 4 KiB.
    init(path: String, name: String, populate: Bool = false) throws(StoreError) {
        self.name = name
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "it is missing" : String(cString: strerror(errno))
            throw StoreError(errno == ENOENT ? .corrupt : .io, "cannot open index file \(path): \(reason)")
        }
        defer { close(descriptor) }
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
    }

    deinit {
        if let base = buffer.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), buffer.count) }
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
