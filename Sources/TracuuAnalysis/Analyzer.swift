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
    private var rawCache = ByteTable()
    /// Term bytes → term index.
    private var termTable = ByteTable()
    /// Term bytes by term index.
    private var terms: [[UInt8]] = []
    // Per-document aggregation: slot of a term in the current document's
    // list, valid when its stamp equals the document's.
    private var slotOfTerm: [Int32] = []
    private var stampOfTerm: [UInt32] = []
    private var stamp: UInt32 = 0

    /// The cache is dropped past this many raw forms, bounding memory on
    /// corpora full of numbers and typos.
    public static let cacheLimit = 1 << 20

    public init() {}

    /// Version of the analysis rules, recorded in every index: a change here
    /// means existing indexes must be rebuilt.
    public static let version = "tracuu-analyzer-3"

    /// The terms of one field with their positions, in first-occurrence order.
    public struct FieldTerms: Sendable {
        public var terms: [[UInt8]] = []
        public var positions: [[UInt32]] = []
        /// Number of tokens (the field length used for length normalization).
        public var length: Int = 0
        /// The position after the last token.
        public var endPosition: UInt32 = 0

        public init() {}
    }

    /// Analyzes `text` for the index, starting at `firstPosition`.
    public func analyze(_ text: String, firstPosition: UInt32 = 0) -> FieldTerms {
        nextStamp()
        var result = FieldTerms()
        var copy = text
        copy.withUTF8 { buffer in
            result.endPosition = tokenizer.tokenize(buffer, firstPosition: firstPosition) { token in
                let termIndex = Int(self.termIndex(UnsafeBufferPointer(rebasing: buffer[token.start..<token.end])))
                if stampOfTerm[termIndex] == stamp {
                    result.positions[Int(slotOfTerm[termIndex])].append(token.position)
                } else {
                    stampOfTerm[termIndex] = stamp
                    slotOfTerm[termIndex] = Int32(result.terms.count)
                    result.terms.append(terms[termIndex])
                    result.positions.append([token.position])
                }
                result.length += 1
            }
        }
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

    private func termIndex(_ raw: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = ByteTable.hash(raw)
        if let index = rawCache.find(raw, hash: hash) { return index }
        if rawCache.count >= Analyzer.cacheLimit {
            rawCache.removeAll()
        }
        let term = TermForms.term(raw: raw)
        let index: Int32 = term.withUnsafeBufferPointer { termBytes in
            let termHash = ByteTable.hash(termBytes)
            if let existing = termTable.find(termBytes, hash: termHash) { return existing }
            let newIndex = Int32(terms.count)
            termTable.insert(termBytes, hash: termHash, value: newIndex)
            terms.append(term)
            slotOfTerm.append(0)
            stampOfTerm.append(0)
            return newIndex
        }
        rawCache.insert(raw, hash: hash, value: index)
        return index
    }

    private func nextStamp() {
        stamp &+= 1
        if stamp == 0 {
            for i in stampOfTerm.indices { stampOfTerm[i] = 0 }
            stamp = 1
        }
        // Terms (not raw forms) are bounded by the language plus numbers; drop
        // everything when even they grow past the limit.
        if terms.count >= Analyzer.cacheLimit * 2 {
            rawCache.removeAll()
            termTable.removeAll()
            terms.removeAll(keepingCapacity: true)
            slotOfTerm.removeAll(keepingCapacity: true)
            stampOfTerm.removeAll(keepingCapacity: true)
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
