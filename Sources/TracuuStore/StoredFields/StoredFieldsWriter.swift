import TracuuCore

/// Writes stored fields as documents are added (FORMAT.md, "Stored
/// fields"): documents are appended to a block, and a block is compressed
/// with zstd and written out when it reaches `blockTarget` bytes, so the
/// article text never accumulates in memory.
///
/// Why 256 KiB blocks and zstd level 3: measured on VNTC, zstd-3 compresses
/// 256 KiB blocks to 32% at ~150 MB/s (64 KiB: 35%; zlib-6 at 64 KiB: 33%
/// at 19 MB/s, a third of all indexing time); articles average 3 KB, so a
/// block holds about eighty and zstd finds the repetition across them
/// (bylines, boilerplate phrases, names). Showing a hit decompresses one
/// block, about a quarter of a millisecond.
struct StoredFieldsWriter {
    static let blockTarget = 256 << 10
    static let indexEntrySize = 24
    static let trailerSize = 20

    private let output: IndexOutput
    private var block = ByteWriter(capacity: StoredFieldsWriter.blockTarget + 4096)
    private var blockFirstDoc = 0
    private var docCount = 0
    private var index = ByteWriter()
    private var blockCount = 0

    init(output: IndexOutput) { self.output = output }

    mutating func add(_ fields: [(id: UInt8, bytes: [UInt8])]) throws(StoreError) {
        block.varint(fields.count)
        for field in fields {
            block.u8(field.id)
            block.lengthPrefixed(field.bytes)
        }
        docCount += 1
        if block.count >= StoredFieldsWriter.blockTarget { try flushBlock() }
    }

    private mutating func flushBlock() throws(StoreError) {
        guard block.count > 0 else { return }
        let compressed = Zstd.compress(block.bytes)
        index.u32(UInt32(blockFirstDoc))
        index.u64(UInt64(output.offset))
        index.u32(UInt32(compressed.count))
        index.u32(UInt32(block.count))
        index.u32(CRC32C.checksum(compressed))
        try output.write(compressed)
        block.removeAll()
        blockFirstDoc = docCount
        blockCount += 1
    }

    mutating func finish() throws(StoreError) {
        try flushBlock()
        let indexOffset = output.offset
        try output.write(index)
        var trailer = ByteWriter()
        trailer.u32(UInt32(blockCount))
        trailer.u32(UInt32(docCount))
        trailer.u64(UInt64(indexOffset))
        trailer.u32(CRC32C.checksum(index.bytes))
        try output.write(trailer)
    }
}
