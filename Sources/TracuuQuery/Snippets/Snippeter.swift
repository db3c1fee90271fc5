import TracuuAnalysis

/// Picks the passage of an article that best shows why it matched, and
/// marks the matched words in it.
///
/// The body is re-analyzed with the index's analyzer (as Lucene's
/// highlighters do), so a word is highlighted exactly when search would
/// match it, whatever its accents or tone placement. The best window of
/// `windowWords` words is the one covering the most distinct query words,
/// weighted by their idf, with adjacent query words counting extra.
public struct Snippeter {
    public var windowWords = 32

    public init() {}

    public struct Snippet: Sendable, Equatable {
        /// The passage, with "…" where it was cut from the article.
        public var text: String
        /// Highlighted ranges in `text`, in Unicode code points (what Python
        /// and most JSON consumers index strings by).
        public var highlights: [Range<Int>]

        /// The passage with the matches wrapped in `open`/`close` markers
        /// (e.g. ANSI bold, or `<mark>` after escaping).
        public func marked(open: String, close: String, escape: (String) -> String = { $0 }) -> String {
            let scalars = Array(text.unicodeScalars)
            var result = ""
            var cursor = 0
            for range in highlights {
                result += escape(String(String.UnicodeScalarView(scalars[cursor..<range.lowerBound])))
                result += open + escape(String(String.UnicodeScalarView(scalars[range]))) + close
                cursor = range.upperBound
            }
            result += escape(String(String.UnicodeScalarView(scalars[cursor...])))
            return result
        }
    }

    /// A query word as the snippeter sees it.
    public struct Word: Sendable {
        public var term: String
        /// Importance of the word (its idf).
        public var weight: Double
        /// For a prefix word (`ngoai*`), the index forms it expanded to: a
        /// body word matches it when it is one of them, in full, as search
        /// counts them (their fold keys are many, and none is the term's).
        /// Empty for a plain word, which matches by fold key and tier.
        public var forms: [String]

        public init(term: String, weight: Double, forms: [String] = []) {
            self.term = term
            self.weight = weight
            self.forms = forms
        }
    }

    /// The query words as every snippet of a page compares them, worked
    /// out once per search: a word's fold key and tier grader cost string
    /// work and ICU calls, and making them for each of ten hits was a
    /// seventh of the snippets' time in a search process.
    public struct Query: Sendable {
        /// A query word with its fold keys (a prefix word's forms have
        /// several) and how a body word of one of them is matched.
        struct Prepared: Sendable {
            let word: Word
            let foldKeys: [String]
            let match: Match
        }

        /// How a body word sharing a fold key with a query word matches it.
        enum Match: Sendable {
            /// By its tier, graded against the word as typed
            /// (`MatchTier.Grader.match`).
            case graded(MatchTier.Grader)
            /// In full when it is one of a prefix word's forms, else not at all.
            case forms(Set<String>)

            /// The tier weight of body word `term`, or nil when it does not match.
            func weight(of term: String) -> Double? {
                switch self {
                case .graded(let grader): grader.match(term)?.weight(queryIsBare: grader.queryIsBare)
                case .forms(let forms): forms.contains(term) ? 1 : nil
                }
            }
        }

        let words: [Prepared]
        /// The words' fold keys' prints: a body word that
        /// cannot have one of them is left unanalyzed.
        let foldPrints: [UInt64]
        /// Runs of `words` that are phrases (quoted, a word the tokenizer
        /// cut into parts, a name's alias): their words match only where
        /// the whole phrase stands, as search matches them.
        let phrases: [Range<Int>]
        /// Whether each word belongs to a phrase.
        let inPhrase: [Bool]

        public init(words: [Word], phrases: [Range<Int>] = []) {
            self.phrases = phrases.filter { $0.count > 1 && $0.upperBound <= words.count }
            var inPhrase = [Bool](repeating: false, count: words.count)
            for phrase in self.phrases { for index in phrase { inPhrase[index] = true } }
            self.inPhrase = inPhrase
            self.words = words.map { word in
                if word.forms.isEmpty {
                    return Prepared(
                        word: word, foldKeys: [TermForms.foldKey(word.term)],
                        match: .graded(MatchTier.Grader(query: word.term)))
                }
                return Prepared(
                    word: word, foldKeys: Set(word.forms.map(TermForms.foldKey)).sorted(), match: .forms(Set(word.forms)))
            }
            foldPrints = self.words.flatMap { $0.foldKeys.map(Analyzer.foldPrint(ofFoldKey:)) }
        }
    }

    /// A snippet of `body` for the query words.
    public func snippet(body: String, words: [Word], analyzer: Analyzer) -> Snippet {
        snippet(body: body, query: Query(words: words), analyzer: analyzer)
    }

    /// A snippet of `body` for a prepared query.
    ///
    /// A body word is highlighted when it matches a query word at the best
    /// tier found for that word in this body: "Sở" highlights "Sở", not the
    /// "số" that merely shares its letters, unless "Sở" itself is absent.
    public func snippet(body: String, query: Query, analyzer: Analyzer) -> Snippet {
        let words = query.words
        let tokens = analyzer.termTokens(body, mayMatch: query.foldPrints)
        guard !tokens.isEmpty else { return Snippet(text: String(body.prefix(200)), highlights: []) }
        // Query words by the fold id of their key; a word whose key no body
        // word has cannot match here.
        var wordsByFold: [Int32: [(index: Int, prepared: Query.Prepared)]] = [:]
        for (index, prepared) in words.enumerated() {
            for foldKey in prepared.foldKeys {
                guard let fold = analyzer.foldID(ofFoldKey: foldKey) else { continue }
                wordsByFold[fold, default: []].append((index, prepared))
            }
        }
        // What a body word matches depends on the word alone: worked out once
        // per distinct term (tiers cost string work; a body repeats its
        // words, the query's most of all). Phrase words apart: they match
        // only inside their phrase (`phraseMatches`).
        var matchOfTerm: [Int32: (found: (Int, Double, Double)?, inPhrases: [(Int, Double)])] = [:]
        // For each token that may stand in a phrase: (phrase word index, tier weight).
        var phraseTiers: [Int: [(Int, Double)]] = [:]
        // For each token: (query word index, tier weight × word weight, tier weight).
        var raw: [(Int, Double, Double)?] = []
        raw.reserveCapacity(tokens.count)
        var bestTier = [Double](repeating: 0, count: words.count)
        for token in tokens {
            guard let candidates = wordsByFold[token.fold] else {
                raw.append(nil)
                continue
            }
            let match: (Int, Double, Double)?
            let inPhrases: [(Int, Double)]
            if let known = matchOfTerm[token.term] {
                (match, inPhrases) = known
            } else {
                let term = analyzer.termText(token.term)
                var found: (Int, Double, Double)?
                var phraseWords: [(Int, Double)] = []
                for (index, prepared) in candidates {
                    guard let tier = prepared.match.weight(of: term) else { continue }
                    if query.inPhrase[index] {
                        phraseWords.append((index, tier))
                    } else if found == nil || tier * prepared.word.weight > found!.1 {
                        found = (index, tier * prepared.word.weight, tier)
                    }
                }
                matchOfTerm[token.term] = (found, phraseWords)
                (match, inPhrases) = (found, phraseWords)
            }
            if !inPhrases.isEmpty { phraseTiers[raw.count] = inPhrases }
            if let match { bestTier[match.0] = max(bestTier[match.0], match.2) }
            raw.append(match)
        }
        Snippeter.phraseMatches(query, tokens, phraseTiers, into: &raw, bestTier: &bestTier)
        let matches: [(Int, Double)?] = raw.map { entry in
            guard let (word, score, tier) = entry, tier >= bestTier[word] * 0.9 else { return nil }
            return (word, score)
        }
        // Slide a window over the tokens and score it.
        var bestStart = 0
        var bestScore = -1.0
        let window = min(windowWords, tokens.count)
        // The window (by its start + 1) in which each query word was last
        // seen: a word counts in full once per window.
        var seenIn = [Int](repeating: 0, count: words.count)
        for start in 0...(tokens.count - window) {
            // Only windows that open on a match (or the article's start) are candidates.
            guard start == 0 || matches[start] != nil else { continue }
            var score = 0.0
            for index in start..<start + window {
                guard let (word, weight) = matches[index] else { continue }
                if seenIn[word] != start + 1 {
                    seenIn[word] = start + 1
                    score += weight
                } else {
                    score += weight * 0.05
                }
                if index > start, let (previous, _) = matches[index - 1], previous != word { score += weight * 0.5 }
            }
            if score > bestScore {
                bestScore = score
                bestStart = start
            }
        }
        // Open a few words before the first match, for context, keeping the
        // whole chosen window.
        let start = max(0, bestStart - (bestStart == 0 ? 0 : 4))
        let end = min(tokens.count, bestStart + window)
        let utf8 = Array(body.utf8)
        let from = start == 0 ? 0 : Int(tokens[start].start)
        let to = end == tokens.count ? utf8.count : Int(tokens[end - 1].end)
        var text = ""
        var highlights: [Range<Int>] = []
        var scalarCount = 0
        if from > 0 {
            text = "… "
            scalarCount = 2
        }
        var cursor = from
        for index in start..<end where matches[index] != nil {
            let token = tokens[index]
            let before = String(decoding: utf8[cursor..<Int(token.start)], as: UTF8.self)
            let word = String(decoding: utf8[Int(token.start)..<Int(token.end)], as: UTF8.self)
            text += before
            scalarCount += before.unicodeScalars.count
            let wordLength = word.unicodeScalars.count
            highlights.append(scalarCount..<scalarCount + wordLength)
            text += word
            scalarCount += wordLength
            cursor = Int(token.end)
        }
        text += String(decoding: utf8[cursor..<to], as: UTF8.self)
        if to < utf8.count { text += " …" }
        // Paragraph breaks read as spaces in a one-line snippet.
        let flattened = String(
            String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : $0 }))
        return Snippet(text: flattened, highlights: highlights)
    }
    /// Marks the tokens where a phrase of the query stands whole: each of
    /// its words, at consecutive positions, matched by the token there.
    /// A token keeps the better of its own match and its phrase word's.
    private static func phraseMatches(
        _ query: Query, _ tokens: [TermToken], _ tiers: [Int: [(Int, Double)]],
        into raw: inout [(Int, Double, Double)?], bestTier: inout [Double]
    ) {
        guard !tiers.isEmpty else { return }
        func tier(_ token: Int, _ word: Int) -> Double? { tiers[token]?.first { $0.0 == word }?.1 }
        // In text order, so a token in two phrases' matches ends the same way in any run.
        let tokensInPhrases = tiers.keys.sorted()
        for phrase in query.phrases {
            for start in tokensInPhrases where tier(start, phrase.lowerBound) != nil {
                guard start + phrase.count <= tokens.count else { continue }
                var found: [Double] = []
                for (offset, word) in phrase.enumerated() {
                    let token = start + offset
                    guard tokens[token].position == tokens[start].position + UInt32(offset),
                        let weight = tier(token, word)
                    else { break }
                    found.append(weight)
                }
                guard found.count == phrase.count else { continue }
                for (offset, word) in phrase.enumerated() {
                    let score = found[offset] * query.words[word].word.weight
                    if raw[start + offset] == nil || raw[start + offset]!.1 < score {
                        raw[start + offset] = (word, score, found[offset])
                    }
                    bestTier[word] = max(bestTier[word], found[offset])
                }
            }
        }
    }
}
