import TracuuAnalysis
import TracuuStore

/// One query word in one segment: the union of its forms' postings. The
/// word's score in a document is that of its best-scoring form there.
final class WordScorer: Scorer {
    let word: ResolvedWord
    private let context: ScoringContext
    private let cursors: [PostingsCursor]
    private let variants: [ResolvedWord.Variant]
    /// What the per-document loops read of each form, in plain memory.
    /// They run for every candidate document; reading the cursors and
    /// variants from their arrays retained and released each cursor and
    /// each variant's strings every time, a sixth of a query's time.
    private let forms: UnsafeMutableBufferPointer<Form>

    private struct Form {
        /// Kept alive by `cursors`.
        let cursor: Unmanaged<PostingsCursor>
        let weight: Double
        let idf: Double
        let isReading: Bool
        /// The documents the form may match in, a bit each (nil: all): an
        /// unmarked form of a marked word counts only in articles written
        /// without marks (`UnmarkedTextDocs`, kept alive by `context`).
        let allowed: UnsafeBufferPointer<UInt64>?
        /// The cursor's document, kept beside the rest: the per-document
        /// loops ask every form whether it stands on the document, and
        /// reading it from each cursor object touched a cache line per
        /// form (a tenth of a phrase's instructions sat on those loads).
        var doc: Int32 = -1
    }
    /// The word in the title field (its score is added, weighted), and the
    /// same unretained for the per-document calls.
    private let title: WordScorer?
    private let titleRef: Unmanaged<WordScorer>?
    /// The word's field's length normalization (read per scored document).
    private let norm: Ranking.LengthNorm

    init(word: ResolvedWord, context: ScoringContext, needsPositions: Bool) throws(StoreError) {
        self.word = word
        self.context = context
        norm = context.lengths.norm(field: word.field)
        if let titleWord = word.inTitle.first {
            let title = try WordScorer(word: titleWord, context: context, needsPositions: false)
            self.title = title
            titleRef = .passUnretained(title)
        } else {
            title = nil
            titleRef = nil
        }
        var cursors: [PostingsCursor] = []
        var variants: [ResolvedWord.Variant] = []
        for variant in word.variants {
            guard let info = context.terms[TermKey(variant.key)] else { continue }
            cursors.append(try context.segment.postings(info, withPositions: needsPositions))
            variants.append(variant)
        }
        self.cursors = cursors
        self.variants = variants
        forms = .allocate(capacity: cursors.count)
        for (index, cursor) in cursors.enumerated() {
            let variant = variants[index]
            (forms.baseAddress! + index).initialize(
                to: Form(
                    cursor: .passUnretained(cursor), weight: variant.weight, idf: variant.idf,
                    isReading: variant.isReading, allowed: context.allowedDocs(word, variant)?.words))
        }
        super.init(cost: cursors.reduce(0) { $0 + $1.docFreq })
    }

    deinit {
        forms.deallocate()
        positionsBuffer.deallocate()
    }

    override func advance(to target: Int32) throws(StoreError) -> Int32 {
        // Every form is at or past `doc` already (a conjunction's lead is
        // asked to stay where it is): no loop over the forms.
        if doc >= target { return doc }
        let forms = self.forms
        if forms.count == 1 {
            if forms[0].doc < target { forms[0].doc = try WordScorer.move(forms[0], to: target) }
            doc = forms[0].doc
            return doc
        }
        var smallest = PostingsFormat.noMoreDocs
        for index in 0..<forms.count {
            var position = forms[index].doc
            if position < target {
                position = try WordScorer.move(forms[index], to: target)
                forms[index].doc = position
            }
            smallest = min(smallest, position)
        }
        doc = forms.isEmpty ? PostingsFormat.noMoreDocs : smallest
        return doc
    }

    /// The form's first document at or after `target` that it may match
    /// in (an unmarked form may hold thousands of documents, of which the
    /// articles written without marks are a few).
    @inline(__always)
    private static func move(_ form: Form, to target: Int32) throws(StoreError) -> Int32 {
        guard let allowed = form.allowed else { return try form.cursor.advance(to: target) }
        return try form.cursor.borrowing { cursor throws(StoreError) in
            try UnmarkedTextDocs.advance(cursor, to: target, within: allowed)
        }
    }

    /// How the word matches the current document: its reading (summed
    /// frequencies, one idf) or a looser form, whichever scores more.
    private struct Match {
        var value: Double
        var weight: Double
        var idf: Double
        var freq: Double
        /// The looser form's cursor index, or nil for the reading (whose
        /// forms are every reading cursor on the document).
        var looseForm: Int?
    }

    /// `best()` of document `bestDoc`: asked for twice per scored document
    /// (its score, and the compound-word bound's tier), worked out once.
    private var bestDoc: Int32 = -1
    private var bestMatch: Match?

    /// The best match here, nil when no form is on the document. Runs for
    /// every scored document, so it allocates nothing; `explain` lists the
    /// forms from `looseForm`.
    private func best() -> Match? {
        if bestDoc == doc { return bestMatch }
        bestMatch = computeBest()
        bestDoc = doc
        return bestMatch
    }

    private func computeBest() -> Match? {
        let length = context.length(field: word.field, doc: doc)
        let norm = self.norm
        let ranking = context.ranking
        var readingFreq = 0.0
        var result: Match?
        let forms = self.forms
        for index in 0..<forms.count {
            let form = forms[index]
            guard form.doc == doc else { continue }
            let freq = Double(form.cursor.freq)
            if form.isReading {
                readingFreq += form.weight * freq
            } else {
                let value = form.weight * ranking.tfPart(freq: freq, length: length, norm: norm) * form.idf
                if result == nil || value > result!.value {
                    result = Match(value: value, weight: form.weight, idf: form.idf, freq: freq, looseForm: index)
                }
            }
        }
        if readingFreq > 0 {
            let value = ranking.tfPart(freq: readingFreq, length: length, norm: norm) * word.readingIDF
            if result == nil || value >= result!.value {
                result = Match(value: value, weight: 1, idf: word.readingIDF, freq: readingFreq, looseForm: nil)
            }
        }
        return result
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
    override func blockBound() -> (bound: Double, upTo: Int32)? {
        let norm = self.norm
        let ranking = context.ranking
        var upTo = PostingsFormat.noMoreDocs
        var readingFreq = 0.0
        var readingLength = Int32.max
        var bound = 0.0
        let forms = self.forms
        for index in 0..<forms.count {
            let form = forms[index]
            guard form.doc != PostingsFormat.noMoreDocs else { continue }
            let block = form.cursor.blockMaxima
            upTo = min(upTo, block.lastDoc)
            if form.isReading {
                readingFreq += form.weight * Double(block.maxFreq)
                readingLength = min(readingLength, block.minLength)
            } else {
                let freq = Double(block.maxFreq)
                let tf = max(ranking.tfPart(freq: freq, length: Int64(block.minLength), norm: norm), min(freq, 1))
                bound = max(bound, form.weight * tf * form.idf)
            }
        }
        if readingFreq > 0 {
            let tf = max(
                ranking.tfPart(freq: readingFreq, length: Int64(readingLength), norm: norm), min(readingFreq, 1))
            bound = max(bound, tf * word.readingIDF)
        }
        return (bound + titleBound, upTo)
    }

    /// The current blocks' summed largest raw frequency and shortest length
    /// (for the compound-word bound).
    var blockRawMaxima: (freq: Int32, length: Int32) {
        var freq: Int32 = 0
        var length = Int32.max
        let forms = self.forms
        for index in 0..<forms.count where forms[index].doc != PostingsFormat.noMoreDocs {
            let block = forms[index].cursor.blockMaxima
            freq += block.maxFreq
            length = min(length, block.minLength)
        }
        return (freq, length)
    }

    override func rewind() {
        doc = -1
        for index in 0..<forms.count {
            forms[index].doc = -1
            forms[index].cursor._withUnsafeGuaranteedRef { $0.rewind() }
        }
        bestDoc = -1
        bestMatch = nil
        positionsDoc = -1
        title?.rewind()
    }

    override func score() throws(StoreError) -> Double {
        var value = best()?.value ?? 0
        if let titleRef, word.titleWeight > 0, try titleRef.advance(to: doc) == doc {
            value += word.titleWeight * (try titleRef.score())
        }
        return value
    }

    /// The tier weight and idf of the match here (for compound words).
    var matchWeight: (weight: Double, idf: Double) {
        guard let match = best() else { return (0, 0) }
        return (match.weight, match.idf)
    }

    /// Occurrences of every form of the word in the current document (the
    /// number of positions `positions()` returns).
    var rawFreq: Int32 {
        var total: Int32 = 0
        let forms = self.forms
        for index in 0..<forms.count where forms[index].doc == doc { total += forms[index].cursor.freq }
        return total
    }

    /// Positions of every form of the word in the current document, merged
    /// (phrases and compound words read them), valid until positions are
    /// asked for another document. One buffer serves every document (see
    /// `ScratchBuffer`); asked twice for one document (two compound pairs
    /// share a word), the merge is done once.
    func positions() throws(StoreError) -> UnsafeBufferPointer<UInt32> {
        if positionsDoc == doc { return UnsafeBufferPointer(start: positionsBuffer.base, count: positionsCount) }
        positionsBuffer.reserve(Int(rawFreq))
        let forms = self.forms
        var filled = 0
        var found = 0
        for index in 0..<forms.count where forms[index].doc == doc {
            try forms[index].cursor.decodePositions(into: positionsBuffer.base + filled)
            filled += Int(forms[index].cursor.freq)
            found += 1
        }
        if found > 1 {
            var merged = UnsafeMutableBufferPointer(start: positionsBuffer.base, count: filled)
            merged.sort()
        }
        positionsDoc = doc
        positionsCount = filled
        return UnsafeBufferPointer(start: positionsBuffer.base, count: filled)
    }

    private var positionsBuffer = ScratchBuffer()
    private var positionsCount = 0
    private var positionsDoc: Int32 = -1

    override func explain() throws(StoreError) -> Explanation {
        guard let match = best() else {
            return Explanation(value: 0, description: "\"\(word.term)\" not in this document")
        }
        let length = context.length(field: word.field, doc: doc)
        let average = context.averageLength(field: word.field)
        let fieldName = word.field == ArticleSchema.Field.title ? "title" : "text"
        let tf = context.ranking.tfPart(freq: match.freq, length: length, averageLength: average)
        let formIndices =
            match.looseForm.map { [$0] } ?? cursors.indices.filter { cursors[$0].doc == doc && variants[$0].isReading }
        let forms = formIndices.map { "\"\(variants[$0].term)\" ×\(cursors[$0].freq) (\(variants[$0].tier))" }
        let docFreq = match.looseForm.map { variants[$0].docFreq } ?? word.readingDocFreq
        // An alias name read as one term (`QueryResolver.nameWord`).
        let what =
            word.nameWords.isEmpty
            ? "word \"\(word.term)\" in \(fieldName) as \(forms.joined(separator: ", "))"
            : "name \"\(word.term)\" in text ×\(cursors.first?.freq ?? 0) (one term of the names field)"
        let asTyped = word.nameWords.isEmpty ? "the word as typed" : "the name as the alias list writes it"
        let inField = Explanation(
            value: match.value,
            description: what,
            details: [
                Explanation(
                    value: match.weight,
                    description: "tier weight (\(match.looseForm.map { "\(variants[$0].tier)" } ?? asTyped))"),
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
