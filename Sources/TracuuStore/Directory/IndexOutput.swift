#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TracuuCore

/// A new index file being written: buffered, checksummed as it goes, and
/// framed with the header and footer of FORMAT.md.
///
/// The file is created exclusively (a name is never reused); `finish()`
/// writes the footer, starts its writeback and closes it. It is not
/// fsynced here: the commit that first lists the file fsyncs it
/// (`IndexDirectory.sync`) before the commit file is written, as Lucene's
/// `Directory.sync` does. Why: a flush writes five files, and fsynced as
/// each was finished, the thread stopped for the disk five times before
/// it could write the next (workers waited about 4 s on fsync in a 4×
/// benchmark run, a core idle meanwhile); now each file's writeback runs
/// while the next ones are written, and the commit's fsyncs find part of
/// it done (fsync time over a 4× run 2.85 → 2.38 s). If the output is
/// dropped without
/// `finish()` — an error mid-write — the partial file is deleted, so a
/// failed write leaves nothing behind.
public final class IndexOutput {
    public let path: String
    public let name: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    private var crc = CRC32C()
    /// Bytes written so far, header included.
    public private(set) var offset: Int = 0
    private var finished = false
    private static let bufferSize = 1 << 18

    /// Creates `name` in `directory` and writes its header.
    public init(directory: IndexDirectory, name: String, kind: FileKind, segmentID: UInt64) throws(StoreError) {
        self.name = name
        self.path = directory.path + "/" + name
        try directory.faults.check(.create, name)
        descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError(.io, "cannot create index file \(path): \(String(cString: strerror(errno)))")
        }
        buffer.reserveCapacity(IndexOutput.bufferSize)
        self.directory = directory
        try write(FileFraming.header(kind: kind, segmentID: segmentID))
    }

    private let directory: IndexDirectory

    deinit {
        if !finished {
            close(descriptor)
            unlink(path)
        }
    }

    public func write(_ bytes: [UInt8]) throws(StoreError) {
        try bytes.withStoreBytes { (raw: UnsafeRawBufferPointer) throws(StoreError) in try write(raw) }
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(StoreError) {
        crc.update(bytes)
        offset += bytes.count
        if buffer.count + bytes.count > IndexOutput.bufferSize {
            try drain()
            if bytes.count > IndexOutput.bufferSize {
                try writeAll(bytes)
                return
            }
        }
        buffer.append(contentsOf: bytes)
    }

    public func write(_ writer: ByteWriter) throws(StoreError) { try write(writer.bytes) }

    /// Pads with zeros to a multiple of `alignment` (for fixed-width columns).
    public func pad(toMultipleOf alignment: Int) throws(StoreError) {
        let padding = (alignment - offset % alignment) % alignment
        if padding > 0 { try write([UInt8](repeating: 0, count: padding)) }
    }

    /// Writes the footer, starts the writeback (unless `writeback` is
    /// false: a file read once and deleted) and closes (see the type's
    /// notes for the fsync). Returns the file's length and checksum.
    @discardableResult
    public func finish(writeback: Bool = true) throws(StoreError) -> (length: UInt64, checksum: UInt32) {
        let bodyLength = UInt64(offset)
        let checksum = crc.value
        var footer = ByteWriter(capacity: FileFraming.footerSize)
        footer.u64(bodyLength)
        footer.u32(checksum)
        footer.append(FileFraming.footerMagic)
        buffer.append(contentsOf: footer.bytes)
        offset += footer.count
        try drain()
        // A refusal here is harmless (the fsync at commit reports real
        // trouble), so it is not an error.
        if writeback { _ = Descriptor.startWriteback(descriptor) }
        close(descriptor)
        finished = true
        return (UInt64(offset), checksum)
    }

    private func drain() throws(StoreError) {
        guard !buffer.isEmpty else { return }
        try buffer.withStoreBytes { (raw: UnsafeRawBufferPointer) throws(StoreError) in try writeAll(raw) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws(StoreError) {
        try directory.faults.check(.write, name)
        let failure = Descriptor.writeAll(descriptor, bytes)
        guard failure == 0 else {
            throw StoreError(.io, "cannot write index file \(path): \(String(cString: strerror(failure)))")
        }
    }
}
