internal import CTracuuZlib
#if canImport(Glibc)
import Glibc
#endif

/// zlib, for the two places tracuu needs it: compressing stored-field blocks
/// in the index and reading `.gz` corpora and archives.
public enum Zlib {
    /// Compresses `bytes` in the zlib format (level 6 by default: within a few
    /// percent of level 9's size at about three times the speed on news text).
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        let bound = Int(CTracuuZlib_compressBound(Int64(bytes.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let produced = bytes.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                CTracuuZlib_compress(
                    source.baseAddress, Int64(source.count), destination.baseAddress, Int64(bound), level)
            }
        }
        precondition(produced >= 0, "compress2 cannot fail with a compressBound-sized buffer")
        output.removeLast(bound - Int(produced))
        return output
    }

    /// Decompresses zlib data of exactly `length` bytes; nil when damaged.
    public static func uncompress(_ bytes: UnsafeRawBufferPointer, length: Int) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: length)
        let status = output.withUnsafeMutableBufferPointer { destination in
            CTracuuZlib_uncompress(
                bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int64(bytes.count),
                destination.baseAddress, Int64(length))
        }
        return status == 0 ? output : nil
    }

    /// Inflates a whole gzip stream held in memory (every member); nil when damaged or truncated.
    public static func gunzip(_ bytes: [UInt8]) -> [UInt8]? {
        var length: Int64 = 0
        let pointer = bytes.withUnsafeBufferPointer { CTracuuZlib_gunzip($0.baseAddress, Int64($0.count), &length) }
        guard let pointer else { return nil }
        defer { CTracuuZlib_free(pointer) }
        return Array(UnsafeBufferPointer(start: pointer, count: Int(length)))
    }

    /// `bytes` as one gzip member; members concatenate into a valid
    /// `.gz` file (how a `.warc.gz` holds one record per member).
    public static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var length: Int64 = 0
        let pointer = bytes.withUnsafeBufferPointer { CTracuuZlib_gzip($0.baseAddress, Int64($0.count), &length) }
        guard let pointer else { fatalError("zlib could not allocate memory for \(bytes.count) bytes") }
        defer { CTracuuZlib_free(pointer) }
        return Array(UnsafeBufferPointer(start: pointer, count: Int(length)))
    }
}

/// Reads a file sequentially, inflating it when it is gzip-compressed (with
/// ISA-L's igzip, four times zlib's speed; plain files pass through
/// unchanged, and it reads on across the gzip members a `.warc.gz` is made
/// of), and hands out its lines or bytes.
///
/// Useful for JSONL corpora of any size: memory stays at one buffer plus the
/// longest line. Not thread-safe; one reader per file.
public final class CompressedLineReader {
    private let file: OpaquePointer
    private let path: String
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false

    /// Opens `path`; throws when it cannot be opened.
    public init(path: String) throws(LineReaderError) {
        guard let file = CTracuuZlib_open(path) else {
            throw LineReaderError(path: path, reason: "cannot open the file")
        }
        self.file = file
        self.path = path
    }

    deinit { CTracuuZlib_close(file) }

    /// The next line without its "\n" (and without a trailing "\r"), or nil at the end.
    public func nextLine() throws(LineReaderError) -> ArraySlice<UInt8>? {
        while true {
            if let newline = nextNewline() {
                var end = newline
                if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = buffer[start..<end]
                start = newline + 1
                return line
            }
            if finished {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return line
            }
            try fill()
        }
    }

    /// The index of the first "\n" from `start` (memchr: a corpus line is
    /// kilobytes long, and a generic search tests it byte by byte).
    private func nextNewline() -> Int? {
        guard start < buffer.count else { return nil }
        return buffer.withUnsafeBytes { bytes in
            let base = bytes.baseAddress!
            return memchr(base + start, 0x0A, bytes.count - start).map { UnsafeRawPointer($0) - base }
        }
    }

    /// The next `count` bytes, or fewer when the file ends first (a
    /// length-prefixed record cut short), as WARC records are read.
    public func nextBytes(_ count: Int) throws(LineReaderError) -> ArraySlice<UInt8> {
        while buffer.count - start < count && !finished { try fill() }
        let end = min(buffer.count, start + count)
        let bytes = buffer[start..<end]
        start = end
        return bytes
    }

    private func fill() throws(LineReaderError) {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        // 256 KiB, the shim's input buffer: a gzip file is inflated
        // straight into ours, a chunk at a time.
        let chunk = 1 << 18
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        let readCount = buffer.withUnsafeMutableBufferPointer { pointer in
            CTracuuZlib_read(file, pointer.baseAddress! + oldCount, UInt32(chunk))
        }
        if readCount < 0 {
            let message = String(cString: CTracuuZlib_error(file))
            throw LineReaderError(path: path, reason: "cannot read: \(message)")
        }
        buffer.removeLast(chunk - Int(readCount))
        if readCount == 0 { finished = true }
    }
}

public struct LineReaderError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}
