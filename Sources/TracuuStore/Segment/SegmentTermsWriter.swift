/// Writes a segment's term files — dictionary, postings, positions — from
/// terms given in byte order with their encoded streams: the one path both
/// a flushed builder and a merge go through.
struct SegmentTermsWriter {
    private let postingsOutput: IndexOutput
    private let positionsOutput: IndexOutput
    private let dictionaryOutput: IndexOutput
    private var postings: PostingsWriter
    private var dictionary: TermDictionaryWriter
    /// Per term of a folded field: its fold key, ordinal and group's
    /// document count (0: not known). 32-bit numbers: a merge holds one
    /// per term of the merged segment.
    private var foldEntries: [(key: [UInt8], ordinal: Int32, groupDocFreq: Int32)] = []
    private var ordinal = 0
    private let schema: IndexSchema
    private let fold: @Sendable ([UInt8]) -> [UInt8]
    private let positional: [Bool]
    private let folded: [Bool]
    /// Per field byte: the length column's values (for skip data), if any.
    private let lengths: [[Int64]?]

    /// `columns` are the segment's column values, from which each field's
    /// length column is read for the skip data's minimum lengths.
    init(
        segment: SegmentFiles, schema: IndexSchema, fold: @escaping @Sendable ([UInt8]) -> [UInt8],
        columns: [[Int64]]
    ) throws(StoreError) {
        postingsOutput = try segment.output(.postings)
        positionsOutput = try segment.output(.positions)
        dictionaryOutput = try segment.output(.dictionary)
        postings = PostingsWriter(postings: postingsOutput, positions: positionsOutput)
        dictionary = TermDictionaryWriter(output: dictionaryOutput)
        self.schema = schema
        self.fold = fold
        var positional = [Bool](repeating: false, count: 256)
        var folded = [Bool](repeating: false, count: 256)
        var lengths = [[Int64]?](repeating: nil, count: 256)
        for field in schema.fields {
            positional[Int(field.id)] = field.hasPositions
            folded[Int(field.id)] = field.folded
            if let tag = field.lengthColumn, let index = schema.columnIndex(tag) { lengths[Int(field.id)] = columns[index] }
        }
        self.positional = positional
        self.folded = folded
        self.lengths = lengths
    }

    /// Adds the next term (field byte + bytes, greater than the previous
    /// one) with its document stream (FORMAT.md's delta codes) and, for a
    /// positional field, its position stream.
    /// `foldKey`, when given, is the fold of the key's bytes (after the
    /// field byte) worked out already; `groupDocFreq` the documents holding
    /// a term of its fold group, when the caller counted them.
    mutating func add(
        key: [UInt8], foldKey: [UInt8]? = nil, groupDocFreq: Int? = nil, docFreq: Int, docStream: [UInt8],
        positionStream: [UInt8]
    ) throws(StoreError) {
        let field = Int(key[0])
        let hasPositions = positional[field]
        let lengths = self.lengths[field]
        let written = try postings.write(
            docStream: docStream, positionStream: hasPositions ? positionStream : [], docFreq: docFreq,
            hasPositions: hasPositions, length: { doc in lengths.map { Int($0[doc]) } ?? 1 })
        try record(
            key: key, foldKey: foldKey, groupDocFreq: groupDocFreq, docFreq: docFreq, hasPositions: hasPositions,
            written: written)
    }

    /// Adds the next term like `add(key:…)`, for a term of fewer than
    /// `PostingsFormat.blockSize` documents (it has no skip data), whose
    /// streams the caller writes itself: `writeDocs` and `writePositions`
    /// write them to the output they are given and return their CRC32C. A
    /// flushed builder copies its slices straight to the files this way.
    mutating func add(
        key: [UInt8], foldKey: [UInt8]?, groupDocFreq: Int?, docFreq: Int,
        writeDocs: (IndexOutput) throws(StoreError) -> UInt32,
        writePositions: (IndexOutput) throws(StoreError) -> UInt32
    ) throws(StoreError) {
        precondition(docFreq < PostingsFormat.blockSize, "a term with skip data needs its streams whole")
        let hasPositions = positional[Int(key[0])]
        let written = try postings.writeDirect(
            hasPositions: hasPositions, writeDocs: writeDocs, writePositions: writePositions)
        try record(
            key: key, foldKey: foldKey, groupDocFreq: groupDocFreq, docFreq: docFreq, hasPositions: hasPositions,
            written: written)
    }

    /// The dictionary entry and fold-map entry of a term whose postings are written.
    private mutating func record(
        key: [UInt8], foldKey: [UInt8]?, groupDocFreq: Int?, docFreq: Int, hasPositions: Bool,
        written: PostingsWriter.Written
    ) throws(StoreError) {
        try dictionary.add(term: key, docFreq: docFreq, hasPositions: hasPositions, written: written)
        if folded[Int(key[0])] {
            foldEntries.append(
                ([key[0]] + (foldKey ?? fold(Array(key[1...]))), Int32(ordinal), Int32(clamping: groupDocFreq ?? 0)))
        }
        ordinal += 1
    }

    /// Writes the fold map and the trailers; returns the three files.
    /// Each fold group's document count is `groupDocFreq`'s when given
    /// (called with the groups' keys in ascending order; nil: not known),
    /// else the one its terms were added with (nil when one lacks it).
    mutating func finish(
        groupDocFreq: ((_ key: [UInt8]) throws(StoreError) -> Int?)? = nil
    ) throws(StoreError) -> [SegmentInfo.File] {
        foldEntries.sort { a, b in
            a.key == b.key ? a.ordinal < b.ordinal : a.key.lexicographicallyPrecedes(b.key)
        }
        var grouped: [FoldGroup] = []
        for entry in foldEntries {
            let documents = entry.groupDocFreq > 0 ? Int(entry.groupDocFreq) : nil
            if grouped.last?.key == entry.key {
                grouped[grouped.count - 1].ordinals.append(Int(entry.ordinal))
                if grouped[grouped.count - 1].docFreq != documents { grouped[grouped.count - 1].docFreq = nil }
            } else {
                grouped.append(FoldGroup(key: entry.key, ordinals: [Int(entry.ordinal)], docFreq: documents))
            }
        }
        if let groupDocFreq {
            for index in grouped.indices { grouped[index].docFreq = try groupDocFreq(grouped[index].key) }
        }
        try dictionary.finish(foldEntries: grouped, fields: schema.fields)
        return [
            try SegmentFiles.finish(postingsOutput), try SegmentFiles.finish(positionsOutput),
            try SegmentFiles.finish(dictionaryOutput),
        ]
    }
}

/// Names and opens the files of one new segment.
struct SegmentFiles {
    let directory: IndexDirectory
    let name: String
    let segmentID: UInt64

    func output(_ kind: FileKind) throws(StoreError) -> IndexOutput {
        try IndexOutput(directory: directory, name: "\(name).\(kind.fileExtension)", kind: kind, segmentID: segmentID)
    }

    /// Finishes (footer, fsync) a file and describes it for the commit.
    static func finish(_ output: IndexOutput) throws(StoreError) -> SegmentInfo.File {
        let (length, checksum) = try output.finish()
        return SegmentInfo.File(name: output.name, length: length, checksum: checksum)
    }
}
