import TracuuCore

/// Writes stored fields as documents are added (FORMAT.md, "Stored
/// fields"): each document is its own zstd frame, compressed with a
/// dictionary trained on the segment's first documents, so showing a hit
/// decompresses that article alone.
///
/// Why: a search shows ten hits, and with 256 KiB blocks (version 3) each
/// hit cost a whole block's decompression, about 0.3 ms, which made up most
/// of a short query's time. One frame per 3 KB article decompresses in
/// about 6 µs; alone it would compress a fifth worse than inside a block,
/// but a 64 KiB dictionary trained on about 1.5 MiB of the segment's first
/// articles brings it back within 8 % (measured on VNTC: 3.04 → 2.81 times
/// smaller than the text). Training takes a few tens of milliseconds per
/// segment. Only the sample is held in memory before the dictionary exists;
/// afterwards documents are compressed and written as they come.
struct StoredFieldsWriter {
    static let dictionaryCapacity = 64 << 10
    /// Documents are held back until they add up to this much, then a
    /// dictionary is trained on them.
    static let sampleTarget = 3 << 19
    /// Fewer sample bytes than this train no useful dictionary (small
    /// segments: frames go without one).
    static let sampleMinimum = 64 << 10
    static let indexEntrySize = 12
    /// The largest document a reader accepts (a damaged frame header must
    /// not make it allocate gigabytes); the ingester refuses pages far
    /// smaller than this.
    static let documentLimit = 1 << 30
    static let trailerSize = 24

    private let output: IndexOutput
    /// Documents waiting for the dictionary (nil once it exists).
    private var pending: [[UInt8]]? = []
    private var pendingBytes = 0
    private var compressor: ZstdDictionary.Compressor?
    private var dictionaryLength = 0
    private var dictionaryChecksum: UInt32 = 0
    private var docCount = 0
    private var index = ByteWriter()

    init(output: IndexOutput) { self.output = output }

    /// Bytes held in memory at most (the writer's budget counts them): the
    /// sample, and while training, zstd's table of 6 · 2^f bytes (f = 20).
    static var memoryBound: Int { sampleTarget + 6 << 20 }

    mutating func add(_ fields: [(id: UInt8, bytes: [UInt8])]) throws(StoreError) {
        var document = ByteWriter(capacity: fields.reduce(8) { $0 + $1.bytes.count + 6 })
        document.varint(fields.count)
        for field in fields {
            document.u8(field.id)
            document.lengthPrefixed(field.bytes)
        }
        docCount += 1
        guard pending != nil else { return try write(document.bytes) }
        pendingBytes += document.count
        pending?.append(document.bytes)
        if pendingBytes >= StoredFieldsWriter.sampleTarget { try startFrames() }
    }

    /// Trains the dictionary on the documents held back, writes it, then
    /// their frames.
    private mutating func startFrames() throws(StoreError) {
        guard let samples = pending else { return }
        pending = nil
        let dictionary =
            pendingBytes >= StoredFieldsWriter.sampleMinimum
            ? ZstdDictionary.train(samples, capacity: StoredFieldsWriter.dictionaryCapacity) ?? [] : []
        try output.write(dictionary)
        dictionaryLength = dictionary.count
        dictionaryChecksum = CRC32C.checksum(dictionary)
        compressor = ZstdDictionary.Compressor(dictionary: dictionary)
        for document in samples { try write(document) }
    }

    private mutating func write(_ document: [UInt8]) throws(StoreError) {
        guard let compressor else { preconditionFailure("frames are written after the dictionary") }
        let frame = compressor.compress(document)
        index.u64(UInt64(output.offset))
        index.u32(CRC32C.checksum(frame))
        try output.write(frame)
    }

    mutating func finish() throws(StoreError) {
        try startFrames()
        let indexOffset = output.offset
        try output.write(index)
        var trailer = ByteWriter()
        trailer.u32(UInt32(docCount))
        trailer.u32(UInt32(dictionaryLength))
        trailer.u32(dictionaryChecksum)
        trailer.u64(UInt64(indexOffset))
        trailer.u32(CRC32C.checksum(index.bytes))
        try output.write(trailer)
    }
}
