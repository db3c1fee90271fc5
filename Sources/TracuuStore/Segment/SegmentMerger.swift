/// Merges segments into one new segment, leaving out deleted documents:
/// how the writer keeps the segment count bounded and gets deleted
/// documents' space back (`MergePolicy`), and what `optimize` does.
///
/// Documents keep their order (the first segment's live documents, then
/// the second's, …). Terms are merged in byte order from the segments'
/// dictionaries, each term's postings re-encoded with the new doc ids and
/// its positions copied as stored (they do not depend on doc ids); from a
/// segment without deletions, whose doc ids all move by the same amount,
/// the doc codes are copied too, only the first re-based. Stored frames
/// (still compressed) and columns are copied per live document.
struct SegmentMerger {
    let directory: IndexDirectory
    let schema: IndexSchema
    let fold: @Sendable ([UInt8]) -> [UInt8]

    static let releaseEvery = 16 << 20

    struct Result {
        var info: SegmentInfo
        /// For each input segment, each document's id in the merged segment
        /// (-1 for a document deleted at merge time).
        var docMaps: [[Int32]]
    }

    /// Writes segment `name` from `segments` (their deletions as of their
    /// readers). Throws if nothing is live.
    func merge(_ segments: [SegmentReader], name: String) throws(StoreError) -> Result {
        var docMaps: [[Int32]] = []
        var docCount: Int32 = 0
        for segment in segments {
            var map = [Int32](repeating: -1, count: segment.docCount)
            for doc in 0..<segment.docCount where !segment.isDeleted(doc) {
                map[doc] = docCount
                docCount += 1
            }
            docMaps.append(map)
        }
        guard docCount > 0 else { throw StoreError(.usage, "merge of segments with no live document") }
        let files = SegmentFiles(directory: directory, name: name, segmentID: UInt64.random(in: 1...UInt64.max))
        var described: [SegmentInfo.File] = []

        // Every few megabytes read, the sources' pages leave the resident
        // set, so a merge's RSS does not grow with the segments it reads.
        var sinceRelease = 0
        func released(after bytes: Int) {
            sinceRelease += bytes
            guard sinceRelease >= SegmentMerger.releaseEvery else { return }
            sinceRelease = 0
            for segment in segments { segment.dropResidentPages() }
        }

        let storedOutput = try files.output(.stored)
        // Frames are copied as they are, with the dictionaries they need
        // (one for segments built by one writer): a merge does not
        // decompress and compress every article again. Version 3 blocks
        // are the exception, recompressed frame by frame.
        var dictionaries: [[UInt8]] = []
        var dictionaryMaps: [[Int]] = []
        for segment in segments {
            var map: [Int] = []
            if let frames = segment.stored.frames {
                for number in 0..<frames.dictionaryCount {
                    let bytes = Array(try frames.dictionary(number))
                    if let known = dictionaries.firstIndex(of: bytes) {
                        map.append(known)
                    } else {
                        map.append(dictionaries.count)
                        dictionaries.append(bytes)
                    }
                }
            }
            dictionaryMaps.append(map)
        }
        var stored = try StoredFieldsWriter(output: storedOutput, dictionaries: dictionaries)
        var columns: [[Int64]] = schema.columns.map { _ in [] }
        for (index, segment) in segments.enumerated() {
            let readers = schema.columns.map { segment.columns.column($0.tag) }
            let frames = segment.stored.frames
            for doc in 0..<segment.docCount where docMaps[index][doc] >= 0 {
                if let frames {
                    let frame = try frames.frame(doc)
                    try stored.addFrame(
                        frame.bytes, checksum: frame.checksum,
                        dictionary: frame.dictionary < 0 ? nil : dictionaryMaps[index][frame.dictionary])
                    released(after: frame.bytes.count)
                } else {
                    let fields = try segment.stored.document(doc)
                    try stored.addPlain(StoredFieldsWriter.serialize(fields.keys.sorted().map { ($0, fields[$0]!) }))
                    released(after: fields.values.reduce(0) { $0 + $1.count } / 3)
                }
                for (column, reader) in readers.enumerated() {
                    columns[column].append(reader.map { segment.columns.value($0, doc) } ?? 0)
                }
            }
        }
        try stored.finish()
        described.append(try SegmentFiles.finish(storedOutput))
        let columnsOutput = try files.output(.columns)
        try ColumnsWriter.write(columnsOutput, schema: schema, values: columns, docCount: Int(docCount))
        described.append(try SegmentFiles.finish(columnsOutput))

        var terms = try SegmentTermsWriter(segment: files, schema: schema, fold: fold, columns: columns)
        var iterators: [TermIterator] = []
        var heads: [(term: [UInt8], info: TermInfo)?] = []
        for segment in segments {
            var iterator = try segment.dictionary.terms()
            heads.append(try iterator.next())
            iterators.append(iterator)
        }
        var docStream = ByteWriter()
        var positionStream = ByteWriter()
        while true {
            // The smallest head term; few segments merge at once, so a scan will do.
            var smallest: Int?
            for (index, head) in heads.enumerated() {
                guard let head else { continue }
                if let best = smallest, !SegmentMerger.precedes(head.term, heads[best]!.term) { continue }
                smallest = index
            }
            guard let smallest else { break }
            let term = heads[smallest]!.term
            docStream.removeAll()
            positionStream.removeAll()
            var docFreq = 0
            var lastDoc: Int32 = 0
            /// Appends the doc code of `doc` (FORMAT.md, "Postings").
            func appendCode(_ doc: Int32, freq: Int) {
                docStream.varint(UInt64(doc - lastDoc) << 1 | (freq == 1 ? 1 : 0))
                if freq != 1 { docStream.varint(freq) }
                lastDoc = doc
            }
            for index in segments.indices {
                guard let head = heads[index], head.term == term else { continue }
                let cursor = try segments[index].postings(head.info, withPositions: head.info.hasPositions)
                if segments[index].deletions == nil {
                    // Every document goes, in posting order, its id moved by
                    // the segment's base: the term's codes and positions
                    // are copied whole, only the first code re-based.
                    let base = docMaps[index][0]
                    let codes = try cursor.docCodes()
                    appendCode(base + codes.firstDoc, freq: codes.firstFreq)
                    docStream.append(codes.rest)
                    if head.info.hasPositions { positionStream.append(try cursor.allPositionBytes()) }
                    lastDoc = base + codes.lastDoc
                    docFreq += head.info.docFreq
                } else {
                    while try cursor.next() != PostingsFormat.noMoreDocs {
                        let newDoc = docMaps[index][Int(cursor.doc)]
                        guard newDoc >= 0 else { continue }
                        appendCode(newDoc, freq: Int(cursor.freq))
                        if head.info.hasPositions { positionStream.append(try cursor.positionBytes()) }
                        docFreq += 1
                    }
                }
                heads[index] = try iterators[index].next()
            }
            guard docFreq > 0 else { continue }  // only in deleted documents
            try terms.add(
                key: term, docFreq: docFreq, docStream: docStream.bytes, positionStream: positionStream.bytes)
            released(after: docStream.count + positionStream.count)
        }
        described += try terms.finish(groupDocFreq: try SegmentMerger.groupDocFreqs(segments))
        let info = SegmentInfo(
            name: name, segmentID: files.segmentID, docCount: Int(docCount), deletedCount: 0, deletionGeneration: 0,
            files: described.sorted { $0.name < $1.name })
        return Result(info: info, docMaps: docMaps)
    }

    /// The merged segment's fold groups' document counts, for keys asked
    /// in ascending order, read side by side from the sources' fold maps:
    /// the sum of theirs (their documents are distinct). A source with
    /// deletions (whose counts include deleted documents) or without
    /// recorded counts (before version 10) has its group's live documents
    /// counted from the postings, so a merge always records every count.
    private static func groupDocFreqs(
        _ segments: [SegmentReader]
    ) throws(StoreError) -> (_ key: [UInt8]) throws(StoreError) -> Int? {
        var maps = segments.map { $0.dictionary.foldGroups() }
        var heads: [FoldGroup?] = []
        for index in maps.indices { heads.append(try maps[index].next()) }
        var unions: [DocumentUnion?] = segments.map { _ in nil }
        return { (key: [UInt8]) throws(StoreError) -> Int? in
            var total = 0
            for index in maps.indices {
                while let head = heads[index], head.key.lexicographicallyPrecedes(key) {
                    heads[index] = try maps[index].next()
                }
                guard let head = heads[index], head.key == key else { continue }
                let segment = segments[index]
                if segment.deletions == nil, let documents = head.docFreq {
                    total += documents
                } else {
                    if unions[index] == nil { unions[index] = DocumentUnion(segment) }
                    let infos = try segment.dictionary.terms(at: head.ordinals).map(\.info)
                    total += try unions[index]!.count(infos, liveOnly: true)
                }
            }
            return total
        }
    }

    /// Whether term `a` sorts before term `b` (their bytes, then length):
    /// `KeyOrder`'s memcmp, not the generic element-by-element comparison
    /// that was a sixteenth of `optimize`'s time.
    private static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.withUnsafeBytes { a in b.withUnsafeBytes { b in KeyOrder.precedes(a, b) } }
    }
}
