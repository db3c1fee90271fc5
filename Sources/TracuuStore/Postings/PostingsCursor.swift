internal import CTracuuVarint
import TracuuCore

/// Iterates one term's documents in a segment, in increasing doc id order,
/// with their term frequencies and, on demand, positions.
///
/// The cursor reads the skip entries first (FORMAT.md, "Postings"), so
/// `advance(to:)` jumps over whole blocks, and `blockMax` exposes each
/// block's largest frequency and shortest document for block-max pruning.
///
/// - Complexity: `next()` O(1) amortized; `advance(to:)` O(blocks skipped +
///   128) at worst; `positions()` O(frequency of the docs passed over in the
///   block + this doc's).
public final class PostingsCursor {
    public let docFreq: Int
    private let postings: MappedFile
    private let positionsFile: MappedFile?
    /// The mappings' addresses and the files' names, read once: readers
    /// made per block and per document from these touch no object.
    private let postingsBase: UnsafeRawPointer
    private let positionsBase: UnsafeRawPointer
    private let postingsName: String
    private let positionsName: String
    // Skip data, one entry per full block.
    private var blockLastDoc: [Int32] = []
    private var blockOffset: [Int] = []
    private var blockPositionOffset: [Int] = []
    public private(set) var blockMaxFreq: [Int32] = []
    public private(set) var blockMinLength: [Int32] = []
    private let tailOffset: Int
    private let tailPositionOffset: Int
    /// Where this term's bytes end in each file.
    private let postingsEnd: Int
    private let positionsEnd: Int
    /// The term's positions, to verify on first use.
    private let positionsRange: Range<Int>
    private let positionsChecksum: UInt32
    private var positionsVerified = false
    /// The term's postings and their checksum, checked before a block is
    /// decoded, or after `insertDocs` decodes them all (`verifyPostings`).
    private let postingsRange: Range<Int>
    private let postingsChecksum: UInt32
    private var postingsVerified: Bool
    private let verified: VerifiedParts
    private let ordinal: Int
    // The decoded current block.
    // Raw buffers, not arrays: a class's array property pays a uniqueness
    // check on every write, measured at a tenth of a query's time.
    private let docs = UnsafeMutablePointer<Int32>.allocate(capacity: PostingsFormat.blockSize)
    @usableFromInline let freqs = UnsafeMutablePointer<Int32>.allocate(capacity: PostingsFormat.blockSize)
    private var blockCount = 0
    private var block = -1
    @usableFromInline var index = 0
    private var countInBlock = 0
    private var positionCursor = 0
    private var positionDocIndex = 0
    public private(set) var doc: Int32 = -1
    private var lastPositionsBlock = -1
    private var lastPositionsIndex = -1
    private var lastPositions: [UInt32] = []
    /// Where the positions of the document at (`lastPositionsBlock`,
    /// `lastPositionsIndex`) start in the positions file.
    private var lastPositionsStart = 0
    /// The tail block's largest frequency, found as it is decoded.
    private var tailMaxFreq: Int32 = 0

    init(
        postings: MappedFile, positions: MappedFile?, info: TermInfo, postingsEnd: Int, positionsEnd: Int,
        verified: VerifiedParts
    ) throws(StoreError) {
        self.postings = postings
        self.positionsFile = positions
        postingsBase = postings.buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        positionsBase = positions?.buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        postingsName = postings.name
        positionsName = positions?.name ?? "positions"
        self.docFreq = info.docFreq
        self.ordinal = info.ordinal
        self.verified = verified
        // Every byte this cursor decodes is checked (once per term per open
        // segment): a damaged file gives an error naming it, never wrong
        // results (see `verifyPostings` for when).
        let termPostings = info.postingsOffset..<(info.postingsOffset + info.postingsLength)
        postingsRange = termPostings
        postingsChecksum = info.postingsChecksum
        postingsVerified = verified.contains(PostingsCursor.part(info.ordinal, positions: false))
        guard termPostings.lowerBound >= FileFraming.headerSize, termPostings.upperBound <= postingsEnd else {
            throw StoreError.corrupt(
                postings.name, "term \(info.ordinal): bytes \(termPostings) outside the file's body")
        }
        self.postingsEnd = termPostings.upperBound
        positionsRange = info.positionsOffset..<(info.positionsOffset + info.positionsLength)
        positionsChecksum = info.positionsChecksum
        self.positionsEnd = positionsRange.upperBound
        guard positionsRange.upperBound <= positionsEnd else {
            throw StoreError.corrupt(
                positions?.name ?? "positions", "term \(info.ordinal): positions run past the end of the file")
        }
        let fullBlocks = info.docFreq / PostingsFormat.blockSize
        blockCount = fullBlocks + (info.docFreq % PostingsFormat.blockSize > 0 ? 1 : 0)
        var reader = postings.reader(offset: info.postingsOffset, end: postingsEnd)
        var lastDoc: Int32 = 0
        var positionOffset = info.positionsOffset
        // Reserved: appended one by one, the six arrays were reallocated
        // about eight times each for a common word's few hundred blocks,
        // and a cursor is made per form, segment and search.
        var sizes: [Int] = []
        sizes.reserveCapacity(fullBlocks)
        blockLastDoc.reserveCapacity(fullBlocks)
        blockPositionOffset.reserveCapacity(fullBlocks)
        blockMaxFreq.reserveCapacity(fullBlocks)
        blockMinLength.reserveCapacity(fullBlocks)
        blockOffset.reserveCapacity(fullBlocks)
        for _ in 0..<fullBlocks {
            let delta = try reader.varintInt()
            guard Int(lastDoc) + delta < Int(Int32.max) else { throw reader.overrun("doc id") }
            lastDoc += Int32(delta)
            blockLastDoc.append(lastDoc)
            sizes.append(try reader.varintInt())
            blockPositionOffset.append(positionOffset)
            positionOffset += try reader.varintInt()
            blockMaxFreq.append(Int32(clamping: try reader.varintInt()))
            blockMinLength.append(Int32(clamping: try reader.varintInt()))
        }
        var offset = reader.offset
        for size in sizes {
            blockOffset.append(offset)
            offset += size
        }
        tailOffset = offset
        tailPositionOffset = positionOffset
        guard tailOffset <= postingsEnd else {
            throw StoreError.corrupt(postings.name, "postings blocks run past the end (offset \(tailOffset))")
        }
    }

    deinit {
        docs.deallocate()
        freqs.deallocate()
    }

    /// Number of skip blocks (full blocks of 128; the tail has none).
    public var fullBlockCount: Int { blockLastDoc.count }

    /// The last doc id of full block `block`.
    public func lastDoc(ofBlock block: Int) -> Int32 { blockLastDoc[block] }

    /// The full block that may hold `target`, or nil when it lies in the tail.
    public func blockIndex(containing target: Int32) -> Int? {
        var low = 0
        var high = blockLastDoc.count
        while low < high {
            let middle = (low + high) / 2
            if blockLastDoc[middle] < target { low = middle + 1 } else { high = middle }
        }
        return low < blockLastDoc.count ? low : nil
    }

    /// Inlinable: scoring reads it for every form of every word of every
    /// candidate document, and as a call across modules it showed in profiles.
    @inlinable public var freq: Int32 { freqs[index] }

    /// The current block's last document, largest frequency and shortest
    /// field length, for block-max pruning: the skip entry's for a full
    /// block; for the tail, which has none, its decoded largest frequency
    /// and a length of 1 (no document is shorter).
    public var blockMaxima: (lastDoc: Int32, maxFreq: Int32, minLength: Int32) {
        guard block >= 0, doc != PostingsFormat.noMoreDocs else { return (PostingsFormat.noMoreDocs, 0, 1) }
        if block < blockLastDoc.count { return (blockLastDoc[block], blockMaxFreq[block], blockMinLength[block]) }
        return (docs[countInBlock - 1], tailMaxFreq, 1)
    }

    /// Goes back to before the first document, as the cursor was made: a
    /// search that scored a few likely documents first walks the rest from
    /// the start (`Searcher.walkSeeded`). Blocks are decoded again as they
    /// are reached; the skip data and checksums read at the start are kept.
    public func rewind() {
        block = -1
        index = 0
        countInBlock = 0
        doc = -1
        positionCursor = 0
        positionDocIndex = 0
        lastPositionsBlock = -1
        lastPositionsIndex = -1
    }

    /// Moves to the next document; returns it, or `PostingsFormat.noMoreDocs`.
    @discardableResult
    public func next() throws(StoreError) -> Int32 {
        if block >= 0 && index + 1 < countInBlock {
            index += 1
            doc = docs[index]
            return doc
        }
        guard block + 1 < blockCount else {
            doc = PostingsFormat.noMoreDocs
            return doc
        }
        try decode(block + 1)
        doc = docs[0]
        return doc
    }

    /// Moves to the first document ≥ `target`; returns it, or `noMoreDocs`.
    @discardableResult
    public func advance(to target: Int32) throws(StoreError) -> Int32 {
        if doc >= target { return doc }
        // Skip whole blocks whose last doc is below the target.
        var candidate = max(block, 0)
        if block < 0 || (block < blockLastDoc.count && blockLastDoc[block] < target) {
            candidate = blockIndex(containing: target) ?? blockLastDoc.count
            if candidate >= blockCount {
                doc = PostingsFormat.noMoreDocs
                return doc
            }
            if candidate != block { try decode(candidate) }
        }
        while true {
            // The scan in locals: `index` written back at every step (the
            // compiler cannot tell `docs` from the cursor's own fields) was
            // a fifth of a phrase query's time in this function.
            let docs = self.docs
            let count = countInBlock
            var at = index
            while at < count {
                let candidate = docs[at]
                if candidate >= target {
                    index = at
                    doc = candidate
                    return doc
                }
                at += 1
            }
            index = at
            guard block + 1 < blockCount else {
                doc = PostingsFormat.noMoreDocs
                return doc
            }
            try decode(block + 1)
        }
    }

    /// The current document's positions, ascending. Calling it again for
    /// the same document returns the same positions.
    public func positions() throws(StoreError) -> [UInt32] {
        // The last array's storage is reused when its caller has let it go
        // (they do, before asking for the next document's).
        var result = lastPositions
        lastPositions = []
        result.removeAll(keepingCapacity: true)
        // None for a term whose field records none, whatever its frequency
        // (the pairs' and names' counts).
        let count = positionsFile == nil ? 0 : Int(freqs[index])
        result.append(contentsOf: repeatElement(0, count: count))
        let failure: StoreError? = result.withUnsafeMutableBufferPointer { buffer in
            do throws(StoreError) {
                if count > 0 { try decodePositions(into: buffer.baseAddress!) }
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        lastPositions = result
        return result
    }

    /// Decodes the current document's positions, ascending, into `output`,
    /// which has room for `freq` of them. Asking again for the same
    /// document decodes the same positions.
    ///
    /// Raw memory rather than an array: a phrase merges its words' forms'
    /// positions on every candidate document into one buffer per word.
    public func decodePositions(into output: UnsafeMutablePointer<UInt32>) throws(StoreError) {
        guard positionsFile != nil else { return }
        let reader = try currentPositions()
        let start = reader.offset
        let used = CTracuuVarint_decodeGaps(
            positionsBase + start, reader.end - start, Int32(freqs[index]), output)
        guard used >= 0 else { throw varintFailure(used, file: positionsName, offset: start, what: "positions") }
        passedPositions(start: start, end: start + used)
    }

    /// The current document's positions as they are stored: `freq` varints,
    /// the first position and then the gaps. They do not depend on the
    /// document's id, so a merge copies them as they are: decoding and
    /// encoding every position was a third of `optimize`'s CPU time on the
    /// benchmark index (3.0 s → 1.9 s).
    public func positionBytes() throws(StoreError) -> UnsafeRawBufferPointer {
        guard positionsFile != nil else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        var reader = try currentPositions()
        let start = reader.offset
        try reader.skipVarints(Int(freqs[index]))
        passedPositions(start: start, end: reader.offset)
        return UnsafeRawBufferPointer(start: positionsBase + start, count: reader.offset - start)
    }

    /// The term's doc codes as stored — its full blocks and tail, one
    /// DocCode stream (FORMAT.md, "Postings") — split into its first doc
    /// and frequency and the codes after them, with its last doc. A merge
    /// from a segment without deletions, where every doc id moves by the
    /// same amount, writes the first code anew and copies the rest. For a
    /// fresh cursor, used for nothing after but `allPositionBytes()`: the
    /// tail is decoded to find its last doc, which no skip entry names.
    public func docCodes() throws(StoreError) -> (firstDoc: Int32, firstFreq: Int, rest: UnsafeRawBufferPointer, lastDoc: Int32) {
        var reader = ByteReader(
            base: postingsBase, offset: blockOffset.first ?? tailOffset, end: postingsEnd, file: postingsName)
        let code = try reader.varint()
        guard code >> 1 <= UInt64(Int32.max) else { throw reader.overrun("doc id") }
        let firstFreq = code & 1 == 1 ? 1 : try reader.varintInt()
        let rest = UnsafeRawBufferPointer(start: postingsBase + reader.offset, count: postingsEnd - reader.offset)
        let lastDoc: Int32
        if docFreq % PostingsFormat.blockSize == 0 {
            lastDoc = blockLastDoc[blockLastDoc.count - 1]
        } else {
            try decode(blockCount - 1)
            lastDoc = docs[countInBlock - 1]
        }
        return (Int32(code >> 1), firstFreq, rest, lastDoc)
    }

    /// Every document's positions as stored, in posting order: what a
    /// merge copies whole from a segment without deletions.
    public func allPositionBytes() throws(StoreError) -> UnsafeRawBufferPointer {
        guard positionsFile != nil else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        try verifyPositions()
        return UnsafeRawBufferPointer(start: positionsBase + positionsRange.lowerBound, count: positionsRange.count)
    }

    /// Checks the term's positions against their checksum, once.
    private func verifyPositions() throws(StoreError) {
        guard !positionsVerified else { return }
        try verified.verify(
            PostingsCursor.part(ordinal, positions: true), positionsRange, of: positionsFile!,
            within: FileFraming.headerSize..<positionsEnd, checksum: positionsChecksum, what: "term \(ordinal)")
        positionsVerified = true
    }

    /// A reader at the current document's positions, the term's positions
    /// checked first if they were not yet.
    private func currentPositions() throws(StoreError) -> ByteReader {
        try verifyPositions()
        if lastPositionsBlock == block && lastPositionsIndex == index {
            return ByteReader(base: positionsBase, offset: lastPositionsStart, end: positionsEnd, file: positionsName)
        }
        var reader = ByteReader(base: positionsBase, offset: positionCursor, end: positionsEnd, file: positionsName)
        var passed = 0
        while positionDocIndex < index {
            passed += Int(freqs[positionDocIndex])
            positionDocIndex += 1
        }
        try reader.skipVarints(passed)
        return reader
    }

    /// Remembers that the current document's positions lie at `start..<end`.
    private func passedPositions(start: Int, end: Int) {
        positionCursor = end
        positionDocIndex = index + 1
        lastPositionsBlock = block
        lastPositionsIndex = index
        lastPositionsStart = start
    }

    /// Sets the bit of every document of the term in `bits`, 64 documents
    /// to a word (document `d` is bit `d & 63` of word `d >> 6`), whatever
    /// the cursor's position, which it leaves alone: the whole list in one
    /// pass, frequencies read past, for counting a query's matches
    /// (`ExactMatches`) at a few nanoseconds a posting, against a cursor
    /// step per document and form when scorers walk them.
    /// With `freqs` (one per document), each document's frequency is added
    /// to its entry, which stops at 255 (a byte a document: a quarter of
    /// the pages of 32-bit counts, each first touched a page fault; a
    /// reader of 255 knows only "255 or more"). A document at or past
    /// `docCount` is damage, reported as such.
    public func insertDocs(
        into bits: UnsafeMutableBufferPointer<UInt64>, docCount: Int, freqs: UnsafeMutableBufferPointer<UInt8>? = nil
    ) throws(StoreError) {
        precondition(bits.count * 64 >= docCount, "the bitset holds every document of the segment")
        precondition(freqs.map { $0.count >= docCount } ?? true, "a frequency for every document")
        // The loop every query word's forms go through (a quarter of a
        // multi-word query): a block per C call, which reads each doc code
        // with no branch on whether a frequency follows (see
        // `CTracuuVarint`), the mapping's address read once.
        let words = bits.baseAddress!
        let counts = freqs?.baseAddress
        var current: Int32 = 0
        do throws(StoreError) {
            for block in 0..<blockCount {
                let (bytes, count, isTail) = span(of: block)
                let used = CTracuuVarint_insertDocCodes(
                    postingsBase + bytes.lowerBound, bytes.count, Int32(count), &current, Int64(docCount), words, counts)
                guard used >= 0 else {
                    throw varintFailure(
                        used, file: postingsName, offset: bytes.lowerBound, what: "doc codes",
                        limit: "the segment's \(docCount) documents")
                }
                if !isTail { try checkEnd(ofBlock: block, at: current) }
            }
        } catch {
            // Damage the checksum finds is reported as such.
            try verifyPostings()
            throw error
        }
        // Checked after decoding, while the bytes are in cache: the bits
        // are not used before this returns.
        try verifyPostings()
    }

    /// The error for a negative result of a `CTracuuVarint` decoder that
    /// read from `offset` in `file`; `limit` names the bound a doc id
    /// passed.
    private func varintFailure(
        _ code: Int, file: String, offset: Int, what: String, limit: String = "the largest doc id"
    ) -> StoreError {
        let place = "term \(ordinal), the \(what) at offset \(offset)"
        return switch Int32(code) {
        case CTRACUU_VARINT_TOO_LONG: StoreError.corrupt(file, "\(place): a varint longer than 10 bytes")
        case CTRACUU_VARINT_OUT_OF_RANGE: StoreError.corrupt(file, "\(place): a doc id past \(limit)")
        default: StoreError.corrupt(file, "\(place): they run past their end")
        }
    }

    /// A full block must end on its skip entry's last document.
    private func checkEnd(ofBlock block: Int, at last: Int32) throws(StoreError) {
        guard last != blockLastDoc[block] else { return }
        throw StoreError.corrupt(postingsName, "block ends at doc \(last), its skip entry says \(blockLastDoc[block])")
    }

    /// A term's postings and its positions are checked apart: two parts per
    /// term in the segment's `VerifiedParts`.
    static func part(_ ordinal: Int, positions: Bool) -> Int { 2 * ordinal + (positions ? 1 : 0) }

    /// Where block `block`'s bytes lie in the postings file and how many
    /// documents it holds (the tail: the ones left over after full blocks).
    private func span(of block: Int) -> (bytes: Range<Int>, count: Int, isTail: Bool) {
        if block >= blockLastDoc.count { return (tailOffset..<postingsEnd, docFreq % PostingsFormat.blockSize, true) }
        let end = block + 1 < blockOffset.count ? blockOffset[block + 1] : tailOffset
        return (blockOffset[block]..<end, PostingsFormat.blockSize, false)
    }

    /// Checks the term's postings against their checksum, once.
    ///
    /// Why not when the cursor is made, as before: the check reads every
    /// byte of the term, then the decoding reads them again. `insertDocs`,
    /// which decodes them all (every word of a search that counts its
    /// matches from their bits), checks them after, while they are still
    /// in the core's cache; any other decoding checks them before its first
    /// block. A search's bytes are checked either way before it answers.
    /// Checked after rather than before: one-word queries 6 % faster at 4×
    /// the corpus, 3 % at 1× (paired medians of the benchmark's queries).
    /// The skip entries a cursor reads when it is made are checked with the
    /// rest before any of it is acted on: only a cursor that has decoded a
    /// block gives out its block's bounds.
    private func verifyPostings() throws(StoreError) {
        guard !postingsVerified else { return }
        // The range was found within the file's body when the cursor was
        // made (its skip entries are read there).
        try verified.verify(
            PostingsCursor.part(ordinal, positions: false), postingsRange, of: postings, within: postingsRange,
            checksum: postingsChecksum, what: "term \(ordinal)")
        postingsVerified = true
    }

    private func decode(_ newBlock: Int) throws(StoreError) {
        try verifyPostings()
        let (bytes, count, isTail) = span(of: newBlock)
        let previous: Int32 = newBlock == 0 ? 0 : blockLastDoc[newBlock - 1]
        let used = CTracuuVarint_decodeDocCodes(
            postingsBase + bytes.lowerBound, bytes.count, Int32(count), previous, Int64(Int32.max), docs, freqs)
        guard used >= 0 else { throw varintFailure(used, file: postingsName, offset: bytes.lowerBound, what: "doc codes") }
        let current = count > 0 ? docs[count - 1] : previous
        if isTail {
            tailMaxFreq = 0
            for i in 0..<count { tailMaxFreq = max(tailMaxFreq, freqs[i]) }
        }
        if !isTail { try checkEnd(ofBlock: newBlock, at: current) }
        block = newBlock
        index = 0
        countInBlock = count
        positionCursor = isTail ? tailPositionOffset : blockPositionOffset[newBlock]
        positionDocIndex = 0
        lastPositionsBlock = -1
    }
}
