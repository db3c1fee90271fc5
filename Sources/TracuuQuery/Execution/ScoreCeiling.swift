import TracuuStore

/// An upper bound of a document's score from its words' occurrence counts
/// and its lengths alone (`WordOccurrences`), before any scorer moves to it.
///
/// Why: block bounds prune almost nothing here. tf′ is doubly logarithmic,
/// so a block's largest frequency and shortest length bound every document
/// near the best one, and the title and compound-word bounds add to every
/// block. The bound that does prune (nine documents in ten on a page of a
/// multi-word query) is a document's own: its words' scores plus a bound of
/// its compound words. But working out its words' scores meant moving
/// every form's cursor to it, about a microsecond. This bound is nearly as
/// tight and costs a few lengths and divisions:
///
/// - a word scores at most tf′ of all its forms' occurrences together, at
///   the document's length, times its best idf (tier weights are ≤ 1; a
///   looser form's idf is capped at the reading's);
/// - its title part at most as much in the title field, ×title weight;
/// - a phrase (an alias the OR holds under a word) at most its words',
///   where all of them are;
/// - two consecutive words as a compound at most `proximityBound` with
///   their best idfs and the smaller count of occurrences.
///
/// Nil with syllable pairs, whose compound scores come from postings of
/// their own.
final class ScoreCeiling {
    private struct Part {
        let freqs: UnsafeMutableBufferPointer<UInt8>
        let field: UInt8
        let idf: Double
        /// The title occurrences and what they may add.
        let title: UnsafeMutableBufferPointer<UInt8>?
        let titleWeight: Double
        let titleIDF: Double
    }

    private let words: [Part]
    /// Each phrase's words.
    private let phrases: [[Part]]
    /// Consecutive words of the compound chain.
    private let pairs: [(a: Part, b: Part)]
    private let ranking: Ranking
    private let lengths: FieldLengths
    /// Owns the occurrence counts the parts point into (title words too:
    /// they are words of the title field).
    private let occurrences: WordOccurrences

    init?(_ node: ResolvedNode, plan: SegmentPlan, occurrences: WordOccurrences) throws(StoreError) {
        guard !plan.hasPairs else { return nil }
        let context = occurrences.context
        ranking = context.ranking
        lengths = context.lengths
        self.occurrences = occurrences
        func part(_ word: ResolvedWord) throws(StoreError) -> Part {
            var title: UnsafeMutableBufferPointer<UInt8>?
            var titleIDF = 0.0
            if let titleWord = word.inTitle.first, word.titleWeight > 0 {
                title = try occurrences.read(titleWord).freqs
                titleIDF = titleWord.maxIDF
            }
            return Part(
                freqs: try occurrences.read(word).freqs, field: word.field, idf: word.maxIDF, title: title,
                titleWeight: word.titleWeight, titleIDF: titleIDF)
        }
        let (scoredWords, scoredPhrases) = ScoreCeiling.scoredParts(node)
        var words: [Part] = []
        for word in scoredWords { words.append(try part(word)) }
        var phrases: [[Part]] = []
        for phrase in scoredPhrases {
            var parts: [Part] = []
            for word in phrase { parts.append(try part(word)) }
            phrases.append(parts)
        }
        let chain = plan.adjacencyChain
        var pairs: [(Part, Part)] = []
        for (a, b) in zip(chain, chain.dropFirst()) { pairs.append((try part(a), try part(b))) }
        self.words = words
        self.phrases = phrases
        self.pairs = pairs
    }

    /// The most `doc` can score.
    func bound(_ doc: Int32) -> Double {
        var total = 0.0
        for word in words { total += value(word, doc) }
        for phrase in phrases where phrase.allSatisfy({ $0.freqs[Int(doc)] > 0 }) {
            for word in phrase { total += value(word, doc) }
        }
        for (a, b) in pairs {
            let occurrences = min(a.freqs[Int(doc)], b.freqs[Int(doc)])
            guard occurrences > 0 else { continue }
            let length = lengths.length(field: a.field, doc: doc)
            total += ranking.proximityBound(
                base: a.idf + b.idf, occurrences: Int32(clamping: ScoreCeiling.atMost(occurrences, length: length)),
                length: length, averageLength: lengths.average(field: a.field))
        }
        return total
    }

    private func value(_ word: Part, _ doc: Int32) -> Double {
        let freq = word.freqs[Int(doc)]
        guard freq > 0 else { return 0 }
        var value = tfPart(freq, field: word.field, doc: doc) * word.idf
        if let title = word.title, title[Int(doc)] > 0 {
            value += word.titleWeight * word.titleIDF * tfPart(title[Int(doc)], field: ArticleSchema.Field.title, doc: doc)
        }
        return value
    }

    @inline(__always)
    private func tfPart(_ freq: UInt8, field: UInt8, doc: Int32) -> Double {
        let length = lengths.length(field: field, doc: doc)
        return ranking.tfPart(
            freq: Double(ScoreCeiling.atMost(freq, length: length)), length: length, norm: lengths.norm(field: field))
    }

    /// The most occurrences a count can stand for: itself, or for a count
    /// stopped at 255 (`PostingsCursor.insertDocs`), the field's length, as
    /// a word cannot occur more often than the field has words.
    @inline(__always)
    static func atMost(_ count: UInt8, length: Int64) -> Int64 {
        count == 255 ? max(255, length) : Int64(count)
    }

    /// The words whose scores a document's adds up (a word twice in the
    /// query, twice), and the phrases whose words' scores it adds where
    /// they stand together.
    private static func scoredParts(_ node: ResolvedNode) -> (words: [ResolvedWord], phrases: [[ResolvedWord]]) {
        switch node {
        case .word(let word): return ([word], [])
        case .phrase(let words): return ([], [words])
        case .and(let children, _), .or(let children):
            var parts: (words: [ResolvedWord], phrases: [[ResolvedWord]]) = ([], [])
            for child in children {
                let inner = scoredParts(child)
                parts.words += inner.words
                parts.phrases += inner.phrases
            }
            return parts
        }
    }
}
