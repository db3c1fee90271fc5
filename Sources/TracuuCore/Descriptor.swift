#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
}
