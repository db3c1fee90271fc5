import TracuuCore

/// Turns text into index terms with positions; the one analyzer that both
/// indexing and querying use, so a word is always cut and folded the same way.
///
/// An `Analyzer` keeps a cache from raw token bytes to terms: Vietnamese news
/// uses a few thousand distinct syllables, so after the first pages nearly
/// every token is a cache hit and ICU is not called at all. It is therefore a
/// class with mutable state: use one per thread.
public final class Analyzer {
    private let tokenizer = Tokenizer()
    /// Raw token bytes → term index.
    private let rawCache = ByteTable()
    /// The frequent part of `rawCache`, small enough to stay in CPU caches.
    private let hotCache = HotTokenCache()
    /// Term bytes → term index.
    private let termTable = ByteTable()
    /// Term bytes by term index.
    private var terms: [[UInt8]] = []
    // Per-document aggregation, per term: the document stamp in the high 32
    // bits and the term's slot in the document's list in the low 32; the
    // slot is valid when the stamp is the current document's. One array, so
    // a token costs one memory access here, not two.
    private var slotAndStamp: [UInt64] = []
    private var stamp: UInt32 = 0
    // Reused buffer: each token's slot (high 32 bits) and position (low 32
    // bits), in text order.
    private var tokenEntries: [UInt64] = []

    /// The cache is dropped past this many raw forms, bounding memory on
    /// corpora full of numbers and typos.
    public static let cacheLimit = 1 << 20

    public init() {}

    /// Version of the analysis rules, recorded in every index: a change here
    /// means existing indexes must be rebuilt.
    public static let version = "tracuu-analyzer-3"

    /// The terms of a field with their positions, in first-occurrence order.
    public struct FieldTerms: Sendable {
        public var terms: [[UInt8]] = []
        /// Positions grouped by term: term i has
        /// `positions[positionStarts[i]..<positionStarts[i + 1]]`, ascending.
        public var positions: [UInt32] = []
        public var positionStarts: [Int32] = [0]
        /// Number of tokens (the field length used for length normalization).
        public var length: Int = 0
        /// The position after the last token.
        public var endPosition: UInt32 = 0

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
    public func analyze(parts: [String], firstPosition: UInt32 = 0) -> FieldTerms {
        nextStamp()
        var result = FieldTerms()
        // Take the buffers out of the object so the loop below mutates them
        // in place (no copy-on-write, no exclusivity checks per token).
        var entries: [UInt64] = []
        var slotStamp: [UInt64] = []
        swap(&entries, &tokenEntries)
        swap(&slotStamp, &slotAndStamp)
        entries.removeAll(keepingCapacity: true)
        let currentStamp = stamp
        let cache = rawCache
        let hot = hotCache
        var slotTerms: [Int32] = []
        var position = firstPosition
        for part in parts {
            var copy = part
            var tokens = 0
            let end = copy.withUTF8 { buffer in
                tokenizer.tokenize(buffer, firstPosition: position) { token in
                    let raw = UnsafeBufferPointer(rebasing: buffer[token.start..<token.end])
                    let hash = ByteTable.hash(raw)
                    let termIndex: Int
                    if let cached = hot.find(raw, hash: hash) {
                        termIndex = Int(cached)
                    } else {
                        let found = cache.find(raw, hash: hash) ?? self.insertTerm(raw, hash: hash)
                        hot.store(raw, hash: hash, term: found)
                        termIndex = Int(found)
                    }
                    if termIndex >= slotStamp.count {
                        // Terms added since the buffer was taken out.
                        slotStamp.append(contentsOf: repeatElement(0, count: termIndex + 1 - slotStamp.count))
                    }
                    let entry = slotStamp[termIndex]
                    let slot: Int32
                    if UInt32(truncatingIfNeeded: entry >> 32) == currentStamp {
                        slot = Int32(truncatingIfNeeded: entry)
                    } else {
                        slot = Int32(slotTerms.count)
                        slotStamp[termIndex] = UInt64(currentStamp) << 32 | UInt64(UInt32(slot))
                        slotTerms.append(Int32(termIndex))
                    }
                    entries.append(UInt64(UInt32(bitPattern: slot)) << 32 | UInt64(token.position))
                    tokens += 1
                }
            }
            if tokens > 0 { position = end }
            result.length += tokens
        }
        result.endPosition = position
        result.terms = slotTerms.map { terms[Int($0)] }
        // Group positions by slot (a counting sort keeps them ascending).
        var starts = [Int32](repeating: 0, count: slotTerms.count + 1)
        for entry in entries { starts[Int(entry >> 32) + 1] += 1 }
        for index in 0..<slotTerms.count { starts[index + 1] += starts[index] }
        var fill = starts
        var grouped = [UInt32](repeating: 0, count: entries.count)
        for entry in entries {
            let slot = Int(entry >> 32)
            grouped[Int(fill[slot])] = UInt32(truncatingIfNeeded: entry)
            fill[slot] += 1
        }
        result.positions = grouped
        result.positionStarts = starts
        tokenEntries = entries
        slotAndStamp = slotStamp
        return result
    }

    /// The terms of `text` in order, for queries and highlighting: each with
    /// its byte range in `text`, position and whether it was glued to the
    /// previous token ("04/QĐ-UBND").
    public func termSequence(_ text: String) -> [AnalyzedToken] {
        var result: [AnalyzedToken] = []
        var copy = text
        _ = copy.withUTF8 { buffer in
            tokenizer.tokenize(buffer) { token in
                let index = Int(termIndex(UnsafeBufferPointer(rebasing: buffer[token.start..<token.end])))
                result.append(
                    AnalyzedToken(
                        term: String(decoding: terms[index], as: UTF8.self), start: token.start, end: token.end,
                        position: token.position, joined: token.joined))
            }
        }
        return result
    }

    @inline(__always)
    private func termIndex(_ raw: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = ByteTable.hash(raw)
        if let index = rawCache.find(raw, hash: hash) { return index }
        return insertTerm(raw, hash: hash)
    }

    private func insertTerm(_ raw: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32 {
        if rawCache.count >= Analyzer.cacheLimit {
            rawCache.removeAll()
            hotCache.removeAll()
        }
        let term = TermForms.term(raw: raw)
        let index: Int32 = term.withUnsafeBufferPointer { termBytes in
            let termHash = ByteTable.hash(termBytes)
            if let existing = termTable.find(termBytes, hash: termHash) { return existing }
            let newIndex = Int32(terms.count)
            termTable.insert(termBytes, hash: termHash, value: newIndex)
            terms.append(term)
            return newIndex
        }
        rawCache.insert(raw, hash: hash, value: index)
        return index
    }

    private func nextStamp() {
        stamp &+= 1
        if stamp == 0 {
            for i in slotAndStamp.indices { slotAndStamp[i] = 0 }
            stamp = 1
        }
        // Terms (not raw forms) are bounded by the language plus numbers; drop
        // everything when even they grow past the limit.
        if terms.count >= Analyzer.cacheLimit * 2 {
            rawCache.removeAll()
            hotCache.removeAll()
            termTable.removeAll()
            terms.removeAll(keepingCapacity: true)
            slotAndStamp.removeAll(keepingCapacity: true)
        }
    }
}

/// A token of analyzed text in order.
public struct AnalyzedToken: Sendable, Equatable {
    public var term: String
    /// UTF-8 byte range in the analyzed text.
    public var start: Int
    public var end: Int
    public var position: UInt32
    public var joined: Bool
}
