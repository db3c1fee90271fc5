import TracuuCore

/// Writes stored fields (FORMAT.md, "Stored fields"): each document is its
/// own zstd frame, compressed with a dictionary, so showing a hit
/// decompresses that article alone; the fields the schema keeps apart (the
/// article body) follow in a second frame, so a hit shown without a
/// snippet decompresses only its title, source and id.
///
/// Why: a search shows ten hits, and with 256 KiB blocks (version 3) each
/// hit cost a whole block's decompression, about 0.3 ms, which made up most
/// of a short query's time. One frame per 3 KB article decompresses in
/// about 6 µs; alone it would compress a fifth worse than inside a block,
/// but a 64 KiB dictionary trained on about 1.5 MiB of articles brings it
/// back within 8 % (measured on VNTC: 3.04 → 2.81 times smaller than the
/// text).
///
/// Two ways to fill a file:
/// - **Building a segment** (`init(output:shared:)`, `add`): documents are
///   compressed with the writer's shared dictionary (`SharedDictionary`).
///   Until one exists they are held back; when they add up to
///   `sampleTarget` a dictionary is trained on them and shared.
/// - **Merging** (`init(output:dictionaries:)`, `addFrame`): the sources'
///   dictionaries are written first and their frames copied as they are,
///   each run of documents naming its dictionary.
struct StoredFieldsWriter {
    static let dictionaryCapacity = 64 << 10
    /// Documents are held back until they add up to this much, then a
    /// dictionary is trained on them.
    static let sampleTarget = 3 << 19
    /// Fewer sample bytes than this train no useful dictionary (small
    /// segments: frames go without one).
    static let sampleMinimum = 64 << 10
    static let indexEntrySize = 12
    static let dictionaryEntrySize = 16
    static let runEntrySize = 8
    /// The largest document a reader accepts (a damaged frame header must
    /// not make it allocate gigabytes); the ingester refuses pages far
    /// smaller than this.
    static let documentLimit = 1 << 30
    static let trailerSize = 28
    static let version4TrailerSize = 24
    /// The run table's mark for frames without a dictionary.
    static let noDictionary = UInt32.max
    /// zstd's fastCover table while training: 6 · 2^f bytes (f = 20).
    static let trainingReserve = 6 << 20
    /// How many bytes of another file `append` reads between two releases
    /// of its pages.
    static let appendReleaseEvery = 4 << 20
    /// Documents are compressed in batches of about this many bytes.
    ///
    /// Why: zstd's tables and the analyzer's and builder's working sets do
    /// not fit in a core's cache together. Compressing each article as it
    /// came made every frame cost half again as much as in a bench of
    /// zstd alone (and the indexing around it pay for the evictions); in
    /// batches each side keeps the cache for a while.
    static let batchTarget = 1 << 20

    private let output: IndexOutput
    private let shared: SharedDictionary?
    /// Fields written in a document's second frame.
    private let apart: Set<UInt8>
    /// A document serialized for its frames: the fields kept apart (if
    /// any) after `split`.
    private struct Serialized {
        var bytes: [UInt8]
        var split: Int

        /// What each frame will hold: the document's one or two parts.
        var parts: [[UInt8]] {
            split < bytes.count ? [Array(bytes[..<split]), Array(bytes[split...])] : [bytes]
        }
    }
    /// Documents waiting for a dictionary (nil once frames are written).
    private var pending: [Serialized]? = []
    private var pendingBytes = 0
    /// What `add` compresses with once it is settled: a dictionary (number
    /// 0 of this file) or none.
    private var compressor: ZstdDictionary.Compressor?
    private var docCount = 0
    private var index = ByteWriter()
    private var dictionaries = ByteWriter()
    private var dictionaryCount = 0
    /// (first document, dictionary number) whenever the dictionary changes.
    private var runs = ByteWriter()
    private var runCount = 0
    private var lastRunDictionary: UInt32?
    /// Serialized documents waiting to be compressed, back to back, and
    /// where each one's fields kept apart start (`split`; the document's
    /// end when it has none) and where it ends.
    private var batch = ByteWriter()
    private var batchEnds: [(split: Int, end: Int)] = []
    /// The dictionary a building writer compresses with, once settled.
    private var ownDictionary: [UInt8]?
    /// Where frames are compressed before they are written (reused).
    private var frameBuffer: [UInt8] = []

    /// A writer for a segment being built; `apart`: the fields written in a
    /// frame of their own.
    init(output: IndexOutput, shared: SharedDictionary?, apart: Set<UInt8> = []) {
        self.output = output
        self.shared = shared
        self.apart = apart
    }

    /// A writer for a merge: `sources` are the dictionaries its frames will
    /// name (by position), written at once.
    init(output: IndexOutput, dictionaries sources: [[UInt8]]) throws(StoreError) {
        self.output = output
        shared = nil
        apart = []
        pending = nil
        compressor = ZstdDictionary.Compressor.plain
        for dictionary in sources { try writeDictionary(dictionary) }
    }

    /// Bytes held in memory: the batch being gathered, the documents
    /// waiting for a dictionary and, until one is settled, room to train it.
    var memoryBytes: Int {
        batch.bytes.capacity + frameBuffer.capacity
            + (pending == nil ? 0 : pendingBytes + StoredFieldsWriter.trainingReserve)
    }

    /// The serialized form of a document's fields (FORMAT.md's `Document`).
    static func serialize(_ fields: [(id: UInt8, bytes: [UInt8])]) -> [UInt8] {
        var document = ByteWriter(capacity: fields.reduce(8) { $0 + $1.bytes.count + 6 })
        _ = serialize(fields, apart: [], into: &document)
        return document.bytes
    }

    /// Serializes the fields whose id `belongs` as one `Document`.
    private static func serialize(
        _ fields: [(id: UInt8, bytes: [UInt8])], into document: inout ByteWriter, where belongs: (UInt8) -> Bool
    ) {
        document.varint(fields.reduce(0) { $0 + (belongs($1.id) ? 1 : 0) })
        for field in fields where belongs(field.id) {
            document.u8(field.id)
            document.lengthPrefixed(field.bytes)
        }
    }

    /// Serializes `fields` into `document`: the fields not in `apart`, then
    /// (as a second `Document`) those in it, if any. Returns where the
    /// second starts in `document` (its end when there is none). Static: a
    /// method of the writer given its own batch inout copied the batch for
    /// every document.
    static func serialize(
        _ fields: [(id: UInt8, bytes: [UInt8])], apart: Set<UInt8>, into document: inout ByteWriter
    ) -> Int {
        serialize(fields, into: &document) { !apart.contains($0) }
        let split = document.count
        if fields.contains(where: { apart.contains($0.id) }) {
            serialize(fields, into: &document) { apart.contains($0) }
        }
        return split
    }

    mutating func add(_ fields: [(id: UInt8, bytes: [UInt8])]) throws(StoreError) {
        docCount += 1
        guard pending != nil else {
            let split = StoredFieldsWriter.serialize(fields, apart: apart, into: &batch)
            return try endOfDocumentInBatch(split: split)
        }
        var document = ByteWriter(capacity: fields.reduce(16) { $0 + $1.bytes.count + 6 })
        let split = StoredFieldsWriter.serialize(fields, apart: apart, into: &document)
        pending!.append(Serialized(bytes: document.bytes, split: split))
        pendingBytes += document.count
        if let known = shared?.current {
            try settle(known)
        } else if pendingBytes >= StoredFieldsWriter.sampleTarget {
            // While another thread trains the shared dictionary, keep
            // holding articles for it (up to four samples' worth, in case
            // that thread is slow to get there).
            let claimed = shared?.claimTraining() ?? true
            guard claimed || pendingBytes >= 4 * StoredFieldsWriter.sampleTarget else { return }
            try settle(trainingOn: true)
            // Publishing ends a claim; one that trained nothing lets another thread try.
            if claimed, shared?.current == nil { shared?.releaseClaim() }
        }
    }

    /// Copies a frame of another stored file (already checked against
    /// `checksum`), compressed with dictionary `dictionary` of this file's
    /// (nil: none).
    mutating func addFrame(_ frame: UnsafeRawBufferPointer, checksum: UInt32, dictionary: Int?) throws(StoreError) {
        precondition(batchEnds.isEmpty, "a merge's writer gathers no batch")
        noteRun(dictionary.map(UInt32.init) ?? StoredFieldsWriter.noDictionary)
        try writeFrame(frame, checksum: checksum)
        docCount += 1
    }

    /// Adds every document of `other`, a finished stored fields file of the
    /// same indexing run, after this writer's own (`SegmentBuilder.flush(together:)`).
    /// Their frames are copied as they are when they name this file's
    /// dictionary (the run's shared one, so nearly always) or none; a file
    /// with another dictionary (a builder that trained its own) has its
    /// documents compressed again with this one's.
    mutating func append(_ other: StoredFieldsReader) throws(StoreError) {
        if pending != nil { try settle(shared?.current) }
        guard let frames = other.frames, try names(onlyOwnDictionary: frames) else {
            noteRun(dictionaryCount > 0 ? 0 : StoredFieldsWriter.noDictionary)
            for doc in 0..<other.docCount {
                let fields = try other.document(doc)
                try add(fields.keys.sorted().map { ($0, fields[$0]!) })
            }
            return
        }
        if !batchEnds.isEmpty { try compressBatch() }
        var sinceRelease = 0
        for doc in 0..<other.docCount {
            let frame = try frames.frame(doc)
            try addFrame(frame.bytes, checksum: frame.checksum, dictionary: frame.dictionary < 0 ? nil : 0)
            // The pages read leave the resident set every few megabytes, as
            // a merge's do: this copy runs while the other workers' builders
            // fill, at the run's peak of memory.
            sinceRelease += frame.bytes.count
            if sinceRelease >= StoredFieldsWriter.appendReleaseEvery {
                other.file.dropResidentPages()
                sinceRelease = 0
            }
        }
        other.file.dropResidentPages()
    }

    /// Whether every dictionary `frames` name is this writer's own.
    private func names(onlyOwnDictionary frames: StoredFieldsReader.FrameAccess) throws(StoreError) -> Bool {
        for number in 0..<frames.dictionaryCount where ownDictionary?.elementsEqual(try frames.dictionary(number)) != true {
            return false
        }
        return true
    }

    /// Adds a serialized document compressed without a dictionary (a merge
    /// reading version 3 blocks).
    mutating func addPlain(_ document: [UInt8]) throws(StoreError) {
        noteRun(StoredFieldsWriter.noDictionary)
        let frame = ZstdDictionary.Compressor.plain.compress(document)
        try frame.withStoreBytes { (bytes: UnsafeRawBufferPointer) throws(StoreError) in
            try writeFrame(bytes, checksum: CRC32C.checksum(bytes))
        }
        docCount += 1
    }

    /// Decides the dictionary of a building writer: `known` (shared), one
    /// trained on the held documents (`trainingOn`), or none; then writes
    /// the held documents' frames.
    private mutating func settle(_ known: CompressionDictionary? = nil, trainingOn: Bool = false) throws(StoreError) {
        guard let samples = pending else { return }
        pending = nil
        var dictionary = known
        // Trained on what the frames hold: each document's two parts apart.
        if dictionary == nil, trainingOn || pendingBytes >= StoredFieldsWriter.sampleMinimum,
            let trained = CompressionDictionary.train(samples.flatMap(\.parts))
        {
            dictionary = shared?.publish(trained) ?? trained
        }
        pendingBytes = 0
        // The held documents are the last ones added: the run starts at the first.
        let first = docCount - samples.count
        if let dictionary {
            try writeDictionary(dictionary.bytes)
            ownDictionary = dictionary.bytes
            compressor = dictionary.compressor
            noteRun(0, from: first)
        } else {
            compressor = ZstdDictionary.Compressor.plain
            noteRun(StoredFieldsWriter.noDictionary, from: first)
        }
        for document in samples { try write(document) }
    }

    private mutating func writeDictionary(_ bytes: [UInt8]) throws(StoreError) {
        precondition(index.count == 0, "dictionaries precede the frames")
        dictionaries.u64(UInt64(output.offset))
        dictionaries.u32(UInt32(bytes.count))
        dictionaries.u32(CRC32C.checksum(bytes))
        dictionaryCount += 1
        try output.write(bytes)
    }

    /// Starts a run at document `first` (the next one to be written) if
    /// its dictionary differs from the previous run's.
    private mutating func noteRun(_ dictionary: UInt32, from first: Int? = nil) {
        guard dictionary != lastRunDictionary else { return }
        runs.u32(UInt32(first ?? docCount))
        runs.u32(dictionary)
        runCount += 1
        lastRunDictionary = dictionary
    }

    private mutating func write(_ document: Serialized) throws(StoreError) {
        let start = batch.count
        batch.append(document.bytes)
        try endOfDocumentInBatch(split: start + document.split)
    }

    /// Marks the end of the document just put in the batch (its fields
    /// kept apart starting at `split`), and compresses the batch once it is
    /// big enough.
    private mutating func endOfDocumentInBatch(split: Int) throws(StoreError) {
        batchEnds.append((split, batch.count))
        if batch.count >= StoredFieldsWriter.batchTarget { try compressBatch() }
    }

    /// Compresses and writes the batch's documents: each one's frame, and
    /// right after it the frame of its fields kept apart, if any.
    private mutating func compressBatch() throws(StoreError) {
        guard let compressor else { preconditionFailure("frames are written once the dictionary is settled") }
        var start = 0
        for (split, end) in batchEnds {
            let needed =
                ZstdDictionary.Compressor.bound(split - start) + (split < end ? ZstdDictionary.Compressor.bound(end - split) : 0)
            if frameBuffer.count < needed { frameBuffer = [UInt8](repeating: 0, count: max(needed, 64 << 10)) }
            let length = batch.bytes.withUnsafeBytes { bytes in
                frameBuffer.withUnsafeMutableBytes { buffer in
                    let first = compressor.compress(UnsafeRawBufferPointer(rebasing: bytes[start..<split]), into: buffer)
                    guard split < end else { return first }
                    return first
                        + compressor.compress(
                            UnsafeRawBufferPointer(rebasing: bytes[split..<end]),
                            into: UnsafeMutableRawBufferPointer(rebasing: buffer[first...]))
                }
            }
            let compressed = frameBuffer  // shares the storage; the closure below mutates self
            try compressed.withStoreBytes { (buffer: UnsafeRawBufferPointer) throws(StoreError) in
                let frame = UnsafeRawBufferPointer(rebasing: buffer[..<length])
                try writeFrame(frame, checksum: CRC32C.checksum(frame))
            }
            start = end
        }
        batch.removeAll()
        batchEnds.removeAll(keepingCapacity: true)
    }

    /// Writes a compressed frame and its entry in the document index.
    private mutating func writeFrame(_ frame: UnsafeRawBufferPointer, checksum: UInt32) throws(StoreError) {
        index.u64(UInt64(output.offset))
        index.u32(checksum)
        try output.write(frame)
    }

    mutating func finish() throws(StoreError) {
        if pending != nil { try settle(shared?.current) }
        if !batchEnds.isEmpty { try compressBatch() }
        if runCount == 0 { noteRun(StoredFieldsWriter.noDictionary) }  // an empty file
        let indexOffset = output.offset
        var tables = dictionaries
        tables.append(runs.bytes)
        try output.write(index)
        try output.write(tables)
        var trailer = ByteWriter()
        trailer.u32(UInt32(docCount))
        trailer.u32(UInt32(dictionaryCount))
        trailer.u32(UInt32(runCount))
        trailer.u64(UInt64(indexOffset))
        trailer.u32(CRC32C.checksum(index.bytes))
        trailer.u32(CRC32C.checksum(tables.bytes))
        try output.write(trailer)
    }
}
