import TracuuCore

/// Writes terms' postings and positions (FORMAT.md, "Postings" and
/// "Positions") from the streams `SegmentBuilder` accumulated.
///
/// The builder already keeps each term's documents as the delta codes of the
/// format and its positions as position deltas, so writing is: find the
/// block boundaries, compute each block's skip entry, then copy the bytes.
struct PostingsWriter {
    let postings: IndexOutput
    let positions: IndexOutput
    private var skip = ByteWriter()

    init(postings: IndexOutput, positions: IndexOutput) {
        self.postings = postings
        self.positions = positions
    }

    /// Where a term's postings and positions went, for its dictionary entry.
    struct Written {
        var postingsOffset: Int
        var postingsLength: Int
        var postingsChecksum: UInt32
        var positionsOffset: Int
        var positionsLength: Int
        var positionsChecksum: UInt32
    }

    /// Writes a term of fewer than a block of documents (no skip data),
    /// whose streams the caller writes (see `SegmentTermsWriter.add`).
    mutating func writeDirect(
        hasPositions: Bool, writeDocs: (IndexOutput) throws(StoreError) -> UInt32,
        writePositions: (IndexOutput) throws(StoreError) -> UInt32
    ) throws(StoreError) -> Written {
        let postingsOffset = postings.offset
        let positionsOffset = positions.offset
        let postingsChecksum = try writeDocs(postings)
        let positionsChecksum = hasPositions ? try writePositions(positions) : 0
        return Written(
            postingsOffset: postingsOffset, postingsLength: postings.offset - postingsOffset,
            postingsChecksum: postingsChecksum, positionsOffset: positionsOffset,
            positionsLength: positions.offset - positionsOffset, positionsChecksum: positionsChecksum)
    }

    /// Writes one term. `length(doc)` gives the document's field length for
    /// the skip data. Returns what the dictionary records.
    mutating func write(
        docStream: [UInt8], positionStream: [UInt8], docFreq: Int, hasPositions: Bool, length: (Int) -> Int
    ) throws(StoreError) -> Written {
        var checksum = CRC32C()
        let postingsOffset = postings.offset
        let positionsOffset = positions.offset
        let fullBlocks = docFreq / PostingsFormat.blockSize
        if fullBlocks > 0 {
            skip.removeAll()
            var docCursor = 0
            var positionCursor = 0
            var doc = 0
            var previousBlockLast = 0
            try docStream.withStoreBytes { (docBytes: UnsafeRawBufferPointer) throws(StoreError) in
                try positionStream.withStoreBytes { (positionBytes: UnsafeRawBufferPointer) throws(StoreError) in
                    var docs = ByteReader(docBytes, file: "segment buffer")
                    var positionReader = ByteReader(positionBytes, file: "segment buffer")
                    for _ in 0..<fullBlocks {
                        let blockStart = docCursor
                        let positionStart = positionCursor
                        var maxFreq = 0
                        var minLength = Int.max
                        var blockPositions = 0
                        for _ in 0..<PostingsFormat.blockSize {
                            let code = try docs.varint()
                            doc += Int(code >> 1)
                            let freq = code & 1 == 1 ? 1 : try docs.varintInt()
                            maxFreq = max(maxFreq, freq)
                            minLength = min(minLength, length(doc))
                            blockPositions += freq
                        }
                        // The block's positions end after this many varints.
                        if hasPositions { try positionReader.skipVarints(blockPositions) }
                        docCursor = docs.offset
                        positionCursor = positionReader.offset
                        skip.varint(doc - previousBlockLast)
                        skip.varint(docCursor - blockStart)
                        skip.varint(positionCursor - positionStart)
                        skip.varint(maxFreq)
                        skip.varint(minLength == .max ? 0 : minLength)
                        previousBlockLast = doc
                    }
                }
            }
            try postings.write(skip)
            checksum.update(skip.bytes)
        }
        try postings.write(docStream)
        checksum.update(docStream)
        if hasPositions { try positions.write(positionStream) }
        return Written(
            postingsOffset: postingsOffset, postingsLength: postings.offset - postingsOffset,
            postingsChecksum: checksum.value, positionsOffset: positionsOffset,
            positionsLength: positions.offset - positionsOffset,
            positionsChecksum: hasPositions ? CRC32C.checksum(positionStream) : 0)
    }
}
