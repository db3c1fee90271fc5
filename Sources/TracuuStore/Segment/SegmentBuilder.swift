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

    /// What a flush needs of the terms that only the builder's resolver can
    /// tell: their bytes and fold keys, and the order of their keys.
    private struct SettledTerms {
        /// Every term's key (field byte + bytes), by term number.
        var keys: KeyArena
        /// Every term's fold group key (field byte + fold key; empty for a
        /// field that is not folded), by term number.
        var foldKeys: KeyArena
        /// The terms in key order (empty until `sortSettled`).
        var order: [Int32] = []
        /// The terms of folded fields, in the order of their fold keys once
        /// sorted (`sortSettled`).
        var foldOrder: [Int32] = []
    }
    private var settled: SettledTerms?

    /// Works out, once, what a flush needs of the resolver (`SettledTerms`).
    ///
    /// Why apart from `flush`: one flush may write the builders of several
    /// indexing threads as one segment (`flush(together:)`), on the thread
    /// of one of them. A builder's term ids are its own thread's analyzer's,
    /// whose vocabulary that thread goes on growing, so each builder is
    /// settled on its own thread, or while that thread waits.
    public func settle() {
        guard settled == nil else { return }
        let termCount = terms.count
        var result = SettledTerms(keys: KeyArena(capacity: termCount), foldKeys: KeyArena(capacity: termCount))
        for index in 0..<termCount {
            let (termKey, state) = terms.slot(at: index)
            let field = UInt8(termKey >> 56)
            let id = termKey & ((1 << 56) - 1)
            let givenAsBytes = id & SegmentBuilder.byteTermFlag != 0
            result.keys.append { keys in
                if givenAsBytes {
                    keys.append(contentsOf: byteTerms.key(at: Int(id & ~SegmentBuilder.byteTermFlag)))
                } else {
                    keys.append(field)
                    resolver!.appendBytes(field: field, id: id, to: &keys)
                }
            }
            let key = result.keys[Int32(index)]
            result.foldKeys.append { folds in
                guard folded[Int(field)] else { return }
                // A group of byte terms was keyed by its fold when the term
                // was new; a term given by id has its resolver's; else fold.
                if let byteGroupKey = groups.key(ofByteGroup: state.pointee.group) {
                    folds.append(contentsOf: byteGroupKey)
                    return
                }
                let start = folds.count
                folds.append(field)
                if givenAsBytes || resolver?.appendFoldKey(field: field, id: id, to: &folds) != true {
                    folds.removeSubrange((start + 1)...)
                    folds.append(contentsOf: fold(Array(key.dropFirst())))
                }
            }
            if folded[Int(field)] { result.foldOrder.append(Int32(index)) }
        }
        settled = result
    }

    /// Sorts the settled terms by key and by fold key. Apart from `settle`
    /// so that it runs on the flushing thread: another worker's builder is
    /// settled while that worker waits, and sorting is most of the work.
    private func sortSettled() {
        guard var result = settled, result.order.isEmpty else { return }
        result.order = result.keys.sorted(Array(0..<Int32(terms.count)))
        result.foldOrder = result.foldKeys.sorted(result.foldOrder)
        settled = result
    }

    /// Writes the segment's files and returns its description. The builder
    /// must not be used afterwards.
    func flush() throws(StoreError) -> SegmentInfo { try flush(together: []) }

    /// Writes one segment of this builder's documents followed by each of
    /// `others`' (settled by their threads, see `settle()`), and returns its
    /// description; their doc ids move up by the documents before them.
    /// None of the builders may be used afterwards, and the others' stored
    /// fields files, copied into this one's, are deleted.
    ///
    /// Why: each indexing thread fills a builder of its own, and flushed
    /// one by one they made a segment per thread and share of the memory
    /// budget. A search pays for every segment (a first lookup and postings
    /// read in each): the 2× benchmark index had 8 segments where tantivy's
    /// has 4. Written together they make half as many, and cost no more
    /// than written apart: a term's postings are encoded once either way
    /// (each builder's doc codes are copied, only the first re-based, as a
    /// merge does), and stored frames are copied as they are.
    func flush(together others: [SegmentBuilder]) throws(StoreError) -> SegmentInfo {
        defer {
            flushed = true
            for other in others { other.flushed = true }
        }
        guard docCount > 0, var stored, let storedOutput, others.allSatisfy({ $0.docCount > 0 }) else {
            throw StoreError(.usage, "flush of an empty segment")
        }
        settle()
        precondition(others.allSatisfy { $0.settled != nil }, "other builders are settled on their own threads")
        let builders = [self] + others
        for builder in builders { builder.sortSettled() }
        let settledTerms = builders.map { $0.settled! }
        var bases: [Int32] = []
        var total = 0
        for builder in builders {
            bases.append(Int32(total))
            total += builder.docCount
        }
        let appended = try others.map { other throws(StoreError) in try other.finishStoredApart() }
        for reader in appended { try stored.append(reader) }
        let segment = SegmentFiles(directory: directory, name: name, segmentID: segmentID)
        var files: [SegmentInfo.File] = []
        try stored.finish()
        files.append(try SegmentFiles.finish(storedOutput))
        for reader in appended { try? directory.delete(reader.file.name) }

        let columns = others.isEmpty ? self.columns : self.columns.indices.map { column in
            builders.flatMap { $0.columns[column] }
        }
        let columnsOutput = try segment.output(.columns)
        try ColumnsWriter.write(columnsOutput, schema: schema, values: columns, docCount: total)
        files.append(try SegmentFiles.finish(columnsOutput))

        var termsWriter = try SegmentTermsWriter(segment: segment, schema: schema, fold: fold, columns: columns)
        // Buffers reused from term to term.
        var key: [UInt8] = []
        var foldKey: [UInt8] = []
        var docs: [UInt8] = []
        var positions: [UInt8] = []
        var joined = ByteWriter()
        var next = builders.map { _ in 0 }  // each builder's place in its key order
        /// Builder `index`'s next term, nil when it has none left.
        func head(_ index: Int) -> Int32? {
            next[index] < settledTerms[index].order.count ? settledTerms[index].order[next[index]] : nil
        }
        var holders: [Int] = []
        while true {
            // The smallest next key, and the builders holding it.
            holders.removeAll(keepingCapacity: true)
            for index in builders.indices {
                guard let term = head(index) else { continue }
                if let first = holders.first {
                    let order = KeyArena.compare(settledTerms[index].keys[term], settledTerms[first].keys[head(first)!])
                    if order > 0 { continue }
                    if order < 0 { holders.removeAll(keepingCapacity: true) }
                }
                holders.append(index)
            }
            guard let first = holders.first, let firstTerm = head(first) else { break }
            key.removeAll(keepingCapacity: true)
            key.append(contentsOf: settledTerms[first].keys[firstTerm])
            foldKey.removeAll(keepingCapacity: true)
            foldKey.append(contentsOf: settledTerms[first].foldKeys[firstTerm].dropFirst())
            let hasPositions = positional[Int(key[0])]
            if holders == [0] {
                // This builder's own term: its doc ids stay as they are.
                let state = terms.slot(at: Int(firstTerm)).state
                let docFreq = Int(state.pointee.docFreq)
                if docFreq < PostingsFormat.blockSize {
                    // No skip data to work out: the slices go straight to the files.
                    let streams = state.pointee
                    try termsWriter.add(
                        key: key, foldKey: foldKey, groupDocFreq: nil, docFreq: docFreq,
                        writeDocs: { (output: IndexOutput) throws(StoreError) -> UInt32 in try pool.write(streams.docs, to: output) },
                        writePositions: { (output: IndexOutput) throws(StoreError) -> UInt32 in
                            try pool.write(streams.positions, to: output)
                        })
                } else {
                    pool.copy(state.pointee.docs, into: &docs)
                    if hasPositions { pool.copy(state.pointee.positions, into: &positions) }
                    try termsWriter.add(
                        key: key, foldKey: foldKey, groupDocFreq: nil, docFreq: docFreq, docStream: docs,
                        positionStream: hasPositions ? positions : [])
                }
            } else {
                // Each holder's doc codes in turn, the first re-based past
                // the documents before it (FORMAT.md, "Postings"), as a
                // merge does (`SegmentMerger`).
                joined.removeAll()
                positions.removeAll(keepingCapacity: true)
                var lastDoc: Int32 = 0
                var docFreq = 0
                for holder in holders {
                    let builder = builders[holder]
                    let state = builder.terms.slot(at: Int(head(holder)!)).state
                    builder.pool.copy(state.pointee.docs, into: &docs)
                    // The first code: the first doc id (a gap from 0) and a flag.
                    let (code, length) = try docs.withStoreBytes { (bytes: UnsafeRawBufferPointer) throws(StoreError) in
                        var reader = ByteReader(bytes, file: name)
                        return (try reader.varint(), reader.offset)
                    }
                    let doc = bases[holder] + Int32(code >> 1)
                    joined.varint(UInt64(doc - lastDoc) << 1 | (code & 1))
                    joined.append(docs[length...])
                    lastDoc = bases[holder] + state.pointee.lastDoc
                    docFreq += Int(state.pointee.docFreq)
                    if hasPositions {
                        builder.pool.copy(state.pointee.positions, into: &docs)
                        positions.append(contentsOf: docs)
                    }
                }
                try termsWriter.add(
                    key: key, foldKey: foldKey, groupDocFreq: nil, docFreq: docFreq, docStream: joined.bytes,
                    positionStream: hasPositions ? positions : [])
            }
            for holder in holders { next[holder] += 1 }
        }
        files += try termsWriter.finish(groupDocFreq: groupDocFreqs(builders, settledTerms))
        return SegmentInfo(
            name: name, segmentID: segmentID, docCount: total, deletedCount: 0, deletionGeneration: 0,
            files: files.sorted { $0.name < $1.name })
    }

    /// The written segment's fold groups' document counts, for keys asked
    /// in ascending order: the sum of each builder's count of the group
    /// (their documents are distinct), walked side by side in fold key
    /// order. A key that two groups of one builder share (a term given by
    /// id and one given as bytes) has no count: the segment does not know it.
    private func groupDocFreqs(
        _ builders: [SegmentBuilder], _ settledTerms: [SettledTerms]
    ) -> (_ key: [UInt8]) -> Int? {
        var next = builders.map { _ in 0 }
        return { (key: [UInt8]) -> Int? in
            var total = 0
            var known = true
            for (index, builder) in builders.enumerated() {
                let settled = settledTerms[index]
                var counted: Int?
                while next[index] < settled.foldOrder.count {
                    let term = settled.foldOrder[next[index]]
                    let order = KeyArena.compare(settled.foldKeys[term], key[...])
                    if order > 0 { break }
                    next[index] += 1
                    guard order == 0 else { continue }
                    let (termKey, state) = builder.terms.slot(at: Int(term))
                    let group = state.pointee.group
                    let documents = group >= 0 ? builder.groups.documents(field: UInt8(termKey >> 56), group: group) : nil
                    if counted == nil { counted = documents } else if counted != documents { known = false }
                    if documents == nil { known = false }
                }
                total += counted ?? 0
            }
            return known ? total : nil
        }
    }

    /// Finishes this builder's stored fields file, to be copied into
    /// another builder's segment (`flush(together:)`), and reads it.
    private func finishStoredApart() throws(StoreError) -> StoredFieldsReader {
        guard var stored, let storedOutput else { throw StoreError(.usage, "flush of an empty segment") }
        try stored.finish()
        try storedOutput.finish(writeback: false)
        self.stored = nil
        return try StoredFieldsReader(file: try directory.map(storedOutput.name), segmentID: segmentID)
    }
}

#if canImport(Glibc)
import Glibc
#endif
