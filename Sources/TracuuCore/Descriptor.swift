#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CTracuuFile

/// Writing to a file descriptor, for everything that writes files or
/// standard output without Foundation's `FileHandle` (index files, WARC
/// archives, results).
public enum Descriptor {
    /// Writes every byte of `bytes`, again after a partial write or an
    /// interrupted call; 0 when all went out, else the `errno` of the
    /// failure.
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var written = 0
        while written < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            written += count
        }
        return 0
    }

    /// Starts writing the file's dirty pages to disk and returns without
    /// waiting; 0, or the `errno` of a refusal. Nothing is durable until an
    /// fsync: this only lets the disk work while the writer goes on, so the
    /// fsync a commit does later finds little left to wait for.
    public static func startWriteback(_ descriptor: Int32) -> Int32 {
        CTracuuFile_startWriteback(descriptor)
    }
}
