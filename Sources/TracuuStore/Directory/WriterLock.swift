import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// The one-writer rule: an exclusive `flock` on `LOCK` in the index folder.
///
/// `flock` belongs to the open file, so the kernel releases it when the
/// writer exits or is killed: there are no stale locks to clean up by hand.
/// The holder writes its pid into the file, so a second writer can say who
/// is in the way.
public final class WriterLock: @unchecked Sendable {
    public static let fileName = "LOCK"
    private var descriptor: Int32

    public init(directory: IndexDirectory) throws(StoreError) {
        let path = directory.path + "/" + WriterLock.fileName
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError(.io, "cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            var holder = [UInt8](repeating: 0, count: 64)
            let count = pread(descriptor, &holder, 64, 0)
            let pid = count > 0 ? String(decoding: holder[..<count], as: UTF8.self).trimmed() : "?"
            // The instance is whole, so throwing runs `deinit`: mark the
            // descriptor gone, or `release()` would truncate and close it
            // again, by then maybe another thread's file under that number.
            close(descriptor)
            descriptor = -1
            throw StoreError(
                .locked,
                "the index at \(directory.path) is being written by another tracuu process (pid \(pid)); wait for it to finish")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    /// Releases the lock (also released when the process ends).
    public func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
