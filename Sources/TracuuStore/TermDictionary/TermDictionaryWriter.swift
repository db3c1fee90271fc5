import TracuuCore

/// Writes a segment's term dictionary and fold map (FORMAT.md, "Term
/// dictionary"): terms in byte order, prefix-compressed in blocks of 32, and
/// for each block its first term in an index readers load into memory.
///
/// Each block's checksum sits in its index entry and the indexes carry
/// their own, so a reader checks at open only the indexes it loads and a
/// block when it first decodes it: opening a segment reads kilobytes, not
/// the whole dictionary (the whole file's checksum took half a millisecond
/// of every search process on the benchmark corpus, and grows with it).
/// The index entries have a fixed width and their keys lie after them, so
/// a reader binary searches the mapped indexes as they are, with nothing
/// to decode at open (decoding them was 4.4 million instructions, an
/// eighth of a search process, on the benchmark index).
struct TermDictionaryWriter {
    static let blockSize = 32

    private let output: IndexOutput
    private var block = ByteWriter()
    private var blockCount = 0
    private var entriesInBlock = 0
    private var previousTerm: [UInt8] = []
    private var termIndex = ByteWriter()
    private var termKeys = ByteWriter()
    private var termCount = 0

    /// Bytes of an index entry with `extras` numbers after its block
    /// offset (FORMAT.md): 40 for a term block (two), 24 for a fold block.
    static func entrySize(extras: Int) -> Int { 16 + 8 * extras + 8 }

    init(output: IndexOutput) { self.output = output }

    /// Adds the next term (strictly greater than the previous one).
    /// Terms' postings follow each other in the postings file, so an entry
    /// records its length (the next offset follows) and its checksum; the
    /// block's first offsets are in the term index.
    mutating func add(
        term: [UInt8], docFreq: Int, hasPositions: Bool, written: PostingsWriter.Written
    ) throws(StoreError) {
        if entriesInBlock == TermDictionaryWriter.blockSize { try flushBlock() }
        if entriesInBlock == 0 {
            TermDictionaryWriter.startEntry(&termIndex, keys: &termKeys, key: term, blockOffset: output.offset + block.count)
            termIndex.u64(UInt64(written.postingsOffset))
            termIndex.u64(UInt64(written.positionsOffset))
            previousTerm = []
        }
        let prefix = sharedPrefix(previousTerm, term)
        block.varint(prefix)
        block.varint(term.count - prefix)
        block.append(term[prefix...])
        block.varint(docFreq)
        block.varint(written.postingsLength)
        block.u32(written.postingsChecksum)
        if hasPositions {
            block.varint(written.positionsLength)
            block.u32(written.positionsChecksum)
        }
        previousTerm = term
        entriesInBlock += 1
        termCount += 1
    }

    private mutating func flushBlock() throws(StoreError) {
        guard entriesInBlock > 0 else { return }
        TermDictionaryWriter.endEntry(&termIndex, checksum: CRC32C.checksum(block.bytes))
        try output.write(block)
        block.removeAll()
        blockCount += 1
        entriesInBlock = 0
    }

    /// Writes the fold map, the indexes, the field table and the trailer.
    /// `foldEntries` are sorted by key.
    mutating func finish(foldEntries: [FoldGroup], fields: [IndexSchema.Field]) throws(StoreError) {
        try flushBlock()
        var foldIndex = ByteWriter()
        var foldKeys = ByteWriter()
        var foldBlockCount = 0
        var foldBlock = ByteWriter()
        var inBlock = 0
        var previousKey: [UInt8] = []
        /// Writes the block with its checksum ending its index entry.
        func flushFoldBlock() throws(StoreError) {
            guard inBlock > 0 else { return }
            TermDictionaryWriter.endEntry(&foldIndex, checksum: CRC32C.checksum(foldBlock.bytes))
            try output.write(foldBlock)
            foldBlock.removeAll()
            inBlock = 0
        }
        for entry in foldEntries {
            if inBlock == TermDictionaryWriter.blockSize { try flushFoldBlock() }
            if inBlock == 0 {
                TermDictionaryWriter.startEntry(
                    &foldIndex, keys: &foldKeys, key: entry.key, blockOffset: output.offset + foldBlock.count)
                previousKey = []
                foldBlockCount += 1
            }
            let prefix = sharedPrefix(previousKey, entry.key)
            foldBlock.varint(prefix)
            foldBlock.varint(entry.key.count - prefix)
            foldBlock.append(entry.key[prefix...])
            foldBlock.varint(entry.ordinals.count)
            foldBlock.varint(entry.docFreq ?? 0)
            var previous = 0
            for ordinal in entry.ordinals {
                foldBlock.varint(ordinal - previous)
                previous = ordinal
            }
            previousKey = entry.key
            inBlock += 1
        }
        try flushFoldBlock()
        let termIndexOffset = output.offset
        try output.write(termIndex)
        try output.write(termKeys)
        let foldIndexOffset = output.offset
        try output.write(foldIndex)
        try output.write(foldKeys)
        let fieldTableOffset = output.offset
        var fieldTable = ByteWriter()
        fieldTable.u8(UInt8(fields.count))
        for field in fields {
            fieldTable.u8(field.id)
            fieldTable.u8((field.hasPositions ? 1 : 0) | (field.folded ? 2 : 0))
        }
        try output.write(fieldTable)
        var trailer = ByteWriter()
        trailer.u64(UInt64(termCount))
        trailer.u32(UInt32(blockCount))
        trailer.u32(UInt32(foldBlockCount))
        trailer.u64(UInt64(termIndexOffset))
        trailer.u64(UInt64(foldIndexOffset))
        trailer.u64(UInt64(fieldTableOffset))
        trailer.u32(UInt32(TermDictionaryWriter.blockSize))
        var indexes = CRC32C()
        for part in [termIndex, termKeys, foldIndex, foldKeys, fieldTable, trailer] { indexes.update(part.bytes) }
        trailer.u32(indexes.value)
        try output.write(trailer)
    }

    /// Starts an index entry: where its key lies among the index's keys,
    /// the key's length and the block's offset (the extras follow, then
    /// `endEntry`). Also how a reader lays out an older file's entries.
    static func startEntry(_ index: inout ByteWriter, keys: inout ByteWriter, key: [UInt8], blockOffset: Int) {
        index.u32(UInt32(keys.count))
        index.u32(UInt32(key.count))
        index.u64(UInt64(blockOffset))
        keys.append(key)
    }

    /// Ends an index entry: the block's checksum and a reserved word.
    static func endEntry(_ index: inout ByteWriter, checksum: UInt32) {
        index.u32(checksum)
        index.u32(0)
    }

    /// The trailer of a version 6 file; `trailerSize - 4` before version 6
    /// (no checksum of the indexes).
    static let trailerSize = 8 + 4 + 4 + 8 + 8 + 8 + 4 + 4
}

@inline(__always)
func sharedPrefix(_ a: [UInt8], _ b: [UInt8]) -> Int {
    let limit = min(a.count, b.count)
    var i = 0
    while i < limit && a[i] == b[i] { i += 1 }
    return i
}
