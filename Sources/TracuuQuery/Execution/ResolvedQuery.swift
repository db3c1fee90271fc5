import TracuuAnalysis
import TracuuStore

/// A query word resolved against the whole index: every index form that
/// shares its fold key, graded by `MatchTier`, with index-wide statistics.
///
/// Resolving once per search (not per segment) gives every segment the same
/// idf, so scores do not depend on how documents fall into segments.
public struct ResolvedWord: Sendable {
    public struct Variant: Sendable {
        public var term: String
        /// Field byte + term bytes, as stored.
        public var key: [UInt8]
        public var tier: MatchTier
        public var weight: Double
        public var docFreq: Int
        public var idf: Double
    }

    /// The query term (analyzed).
    public var term: String
    public var field: UInt8
    public var variants: [Variant]

    /// The largest idf among the forms: what the word is worth at best.
    public var maxIDF: Double { variants.map(\.idf).max() ?? 0 }
}

/// A query with its words resolved: the tree the scorers are built from.
public indirect enum ResolvedNode: Sendable {
    case word(ResolvedWord)
    case phrase([ResolvedWord])
    case and(required: [ResolvedNode], excluded: [ResolvedNode])
    case or([ResolvedNode])

    /// Top-level words in query order, for the proximity bonus; phrases and
    /// OR groups are left out (phrases already require adjacency).
    var proximityChain: [ResolvedWord] {
        switch self {
        case .word(let word): return [word]
        case .and(let required, _):
            return required.compactMap { node in
                if case .word(let word) = node { return word }
                return nil
            }
        default: return []
        }
    }

    /// Every word, for highlighting.
    var allWords: [ResolvedWord] {
        switch self {
        case .word(let word): return [word]
        case .phrase(let words): return words
        case .and(let required, _): return required.flatMap(\.allWords)
        case .or(let children): return children.flatMap(\.allWords)
        }
    }
}

/// Turns a parsed query into a resolved one for a given index.
struct QueryResolver {
    let reader: IndexReader
    let ranking: Ranking
    let documents: Int
    private var cache: [[UInt8]: ResolvedWord] = [:]

    init(reader: IndexReader, ranking: Ranking) {
        self.reader = reader
        self.ranking = ranking
        self.documents = reader.liveDocCount
    }

    mutating func resolve(_ node: QueryNode, field: UInt8 = ArticleSchema.Field.text) throws(StoreError) -> ResolvedNode {
        switch node {
        case .word(let word):
            if word.terms.count == 1 { return .word(try resolve(term: word.terms[0], field: field)) }
            var words: [ResolvedWord] = []
            for term in word.terms { words.append(try resolve(term: term, field: field)) }
            return .phrase(words)
        case .phrase(let queryWords):
            var words: [ResolvedWord] = []
            for word in queryWords { for term in word.terms { words.append(try resolve(term: term, field: field)) } }
            return words.count == 1 ? .word(words[0]) : .phrase(words)
        case .and(let children):
            var required: [ResolvedNode] = []
            var excluded: [ResolvedNode] = []
            for child in children {
                if case .not(let inner) = child {
                    excluded.append(try resolve(inner, field: field))
                } else {
                    required.append(try resolve(child, field: field))
                }
            }
            return .and(required: required, excluded: excluded)
        case .or(let children):
            var resolved: [ResolvedNode] = []
            for child in children { resolved.append(try resolve(child, field: field)) }
            return .or(resolved)
        case .not(let inner):
            // A lone exclusion is rejected by the parser; treat defensively as nothing.
            return .and(required: [], excluded: [try resolve(inner, field: field)])
        case .field(let name, let child):
            return try resolve(child, field: name == "title" ? ArticleSchema.Field.title : field)
        }
    }

    mutating func resolve(term: String, field: UInt8) throws(StoreError) -> ResolvedWord {
        let queryKey = ArticleSchema.key(field, term)
        if let cached = cache[queryKey] { return cached }
        let foldKey = [field] + Array(TermForms.foldKey(term).utf8)
        var docFreqs: [[UInt8]: Int] = [:]
        for segment in reader.segments {
            for ordinal in try segment.dictionary.foldGroup(foldKey) {
                let (key, info) = try segment.dictionary.term(at: ordinal)
                docFreqs[key, default: 0] += info.docFreq
            }
        }
        let bare = TermForms.isBare(term)
        var variants = docFreqs.map { key, docFreq in
            let text = String(decoding: key.dropFirst(), as: UTF8.self)
            let tier = MatchTier.of(query: term, candidate: text)
            return ResolvedWord.Variant(
                term: text, key: key, tier: tier, weight: tier.weight(queryIsBare: bare), docFreq: docFreq,
                idf: ranking.idf(docFreq: docFreq, documents: documents))
        }.sorted { ($0.tier, $0.term) < ($1.tier, $1.term) }
        // A toned query word prefers its own spelling: a looser form may not
        // be worth more than the word as typed, however rare the looser form
        // is ("hồi" must not outscore "hội" for a query "hội").
        if !bare, let ownIDF = variants.filter({ $0.tier <= .variant }).map(\.idf).max() {
            for index in variants.indices where variants[index].tier > .variant {
                variants[index].idf = min(variants[index].idf, ownIDF)
            }
        }
        let word = ResolvedWord(term: term, field: field, variants: variants)
        cache[queryKey] = word
        return word
    }
}
