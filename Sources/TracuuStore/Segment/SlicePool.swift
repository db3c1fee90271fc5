import TracuuCore

/// Append-only byte streams (one per term and kind: doc codes, positions)
/// kept in one paged arena, as chains of slices that grow with the stream —
/// the idea of Lucene's ByteBlockPool.
///
/// Why: a segment being built holds millions of streams (every distinct word
/// and syllable pair), most of a few bytes. As Swift arrays each would cost
/// an object header, a heap allocation per growth, copy-on-write checks on
/// every append and more memory than its content; here a new stream costs a
/// 16-byte slice, appends are pointer writes, and memory is whole 1 MiB
/// pages, which also makes the builder's memory budget exact.
///
/// A stream's state (`Stream`: where it writes, where its slice ends, its
/// level and first slice) is kept by the caller — inside its term's hash
/// slot, so writing a posting costs one cache miss for the slot and one for
/// the slice. A slice starts with a 4-byte header holding the address (in
/// 8-byte units) of the next slice of the chain, 0 while there is none;
/// slice sizes grow 16, 32, 64 … up to 4 KiB.
final class SlicePool {
    static let pageSize = 1 << 20
    static let headerSize = 4
    static let sizes: [Int] = [16, 32, 64, 128, 256, 512, 1024, 2048, 4096]

    /// Where a stream is; kept by the caller.
    struct Stream {
        var writeAt: UnsafeMutableRawPointer
        var sliceEnd: UnsafeMutableRawPointer
        var first: UInt32
        var level: UInt8

        /// No stream (`first` 0): a field without positions keeps this.
        static var none: Stream { Stream(
            writeAt: UnsafeMutableRawPointer(bitPattern: 8)!, sliceEnd: UnsafeMutableRawPointer(bitPattern: 8)!,
            first: 0, level: 0) }
    }

    private var pages: [UnsafeMutableRawPointer] = []
    private var page = -1
    private var used = SlicePool.pageSize

    deinit { for page in pages { page.deallocate() } }

    /// Bytes held.
    var memoryBytes: Int { pages.count * SlicePool.pageSize }

    /// A new, empty stream.
    func newStream() -> Stream {
        let (slice, address) = allocateSlice(size: SlicePool.sizes[0])
        return Stream(
            writeAt: slice + SlicePool.headerSize, sliceEnd: slice + SlicePool.sizes[0], first: address, level: 0)
    }

    /// Appends an unsigned LEB128 varint.
    @inline(__always)
    func appendVarint(_ stream: inout Stream, _ value: UInt64) {
        var v = value
        // Fast path: room for the longest varint in the current slice.
        if stream.sliceEnd - stream.writeAt >= 10 {
            var pointer = stream.writeAt
            while v >= 0x80 {
                pointer.storeBytes(of: UInt8(truncatingIfNeeded: v) | 0x80, as: UInt8.self)
                pointer += 1
                v >>= 7
            }
            pointer.storeBytes(of: UInt8(v), as: UInt8.self)
            stream.writeAt = pointer + 1
            return
        }
        while v >= 0x80 {
            append(&stream, UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        append(&stream, UInt8(v))
    }

    @inline(__always)
    func append(_ stream: inout Stream, _ byte: UInt8) {
        if stream.writeAt == stream.sliceEnd { nextSlice(&stream) }
        stream.writeAt.storeBytes(of: byte, as: UInt8.self)
        stream.writeAt += 1
    }

    /// Writes the whole stream to `output`, slice by slice; returns the
    /// CRC32C of its bytes.
    func write(_ stream: Stream, to output: IndexOutput) throws(StoreError) -> UInt32 {
        var crc = CRC32C()
        var slice = pointer(stream.first)
        var level = 0
        while true {
            let next = slice.load(as: UInt32.self)
            let dataStart = slice + SlicePool.headerSize
            let end = next == 0 ? stream.writeAt : slice + SlicePool.sizes[level]
            let bytes = UnsafeRawBufferPointer(start: dataStart, count: end - dataStart)
            crc.update(bytes)
            try output.write(bytes)
            if next == 0 { return crc.value }
            slice = pointer(next)
            level = min(level + 1, SlicePool.sizes.count - 1)
        }
    }

    /// Replaces `result`'s contents with the whole stream (a buffer reused
    /// from term to term at flush).
    func copy(_ stream: Stream, into result: inout [UInt8]) {
        result.removeAll(keepingCapacity: true)
        var slice = pointer(stream.first)
        var level = 0
        while true {
            let next = slice.load(as: UInt32.self)
            let dataStart = slice + SlicePool.headerSize
            if next == 0 {
                result.append(
                    contentsOf: UnsafeRawBufferPointer(start: dataStart, count: stream.writeAt - dataStart))
                return
            }
            result.append(
                contentsOf: UnsafeRawBufferPointer(start: dataStart, count: SlicePool.sizes[level] - SlicePool.headerSize))
            slice = pointer(next)
            level = min(level + 1, SlicePool.sizes.count - 1)
        }
    }

    private func nextSlice(_ stream: inout Stream) {
        let newLevel = min(Int(stream.level) + 1, SlicePool.sizes.count - 1)
        let size = SlicePool.sizes[newLevel]
        let (slice, address) = allocateSlice(size: size)
        // Link from the current slice's header.
        let current = stream.sliceEnd - SlicePool.sizes[Int(stream.level)]
        current.storeBytes(of: address, as: UInt32.self)
        stream.writeAt = slice + SlicePool.headerSize
        stream.sliceEnd = slice + size
        stream.level = UInt8(newLevel)
    }

    /// A slice (header zeroed) and its address (in 8-byte units; 0 is never a slice).
    private func allocateSlice(size: Int) -> (UnsafeMutableRawPointer, UInt32) {
        if used + size > SlicePool.pageSize {
            let newPage = UnsafeMutableRawPointer.allocate(byteCount: SlicePool.pageSize, alignment: 8)
            pages.append(newPage)
            page = pages.count - 1
            used = page == 0 ? 8 : 0  // address 0 means "no next slice"
        }
        let slice = pages[page] + used
        slice.storeBytes(of: 0, as: UInt32.self)
        let address = UInt32((page * SlicePool.pageSize + used) / 8)
        used += size
        return (slice, address)
    }

    private func pointer(_ address: UInt32) -> UnsafeMutableRawPointer {
        let offset = Int(address) * 8
        return pages[offset / SlicePool.pageSize] + offset % SlicePool.pageSize
    }
}
