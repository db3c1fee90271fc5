import TracuuAnalysis
import TracuuStore

/// A document iterator that scores what it finds: the shape of every node
/// of query execution in one segment (Lucene's Scorer). Iterators move
/// forward only; `doc` is −1 before the first call and
/// `PostingsFormat.noMoreDocs` at the end.
protocol Scorer: AnyObject {
    var doc: Int32 { get }
    @discardableResult func next() throws(StoreError) -> Int32
    @discardableResult func advance(to target: Int32) throws(StoreError) -> Int32
    /// The score of the current document.
    func score() throws(StoreError) -> Double
    /// An upper bound of the documents this scorer can match (for ordering conjunctions).
    var cost: Int { get }
    func explain() throws(StoreError) -> Explanation
    /// An upper bound of `score()` for every document from the current one
    /// up to `upTo`, read from the postings' block maxima without scoring
    /// (block-max pruning); nil when this kind of scorer has none.
    func blockBound() -> (bound: Double, upTo: Int32)?
}

/// What word scorers need to know about the segment and the collection.
struct ScoringContext {
    let segment: SegmentReader
    let ranking: Ranking
    let textLength: ColumnsReader.Column?
    let titleLength: ColumnsReader.Column?
    let averageTextLength: Double
    let averageTitleLength: Double
    /// Live documents in the index (N in the idf).
    let documents: Int

    /// The largest tf′ a title word can have, whatever its frequency: a
    /// word occurs in a title at most as often as the title has words, so
    /// tf′(f, length ≥ f) bounds it. Lets a block be judged without reading
    /// the title's postings.
    var titleTfBound: Double {
        var best = 1.0
        for freq in 1...256 {
            best = max(best, ranking.tfPart(freq: Double(freq), length: Int64(freq), averageLength: averageTitleLength))
        }
        return best
    }

    func length(field: UInt8, doc: Int32) -> Int64 {
        let column = field == ArticleSchema.Field.title ? titleLength : textLength
        guard let column else { return 1 }
        return segment.columns.value(column, Int(doc))
    }

    func averageLength(field: UInt8) -> Double {
        field == ArticleSchema.Field.title ? averageTitleLength : averageTextLength
    }
}

/// One query word in one segment: the union of its forms' postings. The
/// word's score in a document is that of its best-scoring form there.
final class WordScorer: Scorer {
    let word: ResolvedWord
    private let context: ScoringContext
    private let cursors: [PostingsCursor]
    private let variants: [ResolvedWord.Variant]
    /// The word in the title field (its score is added, weighted).
    private let title: WordScorer?
    private(set) var doc: Int32 = -1
    let cost: Int

    init(word: ResolvedWord, context: ScoringContext, needsPositions: Bool) throws(StoreError) {
        self.word = word
        self.context = context
        if let titleWord = word.inTitle.first {
            self.title = try WordScorer(word: titleWord, context: context, needsPositions: false)
        } else {
            self.title = nil
        }
        var cursors: [PostingsCursor] = []
        var variants: [ResolvedWord.Variant] = []
        for variant in word.variants {
            guard let info = try context.segment.dictionary.lookup(variant.key) else { continue }
            cursors.append(try context.segment.postings(info, withPositions: needsPositions))
            variants.append(variant)
        }
        self.cursors = cursors
        self.variants = variants
        self.cost = cursors.reduce(0) { $0 + $1.docFreq }
    }

    func next() throws(StoreError) -> Int32 {
        try advance(to: doc + 1)
    }

    func advance(to target: Int32) throws(StoreError) -> Int32 {
        if cursors.count == 1 {
            let cursor = cursors[0]
            doc = cursor.doc < target ? try cursor.advance(to: target) : cursor.doc
            return doc
        }
        var smallest = PostingsFormat.noMoreDocs
        for cursor in cursors {
            let position = cursor.doc < target ? try cursor.advance(to: target) : cursor.doc
            smallest = min(smallest, position)
        }
        doc = cursors.isEmpty ? PostingsFormat.noMoreDocs : smallest
        return doc
    }

    /// How the word matches the current document: its reading (summed
    /// frequencies, one idf) or a looser form, whichever scores more.
    private struct Match {
        var value: Double
        var weight: Double
        var idf: Double
        /// Indices of the cursors that make the match.
        var forms: [Int]
        var freq: Double
    }

    private func best() -> Match? {
        let length = context.length(field: word.field, doc: doc)
        let average = context.averageLength(field: word.field)
        var readingFreq = 0.0
        var readingForms: [Int] = []
        var result: Match?
        for (index, cursor) in cursors.enumerated() where cursor.doc == doc {
            let variant = variants[index]
            if variant.isReading {
                readingFreq += variant.weight * Double(cursor.freq)
                readingForms.append(index)
            } else {
                let value =
                    variant.weight * context.ranking.tfPart(freq: Double(cursor.freq), length: length, averageLength: average)
                    * variant.idf
                if result == nil || value > result!.value {
                    result = Match(
                        value: value, weight: variant.weight, idf: variant.idf, forms: [index], freq: Double(cursor.freq))
                }
            }
        }
        if readingFreq > 0 {
            let value = context.ranking.tfPart(freq: readingFreq, length: length, averageLength: average) * word.readingIDF
            if result == nil || value >= result!.value {
                result = Match(value: value, weight: 1, idf: word.readingIDF, forms: readingForms, freq: readingFreq)
            }
        }
        return result
    }

    /// `best()` without the list of forms, for scoring: no allocation per
    /// document. Must agree with `best()` (explain shows that one).
    private func bestValue() -> (value: Double, weight: Double, idf: Double) {
        let length = context.length(field: word.field, doc: doc)
        let average = context.averageLength(field: word.field)
        let ranking = context.ranking
        var readingFreq = 0.0
        var found = false
        var best = (value: 0.0, weight: 0.0, idf: 0.0)
        for index in 0..<cursors.count {
            let cursor = cursors[index]
            guard cursor.doc == doc else { continue }
            let variant = variants[index]
            if variant.isReading {
                readingFreq += variant.weight * Double(cursor.freq)
            } else {
                let value =
                    variant.weight * ranking.tfPart(freq: Double(cursor.freq), length: length, averageLength: average)
                    * variant.idf
                if !found || value > best.value {
                    best = (value, variant.weight, variant.idf)
                    found = true
                }
            }
        }
        if readingFreq > 0 {
            let value = ranking.tfPart(freq: readingFreq, length: length, averageLength: average) * word.readingIDF
            if !found || value >= best.value { best = (value, 1, word.readingIDF) }
        }
        return best
    }

    /// The bound of the title's part, computed once (see `titleTfBound`).
    private lazy var titleBound: Double = {
        guard let title, word.titleWeight > 0 else { return 0 }
        return word.titleWeight * context.titleTfBound * title.word.maxIDF
    }()

    /// The forms' current blocks bound the frequencies of every document up
    /// to the first block end: the reading's summed (weighted) maxima, each
    /// looser form's own, at the blocks' shortest length. Frequencies are
    /// integers, so a reading's weighted sum below 1 is bounded by itself
    /// (tf′ takes such a sum as it is).
    func blockBound() -> (bound: Double, upTo: Int32)? {
        let average = context.averageLength(field: word.field)
        let ranking = context.ranking
        var upTo = PostingsFormat.noMoreDocs
        var readingFreq = 0.0
        var readingLength = Int32.max
        var bound = 0.0
        for index in 0..<cursors.count {
            let cursor = cursors[index]
            guard cursor.doc != PostingsFormat.noMoreDocs else { continue }
            let block = cursor.blockMaxima
            upTo = min(upTo, block.lastDoc)
            let variant = variants[index]
            if variant.isReading {
                readingFreq += variant.weight * Double(block.maxFreq)
                readingLength = min(readingLength, block.minLength)
            } else {
                let freq = Double(block.maxFreq)
                let tf = max(ranking.tfPart(freq: freq, length: Int64(block.minLength), averageLength: average), min(freq, 1))
                bound = max(bound, variant.weight * tf * variant.idf)
            }
        }
        if readingFreq > 0 {
            let tf = max(
                ranking.tfPart(freq: readingFreq, length: Int64(readingLength), averageLength: average), min(readingFreq, 1))
            bound = max(bound, tf * word.readingIDF)
        }
        return (bound + titleBound, upTo)
    }

    /// The current blocks' summed largest raw frequency and shortest length
    /// (for the compound-word bound).
    var blockRawMaxima: (freq: Int32, length: Int32) {
        var freq: Int32 = 0
        var length = Int32.max
        for cursor in cursors where cursor.doc != PostingsFormat.noMoreDocs {
            let block = cursor.blockMaxima
            freq += block.maxFreq
            length = min(length, block.minLength)
        }
        return (freq, length)
    }

    func score() throws(StoreError) -> Double {
        var value = bestValue().value
        if let title, word.titleWeight > 0, try title.advance(to: doc) == doc {
            value += word.titleWeight * (try title.score())
        }
        return value
    }

    /// The tier weight and idf of the match here (for compound words).
    var matchWeight: (weight: Double, idf: Double) {
        let match = bestValue()
        return (match.weight, match.idf)
    }

    /// Occurrences of every form of the word in the current document (the
    /// number of positions `positions()` returns).
    var rawFreq: Int32 {
        var total: Int32 = 0
        for cursor in cursors where cursor.doc == doc { total += cursor.freq }
        return total
    }

    /// Positions of every form of the word in the current document, merged.
    func positions() throws(StoreError) -> [UInt32] {
        var merged: [UInt32] = []
        var count = 0
        for cursor in cursors where cursor.doc == doc {
            merged.append(contentsOf: try cursor.positions())
            count += 1
        }
        if count > 1 { merged.sort() }
        return merged
    }

    func explain() throws(StoreError) -> Explanation {
        guard let match = best() else {
            return Explanation(value: 0, description: "\"\(word.term)\" not in this document")
        }
        let length = context.length(field: word.field, doc: doc)
        let average = context.averageLength(field: word.field)
        let fieldName = word.field == ArticleSchema.Field.title ? "title" : "text"
        let tf = context.ranking.tfPart(freq: match.freq, length: length, averageLength: average)
        let forms = match.forms.map { "\"\(variants[$0].term)\" ×\(cursors[$0].freq) (\(variants[$0].tier))" }
        let isReading = match.forms.allSatisfy { variants[$0].isReading }
        let docFreq = isReading ? word.readingDocFreq : variants[match.forms[0]].docFreq
        let inField = Explanation(
            value: match.value,
            description: "word \"\(word.term)\" in \(fieldName) as \(forms.joined(separator: ", "))",
            details: [
                Explanation(value: match.weight, description: isReading ? "tier weight (the word as typed)" : "tier weight (\(variants[match.forms[0]].tier))"),
                Explanation(
                    value: tf,
                    description:
                        "tf part: freq \(Explanation.format(match.freq)), length \(length) words, average \(Explanation.format(average))"),
                Explanation(value: match.idf, description: "idf: docFreq \(docFreq) of \(context.documents)"),
            ])
        guard let title, word.titleWeight > 0, try title.advance(to: doc) == doc else { return inField }
        var inTitle = try title.explain()
        inTitle.value *= word.titleWeight
        inTitle.description = "× \(Explanation.format(word.titleWeight)) (title weight): " + inTitle.description
        return Explanation(
            value: inField.value + inTitle.value, description: "word \"\(word.term)\", sum of:",
            details: [inField, inTitle])
    }
}

/// Documents matching every child (leapfrogging from the rarest), minus
/// those matching any excluded child.
final class ConjunctionScorer: Scorer {
    private let required: [Scorer]
    private let excluded: [Scorer]
    private(set) var doc: Int32 = -1
    let cost: Int

    init(required: [Scorer], excluded: [Scorer]) {
        self.required = required.sorted { $0.cost < $1.cost }
        self.excluded = excluded
        self.cost = required.map(\.cost).min() ?? 0
    }

    func next() throws(StoreError) -> Int32 { try advance(to: doc + 1) }

    func advance(to target: Int32) throws(StoreError) -> Int32 {
        guard let lead = required.first else {
            doc = PostingsFormat.noMoreDocs
            return doc
        }
        var candidate = try lead.advance(to: max(target, lead.doc))
        outer: while candidate != PostingsFormat.noMoreDocs {
            for other in required.dropFirst() {
                let found = other.doc < candidate ? try other.advance(to: candidate) : other.doc
                if found > candidate {
                    candidate = try lead.advance(to: found)
                    continue outer
                }
            }
            for exclusion in excluded {
                let found = exclusion.doc < candidate ? try exclusion.advance(to: candidate) : exclusion.doc
                if found == candidate {
                    candidate = try lead.advance(to: candidate + 1)
                    continue outer
                }
            }
            break
        }
        doc = candidate
        return doc
    }

    func score() throws(StoreError) -> Double {
        var total = 0.0
        for child in required { total += try child.score() }
        return total
    }

    func blockBound() -> (bound: Double, upTo: Int32)? {
        var total = 0.0
        var upTo = PostingsFormat.noMoreDocs
        for child in required {
            guard let part = child.blockBound() else { return nil }
            total += part.bound
            upTo = min(upTo, part.upTo)
        }
        return (total, upTo)
    }

    func explain() throws(StoreError) -> Explanation {
        var details: [Explanation] = []
        for child in required { details.append(try child.explain()) }
        return Explanation(value: details.reduce(0) { $0 + $1.value }, description: "sum of:", details: details)
    }
}

/// Documents matching at least one child; the score sums the children that
/// match. `matchCount` says how many do (the "matching most words" ranking).
final class DisjunctionScorer: Scorer {
    private let children: [Scorer]
    private(set) var doc: Int32 = -1
    let cost: Int

    init(children: [Scorer]) {
        self.children = children
        self.cost = children.reduce(0) { $0 + $1.cost }
    }

    func next() throws(StoreError) -> Int32 { try advance(to: doc + 1) }

    func advance(to target: Int32) throws(StoreError) -> Int32 {
        var smallest = PostingsFormat.noMoreDocs
        for child in children {
            let found = child.doc < target ? try child.advance(to: target) : child.doc
            smallest = min(smallest, found)
        }
        doc = smallest
        return doc
    }

    var matchCount: Int { children.reduce(0) { $0 + ($1.doc == doc ? 1 : 0) } }

    func score() throws(StoreError) -> Double {
        var total = 0.0
        for child in children where child.doc == doc { total += try child.score() }
        return total
    }

    /// Every child may match in the range, so their bounds add up.
    func blockBound() -> (bound: Double, upTo: Int32)? {
        var total = 0.0
        var upTo = PostingsFormat.noMoreDocs
        for child in children where child.doc != PostingsFormat.noMoreDocs {
            guard let part = child.blockBound() else { return nil }
            total += part.bound
            upTo = min(upTo, part.upTo)
        }
        return (total, upTo)
    }

    func explain() throws(StoreError) -> Explanation {
        var details: [Explanation] = []
        for child in children where child.doc == doc { details.append(try child.explain()) }
        return Explanation(value: details.reduce(0) { $0 + $1.value }, description: "sum of matching:", details: details)
    }
}

/// Documents where the words stand side by side in order.
final class PhraseScorer: Scorer {
    private let words: [WordScorer]
    private let conjunction: ConjunctionScorer
    private(set) var doc: Int32 = -1
    let cost: Int

    /// Word indices, rarest first: the order positions are checked in.
    private let checkOrder: [Int]

    init(words: [WordScorer]) {
        self.words = words
        self.checkOrder = words.indices.sorted { (words[$0].cost, $0) < (words[$1].cost, $1) }
        self.conjunction = ConjunctionScorer(required: words, excluded: [])
        self.cost = conjunction.cost
    }

    func next() throws(StoreError) -> Int32 { try advance(to: doc + 1) }

    func advance(to target: Int32) throws(StoreError) -> Int32 {
        var candidate = try conjunction.advance(to: target)
        while candidate != PostingsFormat.noMoreDocs {
            if try matchesHere() { break }
            candidate = try conjunction.advance(to: candidate + 1)
        }
        doc = candidate
        return doc
    }

    /// Whether some position p has word i at p + i for every i. The
    /// phrase starts still possible are narrowed word by word, rarest word
    /// first, so a document where two words never meet stops before the
    /// common words' positions are decoded.
    private func matchesHere() throws(StoreError) -> Bool {
        guard let first = checkOrder.first else { return false }
        var starts: [UInt32] = []
        for position in try words[first].positions() where position >= UInt32(first) {
            starts.append(position - UInt32(first))
        }
        for i in checkOrder.dropFirst() {
            if starts.isEmpty { return false }
            let positions = try words[i].positions()
            let offset = UInt32(i)
            var kept = 0
            var j = 0
            for start in starts {
                let wanted = start + offset
                while j < positions.count && positions[j] < wanted { j += 1 }
                if j == positions.count { break }
                if positions[j] == wanted {
                    starts[kept] = start
                    kept += 1
                }
            }
            starts.removeSubrange(kept...)
        }
        return !starts.isEmpty
    }

    func score() throws(StoreError) -> Double { try conjunction.score() }

    func blockBound() -> (bound: Double, upTo: Int32)? { conjunction.blockBound() }

    func explain() throws(StoreError) -> Explanation {
        var inner = try conjunction.explain()
        inner.description = "phrase \"\(words.map(\.word.term).joined(separator: " "))\", sum of:"
        return inner
    }
}

/// Matches nothing (a word absent from the segment inside a conjunction).
final class EmptyScorer: Scorer {
    var doc: Int32 = -1
    let cost = 0
    func next() throws(StoreError) -> Int32 {
        doc = PostingsFormat.noMoreDocs
        return doc
    }
    func advance(to target: Int32) throws(StoreError) -> Int32 { try next() }
    func score() throws(StoreError) -> Double { 0 }
    func explain() throws(StoreError) -> Explanation { Explanation(value: 0, description: "no match") }
    func blockBound() -> (bound: Double, upTo: Int32)? { (0, PostingsFormat.noMoreDocs) }
}
