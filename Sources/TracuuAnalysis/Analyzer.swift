import TracuuCore
import TracuuText

/// Turns text into index terms with positions; the one analyzer that both
/// indexing and querying use, so a word is always cut and folded the same way.
///
/// An `Analyzer` keeps a cache from raw token bytes to terms: Vietnamese news
/// uses a few thousand distinct syllables, so after the first pages nearly
/// every token is a cache hit and ICU is not called at all. It is therefore a
/// class with mutable state: use one per thread.
public final class Analyzer {
    // The state `Analyzer+Tokens.swift` reads is internal, and set only here.
    let tokenizer = Tokenizer()
    /// Raw token bytes → term index.
    private(set) var rawCache: ByteTable
    /// The frequent part of `rawCache`, small enough to stay in CPU caches.
    private let hotCache = HotTokenCache()
    /// Term bytes → term index.
    private var termTable: ByteTable
    /// Term bytes by term index (the keys of `termTable`, stored once more
    /// in one buffer so a document's terms are copied without a lookup).
    private(set) var termArena = [UInt8](repeating: 0, count: Analyzer.slack)
    private(set) var termStart: [Int32] = [0]
    /// Fold keys, each once, by fold id; and each term's fold id.
    private(set) var foldTable: ByteTable
    private var foldArena = [UInt8](repeating: 0, count: Analyzer.slack)
    private var foldStart: [Int32] = [0]
    private(set) var foldOfTerm: [Int32] = []
    /// Each term's `StableHash` (by term id), for `FieldTerms.wordHashes`.
    private var termHashes: [UInt64] = []
    /// The multi-word names an indexing analyzer looks for (`findNames`).
    /// Set before the first analysis: each term is tagged when it enters
    /// the vocabulary.
    package var names: NameFinder? {
        didSet {
            termSpellings = termHashes.indices.map { spellingNumber(term: $0) }
            nameScratch = nil
        }
    }
    /// Each term's spelling number in `names` (by term id), -1 for a term
    /// that spells no name word.
    private var termSpellings: [Int32] = []
    /// Each term's `TextMarks.Kind` (by term id), for `countMarks`.
    private var termMarks: [UInt8] = []
    /// When set, the vocabulary is never dropped on its own (term ids must
    /// stay valid until `resetVocabulary()`): an indexing thread's segment
    /// builder keys its terms by these ids.
    public var stableIDs = false
    /// Both arenas end with this many zero bytes, and copies out of them may
    /// read and write whole 8-byte words past an entry's end.
    static let slack = 8
    private let pairCounter = PairCounter()
    /// Per-document aggregation, per term id: the document stamp in the high
    /// 32 bits and the term's slot in the document's list in the low 32; the
    /// slot is valid when the stamp is the current document's. One array, so
    /// a token costs one memory access here, not two. Grown with the
    /// vocabulary, zeroed.
    private var stampScratch = Scratch<UInt64>()
    private var stamp: UInt32 = 0
    /// Reused per document: each token's slot (high 32 bits) and position
    /// (low 32 bits) in text order; each slot's term; the counting sort's
    /// cursors.
    private let tokenScratch = Scratch<UInt64>()
    private let slotScratch = Scratch<Int32>()
    /// Each token's byte offset (high bits) and length (low 8 bits).
    private let spanScratch = Scratch<UInt64>()
    private let fillScratch = Scratch<Int32>()

    /// The cache is dropped past this many raw forms, bounding memory on
    /// corpora full of numbers and typos.
    public static let cacheLimit = 1 << 20

    /// How many terms the tables start with room for (they grow).
    private let initialCapacity: Int

    /// `initialCapacity`: indexing keeps the default, sized for a corpus's
    /// syllables; a search process analyzes a query and a page of snippets,
    /// and starting small spares it touching tables of megabytes.
    public init(initialCapacity: Int = 1 << 14) {
        self.initialCapacity = initialCapacity
        rawCache = ByteTable(capacity: initialCapacity)
        termTable = ByteTable(capacity: initialCapacity)
        foldTable = ByteTable(capacity: initialCapacity)
    }

    /// The capacity a searcher's analyzer starts with.
    public static let queryCapacity = 1 << 10

    /// Version of the analysis rules, recorded in every index: a change here
    /// means existing indexes must be rebuilt.
    public static let version = "tracuu-analyzer-6"

    /// The terms of a field with their positions, in first-occurrence order.
    public struct FieldTerms: Sendable {
        /// Term i is `termBytes[termStarts[i]..<termStarts[i + 1]]`.
        public var termBytes: [UInt8] = []
        public var termStarts: [Int32] = [0]
        /// Positions grouped by term: term i has
        /// `positions[positionStarts[i]..<positionStarts[i + 1]]`, ascending.
        public var positions: [UInt32] = []
        public var positionStarts: [Int32] = [0]
        /// Number of tokens (the field length used for length normalization).
        public var length: Int = 0
        /// The position after the last token.
        public var endPosition: UInt32 = 0
        /// Syllable pairs: the fold keys of two adjacent words joined by a
        /// space ("hoi nhap"), flat like the terms, each with its count.
        /// Vietnamese writes a compound word as separate syllables; a pair
        /// is its index term.
        public var pairBytes: [UInt8] = []
        public var pairStarts: [Int32] = [0]
        public var pairCounts: [Int32] = []
        /// With `wordHashes: true`: the last part's words in text order,
        /// each as its term's stable 64-bit hash (the same for the same
        /// term in any run or process). Republication fingerprints are
        /// built from them, so the body is not tokenized a second time.
        public var wordHashes: [UInt64] = []
        /// With `findNames: true`: the names of the analyzer's `names`
        /// finder that the field holds, by number, ascending, with their counts.
        package var names: [NameFinder.Found] = []
        /// With `countMarks: true`: the field's words of letters with a
        /// mark and without (`TextMarks`), each occurrence counted.
        package var markedWords = 0
        package var plainWords = 0

        /// Whether the field is written without marks (`TextMarks`).
        package var isWrittenWithoutMarks: Bool {
            TextMarks.isWrittenWithoutMarks(marked: markedWords, plain: plainWords)
        }

        public var termCount: Int { termStarts.count - 1 }

        /// Term `index`'s bytes.
        public func term(_ index: Int) -> ArraySlice<UInt8> {
            termBytes[Int(termStarts[index])..<Int(termStarts[index + 1])]
        }

        /// Pair `index` ("hoi nhap").
        public func pair(_ index: Int) -> ArraySlice<UInt8> {
            pairBytes[Int(pairStarts[index])..<Int(pairStarts[index + 1])]
        }

        /// With `ids` output: each term's id (`Analyzer.appendTermBytes`)
        /// and each pair's id (`Analyzer.appendPairBytes`), instead of bytes.
        public var termIDs: [UInt64] = []
        public var pairIDs: [UInt64] = []

        public init() {}

        /// The positions of term `index`.
        public func positions(of index: Int) -> ArraySlice<UInt32> {
            positions[Int(positionStarts[index])..<Int(positionStarts[index + 1])]
        }
    }

    /// Analyzes `text` for the index, starting at `firstPosition`.
    public func analyze(_ text: String, firstPosition: UInt32 = 0) -> FieldTerms {
        analyze(parts: [text], firstPosition: firstPosition)
    }

    /// Analyzes several texts as one field (a title, then a body): positions
    /// continue from part to part with a gap, so no phrase spans two parts,
    /// and a word in both gets all its positions under one term.
    /// How `analyze` hands terms over: their bytes, or ids into this
    /// analyzer's vocabulary (valid until `resetVocabulary()`).
    public enum Output: Sendable { case bytes, ids }

    public func analyze(
        parts: [String], firstPosition: UInt32 = 0, withPairs: Bool = false, output: Output = .bytes,
        wordHashes: Bool = false
    ) -> FieldTerms {
        analyze(
            partCount: parts.count, byteCount: parts.reduce(0) { $0 + $1.utf8.count }, firstPosition: firstPosition,
            withPairs: withPairs, output: output, wordHashes: wordHashes
        ) { index, body in
            var copy = parts[index]
            copy.withUTF8(body)
        }
    }

    /// `analyze(parts:)` for texts held as UTF-8 bytes (well formed: an
    /// article's body as the ingester hands it over).
    public func analyze(
        utf8Parts parts: [[UInt8]], firstPosition: UInt32 = 0, withPairs: Bool = false, output: Output = .bytes,
        wordHashes: Bool = false, findNames: Bool = false, countMarks: Bool = false
    ) -> FieldTerms {
        analyze(
            partCount: parts.count, byteCount: parts.reduce(0) { $0 + $1.count }, firstPosition: firstPosition,
            withPairs: withPairs, output: output, wordHashes: wordHashes, findNames: findNames, countMarks: countMarks
        ) { index, body in parts[index].withUnsafeBufferPointer(body) }
    }

    /// The analysis itself; `visit(index, body)` calls `body` with part
    /// `index`'s bytes, `byteCount` bytes in all.
    private func analyze(
        partCount: Int, byteCount: Int, firstPosition: UInt32, withPairs: Bool, output: Output, wordHashes: Bool,
        findNames: Bool = false, countMarks: Bool = false, visit: (Int, (UnsafeBufferPointer<UInt8>) -> Void) -> Void
    ) -> FieldTerms {
        nextStamp()
        var result = FieldTerms()
        // A token takes at least one byte and a separator, so a part of n
        // bytes has at most n / 2 + 1 tokens: with that much room (summed,
        // rounded up) reserved, the loop below writes through plain
        // pointers, with no capacity, uniqueness or bounds checks per token
        // (they were a quarter of its instructions).
        let bound = byteCount / 2 + partCount
        tokenScratch.reserve(bound)
        slotScratch.reserve(bound)
        spanScratch.reserve(bound)
        let entries = tokenScratch.base
        let slotTerms = slotScratch.base
        let spans = spanScratch.base
        var entryCount = 0
        var slotCount = 0
        let currentStamp = UInt64(stamp) << 32
        let cache = rawCache
        let hot = hotCache
        var stamps = stampScratch.base
        var position = firstPosition
        var lastPartStart = 0
        for partIndex in 0..<partCount {
            lastPartStart = entryCount
            var partEnd = position
            visit(partIndex) { buffer in
                guard let text = buffer.baseAddress else { return }
                // Two passes: first cut the tokens (branchy, byte by byte),
                // then look each up (memory-bound). Apart, the lookups of
                // neighbouring tokens overlap in the CPU instead of waiting
                // behind the tokenizer's mispredicted branches.
                let end = tokenizer.tokenize(buffer, firstPosition: position) { token in
                    spans[entryCount] = UInt64(token.start) << 8 | UInt64(token.end - token.start)
                    entries[entryCount] = UInt64(token.position)
                    entryCount += 1
                }
                for index in lastPartStart..<entryCount {
                    let start = Int(spans[index] >> 8)
                    let raw = UnsafeBufferPointer(start: text + start, count: Int(spans[index] & 0xFF))
                    let termIndex: Int
                    var hotEntry: UnsafeMutablePointer<HotTokenCache.Entry>? = nil
                    if raw.count <= HotTokenCache.maxLength {
                        let words = HotTokenCache.pack(raw, readable: buffer.count - start)
                        let entry: UnsafeMutablePointer<HotTokenCache.Entry>
                        if let found = hot.find(words) {
                            entry = found
                        } else {
                            let hash = ByteTable.hash(raw)
                            let term = cache.find(raw, hash: hash) ?? self.insertTerm(raw, hash: hash)
                            stamps = self.stampScratch.base  // a new term may have grown it
                            entry = hot.store(words, term: term)
                        }
                        termIndex = Int(entry.pointee.term - 1)
                        if entry.pointee.stampSlot & 0xFFFF_FFFF_0000_0000 == currentStamp {
                            entries[index] |= (entry.pointee.stampSlot & 0xFFFF_FFFF) << 32
                            continue
                        }
                        hotEntry = entry
                    } else {
                        let hash = ByteTable.hash(raw)
                        termIndex = Int(cache.find(raw, hash: hash) ?? self.insertTerm(raw, hash: hash))
                        stamps = self.stampScratch.base
                    }
                    // The term's slot in this document, from the per-term
                    // table (another raw form may have given it one), or a
                    // new slot.
                    var stampSlot = stamps[termIndex]
                    if stampSlot & 0xFFFF_FFFF_0000_0000 != currentStamp {
                        stampSlot = currentStamp | UInt64(slotCount)
                        stamps[termIndex] = stampSlot
                        slotTerms[slotCount] = Int32(termIndex)
                        slotCount += 1
                    }
                    hotEntry?.pointee.stampSlot = stampSlot
                    entries[index] |= (stampSlot & 0xFFFF_FFFF) << 32
                }
                partEnd = end
            }
            let tokens = entryCount - lastPartStart
            if tokens > 0 { position = partEnd }
            result.length += tokens
        }
        result.endPosition = position
        let tokenEntries = UnsafeBufferPointer(start: entries, count: entryCount)
        let slotTermList = UnsafeBufferPointer(start: slotTerms, count: slotCount)
        if wordHashes {
            // Each distinct term's hash is read from the vocabulary once,
            // into the span scratch (free now, and at least as long as the
            // slots): read per token, the vocabulary-wide table missed the
            // cache at nearly every word.
            let slotHashes = spans
            termHashes.withUnsafeBufferPointer { hashes in
                for slot in 0..<slotCount { slotHashes[slot] = hashes[Int(slotTerms[slot])] }
            }
            result.wordHashes = tokenEntries[lastPartStart...].map { slotHashes[Int($0 >> 32)] }
        }
        analyzeOutput(tokenEntries, slotTermList, withPairs: withPairs, output: output, into: &result)
        if findNames, let names { result.names = found(names, slotTermList, in: result) }
        if countMarks { tallyMarks(slotTermList, into: &result) }
        return result
    }

    /// Counts the field's words with marks and without (`TextMarks.count`).
    private func tallyMarks(_ slotTerms: UnsafeBufferPointer<Int32>, into result: inout FieldTerms) {
        let (marked, plain) = termMarks.withUnsafeBufferPointer { kinds in
            result.positionStarts.withUnsafeBufferPointer { TextMarks.count(kinds: kinds, slotTerms: slotTerms, starts: $0) }
        }
        result.markedWords = marked
        result.plainWords = plain
    }

    /// The names `finder` finds in a field analyzed into `result`, whose
    /// slots hold `slotTerms`: one tag read per distinct term of the field.
    private func found(
        _ finder: NameFinder, _ slotTerms: UnsafeBufferPointer<Int32>, in result: FieldTerms
    ) -> [NameFinder.Found] {
        if nameScratch == nil { nameScratch = NameFinder.Scratch(finder) }
        let scratch = nameScratch!
        return termSpellings.withUnsafeBufferPointer { spellings in
            result.positions.withUnsafeBufferPointer { positions in
                result.positionStarts.withUnsafeBufferPointer { starts in
                    finder.names(scratch, slotTerms: slotTerms, spellings: spellings, positions: positions, starts: starts)
                }
            }
        }
    }

    /// `found`'s working memory, for `names`.
    private var nameScratch: NameFinder.Scratch?

    /// The second half of `analyze`: the document's terms (as ids or bytes),
    /// its pairs and its positions grouped by term, from the tokens in text
    /// order (`entries`: slot << 32 | position) and each slot's term.
    private func analyzeOutput(
        _ entries: UnsafeBufferPointer<UInt64>, _ slotTerms: UnsafeBufferPointer<Int32>, withPairs: Bool,
        output: Output, into result: inout FieldTerms
    ) {
        if output == .ids {
            result.termIDs = slotTerms.map { UInt64($0) }
            result.termStarts = []
        } else {
            // Copy the document's terms out of the vocabulary, back to back.
            var termStarts = [Int32](repeating: 0, count: slotTerms.count + 1)
            termStart.withUnsafeBufferPointer { vocabularyStarts in
                for (index, term) in slotTerms.enumerated() {
                    termStarts[index + 1] =
                        termStarts[index] + vocabularyStarts[Int(term) + 1] - vocabularyStarts[Int(term)]
                }
            }
            result.termBytes = [UInt8](unsafeUninitializedCapacity: Int(termStarts.last!) + Analyzer.slack) {
                buffer, initialized in
                termArena.withUnsafeBufferPointer { arena in
                    termStart.withUnsafeBufferPointer { vocabularyStarts in
                        var cursor = 0
                        for term in slotTerms { Analyzer.copy(Int(term), arena, vocabularyStarts, buffer, &cursor) }
                        initialized = cursor
                    }
                }
            }
            result.termStarts = termStarts
        }
        if withPairs { collectPairs(entries, slotTerms: slotTerms, output: output, into: &result) }
        // Group positions by slot (a counting sort keeps them ascending).
        let slots = slotTerms.count
        let starts = [Int32](unsafeUninitializedCapacity: slots + 1) { starts, initialized in
            let base = starts.baseAddress!
            base.initialize(repeating: 0, count: slots + 1)
            for entry in entries { base[Int(entry >> 32) + 1] += 1 }
            for index in 0..<slots { base[index + 1] += base[index] }
            initialized = slots + 1
        }
        let grouped = [UInt32](unsafeUninitializedCapacity: entries.count) { grouped, initialized in
            fillScratch.reserve(slots)
            let fill = fillScratch.base
            starts.withUnsafeBufferPointer { fill.update(from: $0.baseAddress!, count: slots) }
            let out = grouped.baseAddress!
            for entry in entries {
                let slot = Int(entry >> 32)
                out[Int(fill[slot])] = UInt32(truncatingIfNeeded: entry)
                fill[slot] += 1
            }
            initialized = entries.count
        }
        result.positions = grouped
        result.positionStarts = starts
    }

    /// Counts the pairs of words at consecutive positions (the entries are
    /// in text order; sentence and part gaps break pairs).
    private func collectPairs(
        _ entries: UnsafeBufferPointer<UInt64>, slotTerms: UnsafeBufferPointer<Int32>, output: Output,
        into result: inout FieldTerms
    ) {
        let counter = pairCounter
        counter.reset(maximum: entries.count)
        var previous: UInt64 = .max
        for entry in entries {
            if previous != .max, UInt32(truncatingIfNeeded: entry) == UInt32(truncatingIfNeeded: previous) &+ 1 {
                counter.add((previous >> 32) << 32 | (entry >> 32))
            }
            previous = entry
        }
        let distinct = counter.count
        var counts = [Int32](repeating: 0, count: distinct)
        if output == .ids {
            var ids = [UInt64](repeating: 0, count: distinct)
            foldOfTerm.withUnsafeBufferPointer { folds in
                for index in 0..<distinct {
                    let (key, count) = counter.entry(index)
                    let first = UInt64(folds[Int(slotTerms[Int(key >> 32)])])
                    let second = UInt64(folds[Int(slotTerms[Int(key & 0xFFFF_FFFF)])])
                    ids[index] = first << Analyzer.pairShift | second
                    counts[index] = count
                }
            }
            result.pairIDs = ids
            result.pairStarts = []
            result.pairCounts = counts
            return
        }
        var starts = [Int32](repeating: 0, count: distinct + 1)
        var total = 0
        var folds = [(Int, Int)](repeating: (0, 0), count: distinct)
        foldStart.withUnsafeBufferPointer { foldStarts in
            for index in 0..<distinct {
                let (key, count) = counter.entry(index)
                let first = Int(foldOfTerm[Int(slotTerms[Int(key >> 32)])])
                let second = Int(foldOfTerm[Int(slotTerms[Int(key & 0xFFFF_FFFF)])])
                total += Int(foldStarts[first + 1] - foldStarts[first] + 1 + foldStarts[second + 1] - foldStarts[second])
                starts[index + 1] = Int32(total)
                counts[index] = count
                folds[index] = (first, second)
            }
        }
        result.pairBytes = [UInt8](unsafeUninitializedCapacity: total + Analyzer.slack) { buffer, initialized in
            foldArena.withUnsafeBufferPointer { arena in
                foldStart.withUnsafeBufferPointer { foldStarts in
                    var cursor = 0
                    for (first, second) in folds {
                        Analyzer.copy(first, arena, foldStarts, buffer, &cursor)
                        buffer[cursor] = 0x20
                        cursor += 1
                        Analyzer.copy(second, arena, foldStarts, buffer, &cursor)
                    }
                    initialized = cursor
                }
            }
        }
        result.pairStarts = starts
        result.pairCounts = counts
    }

    /// Bytes held by the vocabulary and caches (part of an indexing
    /// thread's memory budget).
    public var memoryBytes: Int {
        rawCache.memoryBytes + termTable.memoryBytes + foldTable.memoryBytes + termArena.capacity
            + foldArena.capacity + termStart.capacity * 4 + foldStart.capacity * 4 + foldOfTerm.capacity * 4
            + stampScratch.capacity * 8 + tokenScratch.capacity * 8 + slotScratch.capacity * 4
            + fillScratch.capacity * 4 + spanScratch.capacity * 8 + termHashes.capacity * 8
            + termSpellings.capacity * 4 + termMarks.capacity + HotTokenCache.size * 32
    }

    /// Bits of a pair id taken by its second word's fold id.
    public static let pairShift: UInt64 = 28

    /// Appends the bytes of term `id` (from `analyze(..., output: .ids)`).
    public func appendTermBytes(_ id: UInt64, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: termArena[Int(termStart[Int(id)])..<Int(termStart[Int(id) + 1])])
    }

    /// Appends the fold key of term `id` (`TermForms.foldKey`, worked out
    /// when the term was first seen).
    public func appendFoldKey(_ id: UInt64, to bytes: inout [UInt8]) {
        let fold = Int(foldOfTerm[Int(id)])
        bytes.append(contentsOf: foldArena[Int(foldStart[fold])..<Int(foldStart[fold + 1])])
    }

    /// The number of term `id`'s fold key, dense from 0 in order of first
    /// sight (the same for every term with that key).
    public func foldID(_ id: UInt64) -> Int32 { foldOfTerm[Int(id)] }

    /// Appends the bytes of pair `id` ("hoi nhap").
    public func appendPairBytes(_ id: UInt64, to bytes: inout [UInt8]) {
        let first = Int(id >> Analyzer.pairShift)
        let second = Int(id & ((1 << Analyzer.pairShift) - 1))
        bytes.append(contentsOf: foldArena[Int(foldStart[first])..<Int(foldStart[first + 1])])
        bytes.append(0x20)
        bytes.append(contentsOf: foldArena[Int(foldStart[second])..<Int(foldStart[second + 1])])
    }

    /// Forgets every term and id (an indexing thread calls this when it
    /// starts a new segment; the token cache is rebuilt as text comes).
    public func resetVocabulary() {
        // New tables, not emptied ones: the memory goes back (an indexing
        // thread resets to stay within its share of the budget).
        rawCache = ByteTable(capacity: initialCapacity)
        hotCache.removeAll()
        termTable = ByteTable(capacity: initialCapacity)
        foldTable = ByteTable(capacity: initialCapacity)
        termArena = [UInt8](repeating: 0, count: Analyzer.slack)
        termStart = [0]
        foldArena = [UInt8](repeating: 0, count: Analyzer.slack)
        foldStart = [0]
        foldOfTerm = []
        termHashes = []
        termSpellings = []
        termMarks = []
        stampScratch = Scratch()
    }

    /// Term `term`'s spelling number in `names` (-1: none, or no finder).
    private func spellingNumber(term: Int) -> Int32 {
        guard let names else { return -1 }
        return termArena.withUnsafeBytes { arena in
            let bytes = UnsafeRawBufferPointer(rebasing: arena[Int(termStart[term])..<Int(termStart[term + 1])])
            return names.spelling(hash: termHashes[term], bytes: bytes)
        }
    }

    /// Appends an entry to an arena, keeping its trailing zero slack.
    static func append(_ bytes: [UInt8], to arena: inout [UInt8], starts: inout [Int32]) {
        arena.removeLast(slack)
        arena.append(contentsOf: bytes)
        starts.append(Int32(arena.count))
        arena.append(contentsOf: repeatElement(0, count: slack))
    }

    /// Copies vocabulary entry `entry` to `buffer` at `cursor`, a word at a
    /// time: entries are a few bytes, where a memcpy call costs more than
    /// the copy. Reads and writes may pass the entry's end by up to 7 bytes
    /// (the arena's slack; the buffer must have `slack` spare bytes).
    @inline(__always)
    static func copy(
        _ entry: Int, _ arena: UnsafeBufferPointer<UInt8>, _ starts: UnsafeBufferPointer<Int32>,
        _ buffer: UnsafeMutableBufferPointer<UInt8>, _ cursor: inout Int
    ) {
        let from = Int(starts[entry])
        let length = Int(starts[entry + 1]) - from
        let source = UnsafeRawPointer(arena.baseAddress! + from)
        let target = UnsafeMutableRawPointer(buffer.baseAddress! + cursor)
        var offset = 0
        while offset < length {
            target.storeBytes(
                of: source.loadUnaligned(fromByteOffset: offset, as: UInt64.self), toByteOffset: offset, as: UInt64.self)
            offset += 8
        }
        cursor += length
    }

    func insertTerm(_ raw: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32 {
        if rawCache.count >= Analyzer.cacheLimit {
            // Raw forms only map to terms: dropping them keeps term ids valid.
            rawCache.removeAll()
            hotCache.removeAll()
        }
        let term = TermForms.term(raw: raw)
        let (index, isNew) = Analyzer.intern(term, in: termTable, arena: &termArena, starts: &termStart)
        if isNew {
            let fold = Analyzer.intern(TermForms.foldKey(bytes: term), in: foldTable, arena: &foldArena, starts: &foldStart)
            foldOfTerm.append(fold.id)
            termHashes.append(term.withUnsafeBytes { StableHash.hash64($0) })
            termSpellings.append(spellingNumber(term: Int(index)))
            termMarks.append(term.withUnsafeBufferPointer { TextMarks.kind(of: $0).rawValue })
            stampScratch.reserveZeroed(Int(index) + 1)
        }
        rawCache.insert(raw, hash: hash, value: index)
        return index
    }

    /// The id of `bytes` in a vocabulary (a table over an arena of entries),
    /// adding it when new; ids count up from 0 in insertion order.
    private static func intern(
        _ bytes: [UInt8], in table: ByteTable, arena: inout [UInt8], starts: inout [Int32]
    ) -> (id: Int32, isNew: Bool) {
        bytes.withUnsafeBufferPointer { key in
            let hash = ByteTable.hash(key)
            if let existing = table.find(key, hash: hash) { return (existing, false) }
            let id = Int32(starts.count - 1)
            table.insert(key, hash: hash, value: id)
            Analyzer.append(bytes, to: &arena, starts: &starts)
            return (id, true)
        }
    }

    private func nextStamp() {
        stamp &+= 1
        if stamp == 0 {
            stampScratch.zero()
            hotCache.clearSlots()
            stamp = 1
        }
        // Terms (not raw forms) are bounded by the language plus numbers; drop
        // everything when even they grow past the limit (unless the ids are
        // in use: then the indexing thread resets at its next segment).
        if !stableIDs && termStart.count >= Analyzer.cacheLimit * 2 { resetVocabulary() }
    }
}
