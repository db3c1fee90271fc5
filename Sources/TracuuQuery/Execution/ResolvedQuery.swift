import TracuuAnalysis
import TracuuStore

/// A query word resolved against the whole index: the index forms that
/// share its fold key and match it (`MatchTier.Grader.match`), graded, with
/// index-wide statistics.
///
/// The forms split in two. The word's **reading** is what the user cannot be
/// told to have meant less: for a word typed without marks ("hoi"), every
/// form; for a toned word ("hội"), its own spelling and its tone-placement
/// variants. The reading behaves as one term (as Lucene's SynonymQuery
/// does): its frequencies add up in a document and it has one idf, from the
/// number of documents holding any of its forms. The looser forms of a
/// toned word (its letters without marks, "hoi" for "hội", counted only in
/// articles written without marks: `UnmarkedTextDocs`) score separately,
/// down-weighted by their tier and never with a higher idf than the
/// reading's.
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
        /// Part of the word's reading (see the type's overview).
        public var isReading: Bool
    }

    /// The query term (analyzed).
    public var term: String
    public var field: UInt8
    /// Which of the looser forms the word keeps.
    public var looseForms = LooseForms.all
    /// Only the reading's forms are kept (`QueryWord.readingOnly`).
    public var readingOnly: Bool { looseForms == .none }
    /// A prefix word (`ngoai*`, `term` "ngoai*"): its variants are the
    /// index forms it expanded to, not forms of one fold group.
    public var isPrefix = false
    public var variants: [Variant]
    /// Documents holding any form of the reading, and its idf.
    public var readingDocFreq: Int
    public var readingIDF: Double
    /// The same word in the title field, whose score is added ×`titleWeight`
    /// to the text field's (a headline word says more than a body word).
    public var inTitle: [ResolvedWord] = []
    public var titleWeight: Double = 0
    /// For an added alias name read as one term of the names field
    /// (`QueryResolver.nameWord`), its words, for highlighting; empty for
    /// any other word.
    public var nameWords: [ResolvedWord] = []

    /// What the word is worth at best (for snippets).
    public var maxIDF: Double { max(readingIDF, variants.map(\.idf).max() ?? 0) }

    /// The names-field key of a phrase that is a name the alias list adds
    /// (`AliasExpander`: several reading-only words, in the text field),
    /// nil for any other phrase: only such a phrase is listed per article
    /// (`NameFinder`).
    static func aliasNameKey(terms: [String], readingOnly: Bool, field: UInt8) -> [UInt8]? {
        guard readingOnly, field == ArticleSchema.Field.text, terms.count > 1 else { return nil }
        return ArticleSchema.nameKey(terms)
    }

    /// `aliasNameKey(terms:readingOnly:field:)` of a resolved phrase.
    static func aliasNameKey(of words: [ResolvedWord]) -> [UInt8]? {
        aliasNameKey(
            terms: words.map(\.term), readingOnly: words.allSatisfy(\.readingOnly),
            field: words.first?.field ?? ArticleSchema.Field.text)
    }
}

/// Which looser forms (those outside its reading) a resolved word keeps.
/// Ordered: a word keeps every form of a word with a smaller value.
public enum LooseForms: Int, Sendable, Comparable {
    /// None: a name the alias list adds, written as the list writes it.
    case none = 0
    /// Those written without any mark ("hoi dong" for "hội đồng"): a word
    /// typed with marks asks for that word, whether or not the text was
    /// typed with its marks, and not for the other words that share its
    /// letters ("hồi đông"; `MatchTier.Grader.match`).
    case unmarked = 1
    /// Every form of its fold group: a word typed without marks.
    case all = 2

    public static func < (lhs: LooseForms, rhs: LooseForms) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Two consecutive query words as a compound: their syllable pair in the
/// index, with index-wide statistics.
public struct ResolvedPair: Sendable {
    /// Index into the compound chain of the first word (the second follows it).
    public var first: Int
    public var key: [UInt8]
    public var docFreq: Int
    public var idf: Double
    public var text: String
}

/// A query with its words resolved: the tree the scorers are built from.
public indirect enum ResolvedNode: Sendable {
    case word(ResolvedWord)
    case phrase([ResolvedWord])
    case and(required: [ResolvedNode], excluded: [ResolvedNode])
    case or([ResolvedNode])

    /// Top-level words in query order, whose consecutive pairs are scored as
    /// compound words; phrases and groups are left out (a phrase already
    /// requires its words side by side). For a long query ranked over any
    /// of its parts (the OR of them) the OR's words; an OR the query wrote
    /// has none (`Searcher.compoundWords`).
    var compoundChain: [ResolvedWord] {
        if case .or = self { return orChildrenWords }
        return plainWordChain
    }

    var plainWordChain: [ResolvedWord] {
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

    /// Postings its words' forms hold, the title's included: what walking
    /// it costs, roughly (`SegmentQueue` leaves a cheap search to one thread).
    var postings: Int {
        scoredWords.reduce(0) { total, word in
            total + (word.inTitle + [word]).reduce(0) { $0 + $1.variants.reduce(0) { $0 + $1.docFreq } }
        }
    }

    /// The runs of `allWords` that are phrases, for highlighting them
    /// only where they stand whole.
    var phraseRuns: [Range<Int>] {
        var runs: [Range<Int>] = []
        var count = 0
        func walk(_ node: ResolvedNode) {
            switch node {
            case .word(let word) where word.nameWords.count > 1:
                runs.append(count..<count + word.nameWords.count)
                count += word.nameWords.count
            case .word: count += 1
            case .phrase(let words):
                runs.append(count..<count + words.count)
                count += words.count
            case .and(let required, _): required.forEach(walk)
            case .or(let children): children.forEach(walk)
            }
        }
        walk(self)
        return runs
    }

    /// Every word, for highlighting: a name read as one term
    /// (`ResolvedWord.nameWords`) as its words.
    var allWords: [ResolvedWord] {
        scoredWords.flatMap { $0.nameWords.isEmpty ? [$0] : $0.nameWords }
    }

    /// Every word as the scorers read it.
    var scoredWords: [ResolvedWord] {
        switch self {
        case .word(let word): return [word]
        case .phrase(let words): return words
        case .and(let required, _): return required.flatMap(\.scoredWords)
        case .or(let children): return children.flatMap(\.scoredWords)
        }
    }
}
