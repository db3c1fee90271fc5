import TracuuCore

/// Writes stored fields as documents are added (FORMAT.md, "Stored
/// fields"): documents are appended to a block, and a block is compressed
/// with zlib and written out when it reaches `blockTarget` bytes, so the
/// article text never accumulates in memory.
///
/// Why 64 KiB blocks: news articles average 3 KB, so a block holds about
/// twenty; zlib finds the repetition across articles (bylines, boilerplate
/// phrases, the same names), and showing one hit inflates one block.
struct StoredFieldsWriter {
    static let blockTarget = 64 << 10

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
        let compressed = Zlib.compress(block.bytes)
        index.u32(UInt32(blockFirstDoc))
        index.u64(UInt64(output.offset))
        index.u32(UInt32(compressed.count))
        index.u32(UInt32(block.count))
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
        try output.write(trailer)
    }
}
