import TracuuCore

/// A segment being built in memory: the writer adds documents here until its
/// memory budget is reached, then `flush()` writes the segment's files.
///
/// Each term's postings accumulate already encoded as FORMAT.md's delta
/// codes, and its positions as position deltas, in a `SlicePool`, so memory
/// holds about two bytes per posting and one per position, and flushing is
/// mostly copying. Stored fields go straight to their file as documents
/// arrive.
///
/// - Complexity: `add` is O(terms + positions) of the document; `flush` sorts
///   the segment's distinct terms, O(t log t).
public final class SegmentBuilder {
    let schema: IndexSchema
    let name: String
    let segmentID: UInt64
    private let directory: IndexDirectory
    private let fold: @Sendable ([UInt8]) -> [UInt8]
    private let resolver: TermResolver?
    private let sharedDictionary: SharedDictionary?

    /// Every term, keyed by field (top 8 bits) and id: the caller's id for
    /// terms given by id, or (with bit 55 set) the entry of `byteTerms` for
    /// terms given as bytes.
    private let terms = TermSlots()
    /// Terms given as bytes: field byte + term bytes → entry.
    private let byteTerms = ByteTable(capacity: 1 << 12)
    private static let byteTermFlag: UInt64 = 1 << 55
    private let pool = SlicePool()
    /// The folded fields' groups and their document counts.
    private let groups = FoldGroupCounts()
    private var columns: [[Int64]]
    private var positional: [Bool] = [Bool](repeating: false, count: 256)
    private var folded: [Bool] = [Bool](repeating: false, count: 256)
    private var storedOutput: IndexOutput?
    private var stored: StoredFieldsWriter?
    private var scratch: [UInt8] = []
    public private(set) var docCount = 0
    private(set) var flushed = false

    init(
        directory: IndexDirectory, schema: IndexSchema, number: UInt64,
        fold: @escaping @Sendable ([UInt8]) -> [UInt8], resolver: TermResolver? = nil,
        dictionary: SharedDictionary? = nil
    ) {
        self.resolver = resolver
        self.sharedDictionary = dictionary
        self.directory = directory
        self.schema = schema
        self.name = SegmentInfo.name(number: number)
        self.segmentID = UInt64.random(in: 1...UInt64.max)
        self.fold = fold
        self.columns = schema.columns.map { _ in [] }
        for field in schema.fields where field.hasPositions { positional[Int(field.id)] = true }
        for field in schema.fields where field.folded { folded[Int(field.id)] = true }
    }

    /// Bytes of memory held (the budget the writer flushes on): the pool's
    /// pages, the term slots, the byte terms, the fold groups' counts,
    /// columns and what the stored fields hold back until their dictionary
    /// is settled.
    public var memoryBytes: Int {
        pool.memoryBytes + terms.memoryBytes + byteTerms.memoryBytes + groups.memoryBytes + docCount * 8 * columns.count
            + (stored?.memoryBytes ?? (sharedDictionary?.current == nil ? StoredFieldsWriter.trainingReserve : 0))
    }

    /// Adds a document; returns its doc id in this segment.
    @discardableResult
    public func add(_ document: DocumentInput) throws(StoreError) -> Int {
        guard document.columns.count == schema.columns.count else {
            throw StoreError(.usage, "document has \(document.columns.count) columns, the schema \(schema.columns.count)")
        }
        if stored == nil {
            let output = try SegmentFiles(directory: directory, name: name, segmentID: segmentID).output(.stored)
            storedOutput = output
            stored = StoredFieldsWriter(output: output, shared: sharedDictionary, apart: schema.storedApart)
        }
        let doc = Int32(docCount)
        var key = scratch
        scratch = []
        // Locals, not properties, in the loops: a class property read in a
        // loop is retained and released on every iteration.
        let terms = self.terms
        let pool = self.pool
        let byteTerms = self.byteTerms
        let groups = self.groups
        for field in document.fields {
            let hasPositions = !field.positionStarts.isEmpty
            let fieldHasPositions = positional[Int(field.field)]
            let fieldFolded = folded[Int(field.field)]
            var groupCounts = groups.counts(field: field.field)
            let byID = !field.termIDs.isEmpty
            let denseIDs = byID && field.denseIDs
            if byID && resolver == nil {
                throw StoreError(.usage, "terms given by id need a TermResolver")
            }
            let fieldKey = UInt64(field.field) << 56
            if denseIDs { field.termIDs.withUnsafeBufferPointer { terms.warm(field: field.field, denseIDs: $0) } }
            field.termIDs.withUnsafeBufferPointer { ids in
                field.positions.withUnsafeBufferPointer { positions in
                    field.positionStarts.withUnsafeBufferPointer { starts in
                        for index in 0..<field.termCount {
                            var isNew = false
                            let slot: UnsafeMutablePointer<TermSlots.Slot>
                            if denseIDs {
                                slot = terms.slot(field: field.field, denseID: Int(ids[index]), isNew: &isNew)
                            } else if byID {
                                slot = terms.slot(for: fieldKey | ids[index], isNew: &isNew)
                            } else {
                                key.removeAll(keepingCapacity: true)
                                key.append(field.field)
                                key.append(contentsOf: field.term(index))
                                let entry: Int32 = key.withUnsafeBufferPointer { bytes in
                                    let hash = ByteTable.hash(bytes)
                                    if let found = byteTerms.find(bytes, hash: hash) { return found }
                                    let newEntry = Int32(byteTerms.count)
                                    byteTerms.insert(bytes, hash: hash, value: newEntry)
                                    return newEntry
                                }
                                slot = terms.slot(for: fieldKey | SegmentBuilder.byteTermFlag | UInt64(entry), isNew: &isNew)
                            }
                            if isNew {
                                slot.pointee.docs = pool.newStream()
                                if fieldHasPositions { slot.pointee.positions = pool.newStream() }
                                if fieldFolded {
                                    slot.pointee.group = group(ofTerm: slot.pointee.key)
                                    groupCounts = groups.counts(field: field.field)
                                }
                            }
                            if fieldFolded {
                                groups.count(doc, field: field.field, group: slot.pointee.group, base: groupCounts)
                            }
                            let start = hasPositions ? Int(starts[index]) : 0
                            let end = hasPositions ? Int(starts[index + 1]) : 1
                            let freq =
                                hasPositions
                                ? end - start : (field.frequencies.isEmpty ? 1 : Int(field.frequencies[index]))
                            let delta = UInt64(doc - slot.pointee.lastDoc)
                            pool.appendVarint(&slot.pointee.docs, delta << 1 | (freq == 1 ? 1 : 0))
                            if freq != 1 { pool.appendVarint(&slot.pointee.docs, UInt64(freq)) }
                            if hasPositions && fieldHasPositions {
                                var previous: UInt32 = 0
                                for offset in start..<end {
                                    let position = positions[offset]
                                    pool.appendVarint(&slot.pointee.positions, UInt64(position &- previous))
                                    previous = position
                                }
                            }
                            slot.pointee.lastDoc = doc
                            slot.pointee.docFreq += 1
                        }
                    }
                }
            }
        }
        scratch = key
        for (index, value) in document.columns.enumerated() { columns[index].append(value) }
        try stored!.add(document.stored)
        docCount += 1
        return Int(doc)
    }

    /// The fold group of a new term of a folded field (by its slot key):
    /// the resolver's fold id for a term given by id, else its fold key,
    /// the writer's `fold` of its bytes.
    private func group(ofTerm termKey: UInt64) -> Int32 {
        let field = UInt8(termKey >> 56)
        let id = termKey & ((1 << 56) - 1)
        if id & SegmentBuilder.byteTermFlag == 0, let foldID = resolver?.foldID(field: field, id: id) {
            return groups.group(field: field, foldID: foldID)
        }
        var bytes: [UInt8] = []
        if id & SegmentBuilder.byteTermFlag != 0 {
            bytes = Array(byteTerms.key(at: Int(id & ~SegmentBuilder.byteTermFlag)).dropFirst())
        } else {
            resolver!.appendBytes(field: field, id: id, to: &bytes)
        }
        let key = [field] + fold(bytes)
        return key.withUnsafeBufferPointer { groups.group(forKey: $0) }
    }

    /// Writes the segment's files, fsynced, and returns its description.
    /// The builder must not be used afterwards.
    func flush() throws(StoreError) -> SegmentInfo {
        defer { flushed = true }
        guard docCount > 0, var stored, let storedOutput else {
            throw StoreError(.usage, "flush of an empty segment")
        }
        let segment = SegmentFiles(directory: directory, name: name, segmentID: segmentID)
        var files: [SegmentInfo.File] = []
        try stored.finish()
        files.append(try SegmentFiles.finish(storedOutput))

        let columnsOutput = try segment.output(.columns)
        try ColumnsWriter.write(columnsOutput, schema: schema, values: columns, docCount: docCount)
        files.append(try SegmentFiles.finish(columnsOutput))

        // Every term's key (field byte + bytes) in one arena, then the terms
        // in key order (`KeyOrder`).
        let termCount = terms.count
        var keys: [UInt8] = []
        var keyStarts = [Int32](repeating: 0, count: termCount + 1)
        for index in 0..<termCount {
            let termKey = terms.slot(at: index).key
            let field = UInt8(termKey >> 56)
            let id = termKey & ((1 << 56) - 1)
            if id & SegmentBuilder.byteTermFlag != 0 {
                keys.append(contentsOf: byteTerms.key(at: Int(id & ~SegmentBuilder.byteTermFlag)))
            } else {
                keys.append(field)
                resolver!.appendBytes(field: field, id: id, to: &keys)
            }
            keyStarts[index + 1] = Int32(keys.count)
        }
        let order = keys.withUnsafeBufferPointer { arena in
            // Sorted by their first sixteen bytes as two big-endian words
            // (zero-padded), whole keys compared only when those tie: nearly
            // every key is a syllable shorter than that, and a memcmp call
            // per comparison was most of the sort's time.
            var sortKeys = (0..<termCount).map { index -> (high: UInt64, low: UInt64, index: Int32) in
                let start = Int(keyStarts[index])
                let end = Int(keyStarts[index + 1])
                var high: UInt64 = 0
                var low: UInt64 = 0
                for offset in 0..<16 {
                    let byte = start + offset < end ? UInt64(arena[start + offset]) : 0
                    if offset < 8 { high |= byte << UInt64(56 - 8 * offset) } else { low |= byte << UInt64(120 - 8 * offset) }
                }
                return (high, low, Int32(index))
            }
            sortKeys.sort { a, b in
                if a.high != b.high { return a.high < b.high }
                if a.low != b.low { return a.low < b.low }
                func key(_ index: Int32) -> UnsafeRawBufferPointer {
                    let start = Int(keyStarts[Int(index)])
                    return UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: arena[start..<Int(keyStarts[Int(index) + 1])]))
                }
                return KeyOrder.precedes(key(a.index), key(b.index))
            }
            return sortKeys.map(\.index)
        }
        var termsWriter = try SegmentTermsWriter(segment: segment, schema: schema, fold: fold, columns: columns)
        // Buffers reused from term to term.
        var key: [UInt8] = []
        var foldKey: [UInt8] = []
        var docs: [UInt8] = []
        var positions: [UInt8] = []
        for termIndex in order {
            key.removeAll(keepingCapacity: true)
            key.append(contentsOf: keys[Int(keyStarts[Int(termIndex)])..<Int(keyStarts[Int(termIndex) + 1])])
            let (termKey, state) = terms.slot(at: Int(termIndex))
            let id = termKey & ((1 << 56) - 1)
            foldKey.removeAll(keepingCapacity: true)
            let group = state.pointee.group
            // A group of byte terms was keyed by its fold when the term was new.
            let byteGroupKey = groups.key(ofByteGroup: group)
            if let byteGroupKey { foldKey.append(contentsOf: byteGroupKey.dropFirst()) }
            let knownFold =
                byteGroupKey != nil
                || (id & SegmentBuilder.byteTermFlag == 0
                    && resolver?.appendFoldKey(field: key[0], id: id, to: &foldKey) == true)
            let groupDocFreq = group >= 0 ? groups.documents(field: key[0], group: group) : nil
            let hasPositions = positional[Int(key[0])]
            let docFreq = Int(state.pointee.docFreq)
            if docFreq < PostingsFormat.blockSize {
                // No skip data to work out: the slices go straight to the files.
                let streams = state.pointee
                try termsWriter.add(
                    key: key, foldKey: knownFold ? foldKey : nil, groupDocFreq: groupDocFreq, docFreq: docFreq,
                    writeDocs: { (output: IndexOutput) throws(StoreError) -> UInt32 in try pool.write(streams.docs, to: output) },
                    writePositions: { (output: IndexOutput) throws(StoreError) -> UInt32 in
                        try pool.write(streams.positions, to: output)
                    })
                continue
            }
            pool.copy(state.pointee.docs, into: &docs)
            if hasPositions { pool.copy(state.pointee.positions, into: &positions) }
            try termsWriter.add(
                key: key, foldKey: knownFold ? foldKey : nil, groupDocFreq: groupDocFreq, docFreq: docFreq, docStream: docs,
                positionStream: hasPositions ? positions : [])
        }
        files += try termsWriter.finish()
        return SegmentInfo(
            name: name, segmentID: segmentID, docCount: docCount, deletedCount: 0, deletionGeneration: 0,
            files: files.sorted { $0.name < $1.name })
    }
}

#if canImport(Glibc)
import Glibc
#endif
