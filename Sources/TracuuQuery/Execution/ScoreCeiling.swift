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
///
/// With TF-IDF a word's tf part is tf′(count) divided by the document's
/// length norm, so the bound reads tf′(count) · idf from a table per word
/// and divides once per field and document (`scaled`). A query ranked
/// over any of its words asks for the bound of every document holding one
/// of them ("quan hệ Việt Nam Trung Quốc": 75,000 of 87,000): a length
/// read and a division per word and document were half of its time.
final class ScoreCeiling {
    private struct Part {
        let freqs: UnsafeMutableBufferPointer<UInt8>
        /// The largest of `freqs` (and of `title`): `WordOccurrences.Entry.most`.
        let most: UInt8
        let titleMost: UInt8
        let field: UInt8
        let idf: Double
        /// The title occurrences and what they may add.
        let title: UnsafeMutableBufferPointer<UInt8>?
        let titleWeight: Double
        let titleIDF: Double
        /// TF-IDF, for the words and phrases summed from tables
        /// (`scaledBound`): tf′(count) · idf, and the title's tf′(count) ·
        /// its idf · the title weight (see `table`). Empty with BM25 and
        /// for a compound pair's words, which need only their counts.
        let scaled: UnsafeMutableBufferPointer<Double>
        let titleScaled: UnsafeMutableBufferPointer<Double>
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
        var tables: [UnsafeMutableBufferPointer<Double>] = []
        lengths = context.lengths
        shortestInverses = (
            ScoreCeiling.shortestInverse(lengths, ArticleSchema.Field.text),
            ScoreCeiling.shortestInverse(lengths, ArticleSchema.Field.title)
        )
        self.occurrences = occurrences
        func part(_ word: ResolvedWord, scaled wantsTables: Bool = true) throws(StoreError) -> Part {
            var title: UnsafeMutableBufferPointer<UInt8>?
            var titleMost: UInt8 = 0
            var titleIDF = 0.0
            if let titleWord = word.inTitle.first, word.titleWeight > 0 {
                let entry = try occurrences.read(titleWord)
                title = entry.freqs
                titleMost = entry.most
                titleIDF = titleWord.maxIDF
            }
            let tabled = wantsTables && context.ranking == .tfidf
            let scaled = ScoreCeiling.table(tabled ? word.maxIDF : nil)
            let titleScaled = ScoreCeiling.table(tabled && title != nil ? word.titleWeight * titleIDF : nil)
            tables += [scaled, titleScaled]
            let entry = try occurrences.read(word)
            return Part(
                freqs: entry.freqs, most: entry.most, titleMost: titleMost, field: word.field, idf: word.maxIDF,
                title: title,
                titleWeight: word.titleWeight, titleIDF: titleIDF, scaled: scaled, titleScaled: titleScaled)
        }
        let (scoredWords, allPhrases) = ScoreCeiling.scoredParts(node)
        // An alias name the segment lists is scored in full wherever it
        // stands (its articles are few, and its words' counts would be read
        // whole for a bound); one no article here holds adds nothing.
        var scoredPhrases: [[ResolvedWord]] = []
        var namedDocs: [DocBits] = []
        for phrase in allPhrases {
            if let name = context.namePostings(phrase) {
                if case .postings = name { namedDocs.append(try occurrences.read(name)) }
            } else {
                scoredPhrases.append(phrase)
            }
        }
        self.namedDocs = namedDocs
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
        for (a, b) in zip(chain, chain.dropFirst()) {
            pairs.append((try part(a, scaled: false), try part(b, scaled: false)))
        }
        self.words = words
        self.phrases = phrases
        self.pairs = pairs
        if ranking == .tfidf {
            for word in words {
                if word.field == ArticleSchema.Field.title {
                    titleTerms.append(word.freqs, word.scaled)
                } else {
                    textTerms.append(word.freqs, word.scaled)
                }
                if let title = word.title { titleTerms.append(title, word.titleScaled) }
            }
            pairTable = ScoreCeiling.table(1)
            tables.append(pairTable)
        }
        self.tables = tables
        // Each word's bound over the segment (a phrase's words and the
        // first word of a compound pair count again, as in `bound`).
        var essential: [EssentialWords.Word] = []
        let ranking = context.ranking
        let lengths = context.lengths
        func add(_ word: ResolvedWord, _ part: Part) throws(StoreError) {
            var bound = ScoreCeiling.largest(part.most, ranking: ranking, lengths: lengths, field: part.field) * part.idf
            if part.title != nil {
                bound += part.titleWeight * part.titleIDF
                    * ScoreCeiling.largest(part.titleMost, ranking: ranking, lengths: lengths, field: ArticleSchema.Field.title)
            }
            essential.append(EssentialWords.Word(bits: try occurrences.read(word).bits, bound: bound))
        }
        for (word, part) in zip(scoredWords, words) { try add(word, part) }
        for (phrase, parts) in zip(scoredPhrases, phrases) {
            for (word, part) in zip(phrase, parts) { try add(word, part) }
        }
        for docs in namedDocs { essential.append(EssentialWords.Word(bits: docs, bound: .infinity)) }
        for ((a, _), (partA, partB)) in zip(zip(chain, chain.dropFirst()), pairs) {
            let most = min(partA.most, partB.most)
            let bound =
                most == 255
                ? Double.infinity
                : ranking.proximityBound(
                    base: partA.idf + partB.idf, occurrences: Int32(most), length: 1,
                    averageLength: lengths.average(field: partA.field))
            essential.append(EssentialWords.Word(bits: try occurrences.read(a).bits, bound: bound))
        }
        essentialWords = EssentialWords(essential, docCount: occurrences.docCount)
    }

    /// The documents of each alias name the segment lists: unbounded there.
    private let namedDocs: [DocBits]

    /// Whether an alias name listed for the segment stands in `doc`.
    @inline(__always)
    private func named(_ doc: Int32) -> Bool {
        for docs in namedDocs where docs.contains(doc) { return true }
        return false
    }

    /// The words whose documents may still enter the page (MaxScore).
    private var essentialWords: EssentialWords

    /// See `EssentialWords.narrowed(bar:)`.
    func essentialDocs(bar: Double) -> DocBits? { essentialWords.narrowed(bar: bar) }

    /// The most a word adds in the field with `most` its largest count: that
    /// count at the shortest length (tf parts grow with the count and shrink
    /// with the length); unbounded when it stands for 255 or more.
    private static func largest(_ most: UInt8, ranking: Ranking, lengths: FieldLengths, field: UInt8) -> Double {
        guard most < 255 else { return .infinity }
        return ranking.tfPart(freq: Double(most), length: 1, norm: lengths.norm(field: field))
    }

    deinit {
        for table in tables { table.deallocate() }
    }

    /// Every table of the parts and `pairTable`, freed with the ceiling.
    private var tables: [UnsafeMutableBufferPointer<Double>] = []

    /// tf′(count) · `factor` for every count: 0 for 0, and no bound for
    /// 255, which stands for any larger count (`atMost`); empty without a
    /// factor.
    private static func table(_ factor: Double?) -> UnsafeMutableBufferPointer<Double> {
        guard let factor else { return UnsafeMutableBufferPointer(start: nil, count: 0) }
        let table = UnsafeMutableBufferPointer<Double>.allocate(capacity: 256)
        for count in 0..<255 { table[count] = count == 0 ? 0 : Ranking.dampedTF(Double(count)) * factor }
        table[255] = .infinity
        return table
    }

    /// TF-IDF's terms laid out for `scaledBound`: each word's counts and
    /// table, by the field whose length divides them.
    private struct Terms {
        private var terms: [(counts: UnsafeMutablePointer<UInt8>, table: UnsafeMutablePointer<Double>)] = []

        mutating func append(_ counts: UnsafeMutableBufferPointer<UInt8>, _ table: UnsafeMutableBufferPointer<Double>) {
            terms.append((counts.baseAddress!, table.baseAddress!))
        }

        /// Σ table[count] over the terms at `doc`.
        @inline(__always)
        func sum(_ doc: Int) -> Double {
            var total = 0.0
            terms.withUnsafeBufferPointer { terms in
                for term in terms { total += term.table[Int(term.counts[doc])] }
            }
            return total
        }

        /// Σ table[largest count in `docs`] over the terms.
        func largest(_ docs: Range<Int>) -> Double {
            var total = 0.0
            for term in terms { total += term.table[Int(ScoreCeiling.largestCount(term.counts, docs))] }
            return total
        }
    }

    /// The largest of `counts[docs]`.
    @inline(__always)
    static func largestCount(_ counts: UnsafeMutablePointer<UInt8>, _ docs: Range<Int>) -> UInt8 {
        var most: UInt8 = 0
        for doc in docs { most = max(most, counts[doc]) }
        return most
    }

    private var textTerms = Terms()
    private var titleTerms = Terms()
    /// tf′ of a pair's count (`table(1)`), for `scaledBound`.
    private var pairTable = UnsafeMutableBufferPointer<Double>(start: nil, count: 0)

    /// The most `doc` can score.
    func bound(_ doc: Int32) -> Double {
        ranking == .tfidf ? scaledBound(doc) : generalBound(doc)
    }

    /// Documents are judged a run of this many at a time by `runBound`:
    /// one word of a `DocBits`.
    static let runLength = 64

    /// The most any document of `docs` (a run of at most `runLength`) can
    /// score, TF-IDF only (nil with BM25): `bound`'s sum with each word's
    /// largest count in the run, at the shortest length a field can have.
    ///
    /// Why: once the page's bar is set, a word's documents nearly all fall
    /// short of it, and a run without a title match (most runs, for a word
    /// the page's articles have in their titles) falls short whole. A
    /// per-document bound was most of a one-word query's walk: "dau" holds
    /// 60,000 documents, each read its counts and lengths and divided; its
    /// walk went from 965 to 516 µs. Lengths could only loosen the bound by
    /// a quarter (the pivoted norm is 0.8 + 0.2 · length / average), so
    /// they are not read.
    func runBound(_ docs: Range<Int>) -> Double? {
        guard ranking == .tfidf else { return nil }
        for named in namedDocs where named.next(from: Int32(docs.lowerBound)) < Int32(docs.upperBound) { return .infinity }
        let shortestTitle = shortestInverse(ArticleSchema.Field.title)
        var total = textTerms.largest(docs) * shortestInverse(ArticleSchema.Field.text) + titleTerms.largest(docs) * shortestTitle
        for phrase in phrases where phrase.allSatisfy({ ScoreCeiling.largestCount($0.freqs.baseAddress!, docs) > 0 }) {
            for word in phrase {
                total += word.scaled[Int(ScoreCeiling.largestCount(word.freqs.baseAddress!, docs))] * shortestInverse(word.field)
                if let title = word.title {
                    total += word.titleScaled[Int(ScoreCeiling.largestCount(title.baseAddress!, docs))] * shortestTitle
                }
            }
        }
        for (a, b) in pairs {
            let occurrences = min(
                ScoreCeiling.largestCount(a.freqs.baseAddress!, docs), ScoreCeiling.largestCount(b.freqs.baseAddress!, docs))
            guard occurrences > 0 else { continue }
            total += (a.idf + b.idf) * max(1, pairTable[Int(occurrences)] * shortestInverse(a.field))
        }
        return total
    }

    /// 1 / each field's length norm at a length of 1, the largest it can
    /// be: worked out once, read for every run of documents judged.
    private let shortestInverses: (text: Double, title: Double)

    private static func shortestInverse(_ lengths: FieldLengths, _ field: UInt8) -> Double {
        let norm = lengths.norm(field: field)
        return 1 / (norm.constant + norm.perWord)
    }

    @inline(__always)
    private func shortestInverse(_ field: UInt8) -> Double {
        field == ArticleSchema.Field.title ? shortestInverses.title : shortestInverses.text
    }

    /// `generalBound` for TF-IDF, from the tables: the same sum but for
    /// rounding (`cannotReach` leaves a margin for it).
    ///
    /// The words' tables are summed per field with no branch (a count of 0
    /// reads 0, one of 255 no bound), then divided once by the field's
    /// length norm: the loop over the words' parts, each copied out of its
    /// array, was most of the bound's cost.
    private func scaledBound(_ doc: Int32) -> Double {
        if !namedDocs.isEmpty, named(doc) { return .infinity }
        let index = Int(doc)
        // 1 / the field's length norm, worked out when first needed (0: not yet).
        var inverses = (text: 0.0, title: 0.0)
        var total = 0.0
        let text = textTerms.sum(index)
        if text > 0 { total += text * inverse(ArticleSchema.Field.text, doc, &inverses) }
        let title = titleTerms.sum(index)
        if title > 0 { total += title * inverse(ArticleSchema.Field.title, doc, &inverses) }
        for phrase in phrases where phrase.allSatisfy({ $0.freqs[index] > 0 }) {
            for word in phrase { total += scaledValue(word, doc, &inverses) }
        }
        for (a, b) in pairs {
            let occurrences = min(a.freqs[index], b.freqs[index])
            guard occurrences > 0 else { continue }
            let tf = pairTable[Int(occurrences)] * inverse(a.field, doc, &inverses)
            total += (a.idf + b.idf) * max(1, tf)
        }
        return total
    }

    /// A phrase word's part of `scaledBound`, from its tables.
    @inline(__always)
    private func scaledValue(_ word: Part, _ doc: Int32, _ inverses: inout (text: Double, title: Double)) -> Double {
        var value = word.scaled[Int(word.freqs[Int(doc)])] * inverse(word.field, doc, &inverses)
        if let title = word.title, title[Int(doc)] > 0 {
            value += word.titleScaled[Int(title[Int(doc)])] * inverse(ArticleSchema.Field.title, doc, &inverses)
        }
        return value
    }

    /// 1 / the document's length norm in the field.
    @inline(__always)
    private func inverse(_ field: UInt8, _ doc: Int32, _ inverses: inout (text: Double, title: Double)) -> Double {
        let isTitle = field == ArticleSchema.Field.title
        let known = isTitle ? inverses.title : inverses.text
        if known > 0 { return known }
        let norm = lengths.norm(field: field)
        let inverse = 1 / (norm.constant + norm.perWord * Double(max(lengths.length(field: field, doc: doc), 1)))
        if isTitle { inverses.title = inverse } else { inverses.text = inverse }
        return inverse
    }

    /// The bound with every part worked out from the lengths (any ranking).
    private func generalBound(_ doc: Int32) -> Double {
        if !namedDocs.isEmpty, named(doc) { return .infinity }
        var total = 0.0
        for word in words { total += value(word, doc) }
        for phrase in phrases where phrase.allSatisfy({ $0.freqs[Int(doc)] > 0 }) {
            for word in phrase { total += value(word, doc) }
        }
        for (a, b) in pairs {
            let occurrences = min(a.freqs[Int(doc)], b.freqs[Int(doc)])
            guard occurrences > 0 else { continue }
            total += pairBound(a, b, occurrences, doc)
        }
        return total
    }

    private func pairBound(_ a: Part, _ b: Part, _ occurrences: UInt8, _ doc: Int32) -> Double {
        let length = lengths.length(field: a.field, doc: doc)
        return ranking.proximityBound(
            base: a.idf + b.idf, occurrences: Int32(clamping: ScoreCeiling.atMost(occurrences, length: length)),
            length: length, averageLength: lengths.average(field: a.field))
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
