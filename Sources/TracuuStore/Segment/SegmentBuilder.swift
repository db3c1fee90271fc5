import TracuuCore

/// A segment being built in memory: the writer adds documents here until its
/// memory budget is reached, then `flush()` writes the segment's files.
///
/// Each term's postings accumulate already encoded as FORMAT.md's delta
/// codes, and its positions as position deltas, so memory holds about two
/// bytes per posting and one per position, and flushing is mostly copying.
/// Stored fields go straight to their file as documents arrive.
///
/// - Complexity: `add` is O(terms + positions) of the document; `flush` sorts
///   the segment's distinct terms, O(t log t).
final class SegmentBuilder {
    let schema: IndexSchema
    let name: String
    let segmentID: UInt64
    private let directory: IndexDirectory
    private let fold: @Sendable ([UInt8]) -> [UInt8]

    private let table = ByteTable(capacity: 1 << 16)
    private var docStreams: [[UInt8]] = []
    private var positionStreams: [[UInt8]] = []
    private var lastDoc: [Int32] = []
    private var docFreq: [Int32] = []
    private var columns: [[Int64]]
    private var storedOutput: IndexOutput?
    private var stored: StoredFieldsWriter?
    private var scratch: [UInt8] = []
    private(set) var docCount = 0
    private var streamBytes = 0
    private var storedBytes = 0

    init(
        directory: IndexDirectory, schema: IndexSchema, number: UInt64,
        fold: @escaping @Sendable ([UInt8]) -> [UInt8]
    ) {
        self.directory = directory
        self.schema = schema
        self.name = SegmentInfo.name(number: number)
        self.segmentID = UInt64.random(in: 1...UInt64.max)
        self.fold = fold
        self.columns = schema.columns.map { _ in [] }
    }

    /// Estimated bytes of memory held (the budget the writer flushes on).
    var memoryBytes: Int {
        streamBytes + streamBytes / 2 + docStreams.count * 96 + table.memoryBytes + docCount * 8 * columns.count
            + StoredFieldsWriter.blockTarget
    }

    /// Adds a document; returns its doc id in this segment.
    @discardableResult
    func add(_ document: DocumentInput) throws(StoreError) -> Int {
        guard document.columns.count == schema.columns.count else {
            throw StoreError(.usage, "document has \(document.columns.count) columns, the schema \(schema.columns.count)")
        }
        if stored == nil {
            let output = try IndexOutput(
                directory: directory, name: "\(name).\(FileKind.stored.fileExtension)", kind: .stored,
                segmentID: segmentID)
            storedOutput = output
            stored = StoredFieldsWriter(output: output)
        }
        let doc = docCount
        for field in document.fields {
            let hasPositions = !field.positionStarts.isEmpty
            for index in 0..<field.termCount {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(field.field)
                scratch.append(contentsOf: field.term(index))
                let termIndex = scratch.withUnsafeBufferPointer { key in
                    let hash = ByteTable.hash(key)
                    if let found = table.find(key, hash: hash) { return Int(found) }
                    let newIndex = docStreams.count
                    table.insert(key, hash: hash, value: Int32(newIndex))
                    docStreams.append([])
                    positionStreams.append([])
                    lastDoc.append(0)
                    docFreq.append(0)
                    return newIndex
                }
                let start = hasPositions ? Int(field.positionStarts[index]) : 0
                let end = hasPositions ? Int(field.positionStarts[index + 1]) : 1
                let freq = hasPositions ? end - start : (field.frequencies.isEmpty ? 1 : Int(field.frequencies[index]))
                let delta = UInt64(doc - Int(lastDoc[termIndex]))
                let before = docStreams[termIndex].count + positionStreams[termIndex].count
                docStreams[termIndex].appendVarint(delta << 1 | (freq == 1 ? 1 : 0))
                if freq != 1 { docStreams[termIndex].appendVarint(UInt64(freq)) }
                if hasPositions {
                    var previous: UInt32 = 0
                    for position in field.positions[start..<end] {
                        positionStreams[termIndex].appendVarint(UInt64(position &- previous))
                        previous = position
                    }
                }
                streamBytes += docStreams[termIndex].count + positionStreams[termIndex].count - before
                lastDoc[termIndex] = Int32(doc)
                docFreq[termIndex] += 1
            }
        }
        for (index, value) in document.columns.enumerated() { columns[index].append(value) }
        try stored!.add(document.stored)
        docCount += 1
        return doc
    }

    /// Writes the segment's files, fsynced, and returns its description.
    /// The builder must not be used afterwards.
    func flush() throws(StoreError) -> SegmentInfo {
        guard docCount > 0, var stored, let storedOutput else {
            throw StoreError(.usage, "flush of an empty segment")
        }
        var files: [SegmentInfo.File] = []
        func finish(_ output: IndexOutput) throws(StoreError) {
            let (length, checksum) = try output.finish()
            files.append(SegmentInfo.File(name: output.name, length: length, checksum: checksum))
        }
        try stored.finish()
        try finish(storedOutput)

        let columnsOutput = try output(.columns)
        try ColumnsWriter.write(columnsOutput, schema: schema, values: columns, docCount: docCount)
        try finish(columnsOutput)

        // Terms in byte order.
        let order = (0..<docStreams.count).sorted { a, b in
            let keyA = table.key(at: a)
            let keyB = table.key(at: b)
            return keyA.lexicographicallyPrecedes(keyB)
        }
        let postingsOutput = try output(.postings)
        let positionsOutput = try output(.positions)
        let dictionaryOutput = try output(.dictionary)
        var postings = PostingsWriter(postings: postingsOutput, positions: positionsOutput)
        var dictionary = TermDictionaryWriter(output: dictionaryOutput)
        var foldEntries: [(key: [UInt8], ordinal: Int)] = []
        let lengthColumns: [UInt8: Int] = Dictionary(
            uniqueKeysWithValues: schema.fields.compactMap { field in
                field.lengthColumn.flatMap { schema.columnIndex($0) }.map { (field.id, $0) }
            })
        let foldedFields = Set(schema.fields.filter(\.folded).map(\.id))
        let positionalFields = Set(schema.fields.filter(\.hasPositions).map(\.id))
        for (ordinal, termIndex) in order.enumerated() {
            let key = Array(table.key(at: termIndex))
            let field = key[0]
            let lengths = lengthColumns[field].map { columns[$0] }
            let offsets = try postings.write(
                docStream: docStreams[termIndex], positionStream: positionStreams[termIndex],
                docFreq: Int(docFreq[termIndex]), hasPositions: positionalFields.contains(field),
                length: { doc in lengths.map { Int($0[doc]) } ?? 1 })
            try dictionary.add(
                term: key, docFreq: Int(docFreq[termIndex]), postingsOffset: offsets.postings,
                positionsOffset: offsets.positions)
            if foldedFields.contains(field) {
                foldEntries.append(([field] + fold(Array(key[1...])), ordinal))
            }
            // Release the streams as they are written.
            docStreams[termIndex] = []
            positionStreams[termIndex] = []
        }
        foldEntries.sort { a, b in
            a.key == b.key ? a.ordinal < b.ordinal : a.key.lexicographicallyPrecedes(b.key)
        }
        var grouped: [(key: [UInt8], ordinals: [Int])] = []
        for entry in foldEntries {
            if grouped.last?.key == entry.key {
                grouped[grouped.count - 1].ordinals.append(entry.ordinal)
            } else {
                grouped.append((entry.key, [entry.ordinal]))
            }
        }
        try dictionary.finish(foldEntries: grouped, fields: schema.fields)
        try finish(postingsOutput)
        try finish(positionsOutput)
        try finish(dictionaryOutput)
        return SegmentInfo(
            name: name, segmentID: segmentID, docCount: docCount, deletedCount: 0, deletionGeneration: 0,
            files: files.sorted { $0.name < $1.name })
    }

    private func output(_ kind: FileKind) throws(StoreError) -> IndexOutput {
        try IndexOutput(directory: directory, name: "\(name).\(kind.fileExtension)", kind: kind, segmentID: segmentID)
    }
}
