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

    /// Writes one term. `length(doc)` gives the document's field length for
    /// the skip data. Returns the offsets the dictionary records.
    mutating func write(
        docStream: [UInt8], positionStream: [UInt8], docFreq: Int, hasPositions: Bool, length: (Int) -> Int
    ) throws(StoreError) -> (postings: Int, positions: Int) {
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
                        for _ in 0..<PostingsFormat.blockSize {
                            let code = try docs.varint()
                            doc += Int(code >> 1)
                            let freq = code & 1 == 1 ? 1 : try docs.varintInt()
                            maxFreq = max(maxFreq, freq)
                            minLength = min(minLength, length(doc))
                            if hasPositions {
                                for _ in 0..<freq { _ = try positionReader.varint() }
                            }
                        }
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
        }
        try postings.write(docStream)
        if hasPositions { try positions.write(positionStream) }
        return (postingsOffset, positionsOffset)
    }
}
