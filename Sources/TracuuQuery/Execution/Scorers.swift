import TracuuAnalysis
import TracuuStore

/// Documents matching every child (leapfrogging from the rarest), minus
/// those matching any excluded child.
final class ConjunctionScorer: Scorer {
    private let required: UnretainedList<Scorer>
    private let excluded: UnretainedList<Scorer>
    /// The required children that confirm their documents (`twoPhase`),
    /// cheapest first: fixed at the start, so a conjunction of words
    /// tests none of them per candidate.
    private let confirming: UnretainedList<Scorer>

    /// The required children in query order, the order their scores are
    /// added in: by cost, which depends on how the segment was built, the
    /// same article scored differently in the last bits in an index built
    /// otherwise (incrementally, merged, with another alias list).
    private let summed: UnretainedList<Scorer>

    init(required: [Scorer], excluded: [Scorer]) {
        let sorted = required.sorted { $0.cost < $1.cost }
        self.required = UnretainedList(sorted)
        summed = UnretainedList(required)
        self.excluded = UnretainedList(excluded)
        confirming = UnretainedList(sorted.filter(\.twoPhase))
        super.init(cost: required.map(\.cost).min() ?? 0)
    }

    deinit {
        required.deallocate()
        summed.deallocate()
        excluded.deallocate()
        confirming.deallocate()
    }

    override func advance(to target: Int32) throws(StoreError) -> Int32 {
        // Indexed, not `dropFirst()`: the slice cost 2 % of a phrase query's
        // instructions (callgrind), this loop running per candidate.
        let required = self.required.refs
        guard let lead = required.first else {
            doc = PostingsFormat.noMoreDocs
            return doc
        }
        let excluded = self.excluded.refs
        // Children move to documents that may match (`approximate`); the
        // two-phase ones confirm only once every child stands on the same
        // document, so a phrase reads positions where the rest match.
        var candidate = try lead.approximate(to: max(target, lead.doc))
        outer: while candidate != PostingsFormat.noMoreDocs {
            for index in 1..<required.count {
                let other = required[index]
                let found = other.doc < candidate ? try other.approximate(to: candidate) : other.doc
                if found > candidate {
                    candidate = try lead.approximate(to: found)
                    continue outer
                }
            }
            for child in confirming.refs {
                if try !child.confirm() {
                    candidate = try lead.approximate(to: candidate + 1)
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

    override func score() throws(StoreError) -> Double {
        var total = 0.0
        for child in summed.refs { total += try child.score() }
        return total
    }

    override func rewind() {
        doc = -1
        for child in required.owned { child.rewind() }
        for child in excluded.owned { child.rewind() }
    }

    override func blockBound() -> (bound: Double, upTo: Int32)? {
        var total = 0.0
        var upTo = PostingsFormat.noMoreDocs
        for child in required.refs {
            guard let part = child.blockBound() else { return nil }
            total += part.bound
            upTo = min(upTo, part.upTo)
        }
        return (total, upTo)
    }

    override func explain() throws(StoreError) -> Explanation {
        var details: [Explanation] = []
        for child in summed.owned { details.append(try child.explain()) }
        return Explanation(value: details.reduce(0) { $0 + $1.value }, description: "sum of:", details: details)
    }
}

/// Documents matching at least one child; the score sums the children that
/// match. `matchCount()` says how many do (the "matching most words" ranking).
///
/// Some children may be **covered**: every document they match, another
/// child matches too (a name's longer alias, "chdcnd lào", under the word
/// "lào" the query typed). Only the others drive the iteration; a covered
/// child is moved to the current document when that document is scored or
/// its block bound is asked for, and never walks the documents that pruning
/// skips. The documents and scores are the same as with every child
/// driving, but an alias phrase no longer checks the positions of every
/// document holding its words (aliases tripled one-word queries' time).
final class DisjunctionScorer: Scorer {
    private let children: UnretainedList<Scorer>
    private let drivers: UnretainedList<Scorer>
    private let covered: UnretainedList<Scorer>
    /// Whether each covered child matches the document in `checkedDoc`.
    private let coveredMatches: UnsafeMutableBufferPointer<Bool>
    private var checkedDoc: Int32 = -1
    /// An error met while moving covered children for a bound (which
    /// cannot throw), thrown by the next call that can.
    private var pending: StoreError?

    /// `covered`: indices of children whose documents other, uncovered
    /// children hold (see `SegmentPlan.coveredChildren`).
    init(children: [Scorer], covered: Set<Int> = []) {
        let drivers = children.indices.filter { !covered.contains($0) }.map { children[$0] }
        self.children = UnretainedList(children)
        self.drivers = UnretainedList(drivers)
        self.covered = UnretainedList(children.indices.filter { covered.contains($0) }.map { children[$0] })
        coveredMatches = .allocate(capacity: covered.count)
        coveredMatches.initialize(repeating: false)
        super.init(cost: drivers.reduce(0) { $0 + $1.cost }, twoPhase: drivers.contains { $0.twoPhase })
    }

    deinit {
        children.deallocate()
        drivers.deallocate()
        covered.deallocate()
        coveredMatches.deallocate()
    }

    override func advance(to target: Int32) throws(StoreError) -> Int32 {
        if let pending { throw pending }
        var smallest = PostingsFormat.noMoreDocs
        for child in drivers.refs {
            var found = child.doc
            if found < target {
                found = try child.advance(to: target)
            } else if child.twoPhase, found != PostingsFormat.noMoreDocs, try !child.confirm() {
                // Left by an earlier `approximate` on a document it does not match.
                found = try child.advance(to: found + 1)
            }
            smallest = min(smallest, found)
        }
        doc = smallest
        return doc
    }

    override func approximate(to target: Int32) throws(StoreError) -> Int32 {
        if let pending { throw pending }
        var smallest = PostingsFormat.noMoreDocs
        for child in drivers.refs {
            smallest = min(smallest, child.doc < target ? try child.approximate(to: target) : child.doc)
        }
        doc = smallest
        return doc
    }

    /// Whether a driver on the current document matches it (a covered
    /// child matches only where a driver does).
    override func confirm() throws(StoreError) -> Bool {
        for child in drivers.refs where try matchesCurrent(child) { return true }
        return false
    }

    /// Whether a driver matches the current document: it stands on it and,
    /// when it got there by `approximate`, confirms it.
    @inline(__always)
    private func matchesCurrent(_ child: Unmanaged<Scorer>) throws(StoreError) -> Bool {
        child.doc == doc ? try child.confirm() : false
    }

    /// Asks each covered child whether it matches the current document
    /// (a phrase checks this document's positions, not the next match's).
    @inline(__always)
    private func catchUp() throws(StoreError) {
        if let pending { throw pending }
        let covered = self.covered.refs
        guard checkedDoc != doc, !covered.isEmpty else { return }
        for (index, child) in covered.enumerated() {
            // Past the document already (a phrase's next candidate): no match here.
            coveredMatches[index] = child.doc > doc ? false : try child.matches(at: doc)
        }
        checkedDoc = doc
    }

    /// The children matching the current document (after `catchUp`).
    private func matching() throws(StoreError) -> [Scorer] {
        var result: [Scorer] = []
        for (index, child) in drivers.refs.enumerated() where try matchesCurrent(child) {
            result.append(drivers.owned[index])
        }
        for (index, child) in covered.owned.enumerated() where coveredMatches[index] { result.append(child) }
        return result
    }

    override func rewind() {
        doc = -1
        checkedDoc = -1
        for index in coveredMatches.indices { coveredMatches[index] = false }
        for child in children.owned { child.rewind() }
    }

    func matchCount() throws(StoreError) -> Int {
        try catchUp()
        var count = 0
        for child in drivers.refs where try matchesCurrent(child) { count += 1 }
        for matched in coveredMatches where matched { count += 1 }
        return count
    }

    override func score() throws(StoreError) -> Double {
        try catchUp()
        var total = 0.0
        for child in drivers.refs where try matchesCurrent(child) { total += try child.score() }
        for (index, child) in covered.refs.enumerated() where coveredMatches[index] { total += try child.score() }
        return total
    }

    /// The children on the current document set the range (up to their
    /// blocks' ends) and their bounds add up; a child whose next document
    /// lies inside the range adds its bound too, one whose next document
    /// lies past it adds nothing. That last case is what keeps a rare alias
    /// phrase (its next candidate far ahead) from loosening every bound.
    override func blockBound() -> (bound: Double, upTo: Int32)? {
        do {
            try catchUp()
        } catch {
            pending = error
            return nil
        }
        var total = 0.0
        var upTo = PostingsFormat.noMoreDocs
        let children = self.children.refs
        for child in children where child.doc == doc {
            guard let part = child.blockBound() else { return nil }
            total += part.bound
            upTo = min(upTo, part.upTo)
        }
        for child in children where child.doc > doc && child.doc <= upTo && child.doc != PostingsFormat.noMoreDocs {
            guard let part = child.blockBound() else { return nil }
            total += part.bound
            upTo = min(upTo, part.upTo)
        }
        return (total, upTo)
    }

    override func explain() throws(StoreError) -> Explanation {
        try catchUp()
        var details: [Explanation] = []
        for child in try matching() { details.append(try child.explain()) }
        return Explanation(value: details.reduce(0) { $0 + $1.value }, description: "sum of matching:", details: details)
    }
}

/// Documents where the words stand side by side in order.
final class PhraseScorer: Scorer {
    private let words: UnretainedList<WordScorer>
    private let conjunction: ConjunctionScorer
    /// The document whose positions were last checked, and whether they
    /// matched: `approximate(to:)` and `matches(at:)` may leave `doc` on a
    /// document not checked yet.
    private var checked: Int32 = -1
    private var docMatches = false

    /// Word indices, rarest first: the order positions are checked in.
    private let checkOrder: [Int]

    /// The phrase of `words` in a segment, or an empty scorer when one of
    /// them is absent from it (a search's plan, and `ExactMatches` checking
    /// a phrase's candidates, build it alike).
    ///
    /// An added alias name whose articles the segment lists (its names
    /// field, `NameFinder`) steps through them instead; one the segment
    /// lists no article for is empty.
    static func of(_ words: [ResolvedWord], context: ScoringContext) throws(StoreError) -> Scorer {
        var known: PostingsCursor?
        switch context.namePostings(words) {
        case .absent?: return EmptyScorer()
        case .postings(let info)?: known = try context.segment.postings(info, withPositions: false)
        case nil: break
        }
        var scorers: [WordScorer] = []
        for word in words {
            scorers.append(try WordScorer(word: word, context: context, needsPositions: known == nil))
        }
        if scorers.contains(where: { $0.cost == 0 }) { return EmptyScorer() }
        return PhraseScorer(words: scorers, known: known)
    }

    /// `known`: the documents the phrase stands in, when the segment lists
    /// them (an alias name, `NameFinder`): the phrase then steps through
    /// them, its words moved to each for their scores, and reads no
    /// positions. Finding "Tổ chức Thương mại Thế giới" (the name behind
    /// "WTO") by its positions was three quarters of a search for "WTO".
    init(words: [WordScorer], known: PostingsCursor? = nil) {
        self.words = UnretainedList(words)
        self.checkOrder = words.indices.sorted { (words[$0].cost, $0) < (words[$1].cost, $1) }
        let conjunction = ConjunctionScorer(required: words, excluded: [])
        self.conjunction = conjunction
        self.known = known
        super.init(cost: known?.docFreq ?? conjunction.cost, twoPhase: known == nil)
    }

    private let known: PostingsCursor?

    deinit {
        words.deallocate()
        startsBuffer.deallocate()
    }

    /// Moves the words one at a time, rarest first, and narrows the phrase
    /// starts with each word's positions as soon as it stands on the
    /// candidate: a common word is moved only to documents where the rarer
    /// words stand at the right distances from each other. Moving every
    /// word to each document holding them all, as a conjunction does, and
    /// reading positions only then, decoded nearly every block of the
    /// common words ("các", "quốc", "nam" in "hiệp hội các quốc gia Đông
    /// Nam Á", the name behind "ASEAN": 821 documents hold its eight
    /// words, 18 the name). On a match every word stands on the document,
    /// so scores and block bounds read the same cursors as before.
    override func advance(to target: Int32) throws(StoreError) -> Int32 {
        if let known { return try advance(to: target, known: known) }
        let words = self.words.refs
        let order = checkOrder
        guard let first = order.first else { return settle(on: PostingsFormat.noMoreDocs) }
        let lead = words[first]
        var candidate = try lead.advance(to: max(target, lead.doc))
        outer: while candidate != PostingsFormat.noMoreDocs {
            // A one-word phrase matches wherever its word is: no step.
            var count = 0
            for step in 1..<order.count {
                let word = words[order[step]]
                let found = word.doc < candidate ? try word.advance(to: candidate) : word.doc
                if found > candidate {
                    candidate = try lead.advance(to: found)
                    continue outer
                }
                // The lead's positions only once a second word is here too.
                if step == 1 { count = try seedStarts(word: first) }
                count = try narrowStarts(count, word: order[step])
                if count == 0 {
                    candidate = try lead.advance(to: candidate + 1)
                    continue outer
                }
            }
            break
        }
        return settle(on: candidate)
    }

    /// `advance(to:)` through the listed documents: every word is moved
    /// there (a word missing from a listed document is damage).
    private func advance(to target: Int32, known: PostingsCursor) throws(StoreError) -> Int32 {
        if doc >= target { return doc }
        let candidate = known.doc >= target ? known.doc : try known.advance(to: target)
        if candidate != PostingsFormat.noMoreDocs {
            for word in words.refs where try word.advance(to: candidate) != candidate {
                throw StoreError.corrupt("the names field", "document \(candidate) is listed for a name whose words it lacks")
            }
        }
        return settle(on: candidate)
    }

    /// Stands on `candidate`, a match (or the end).
    private func settle(on candidate: Int32) -> Int32 {
        doc = candidate
        checked = candidate
        docMatches = true
        return doc
    }

    override func approximate(to target: Int32) throws(StoreError) -> Int32 {
        if let known { return try advance(to: target, known: known) }
        doc = try conjunction.advance(to: target)
        return doc
    }

    override func confirm() throws(StoreError) -> Bool {
        if checked != doc {
            docMatches = false
            if doc != PostingsFormat.noMoreDocs { docMatches = try matchesHere() }
            checked = doc
        }
        return docMatches
    }

    /// Checks `target` alone: the words' cursors move to it, and only its
    /// positions are read. Without a match there, `doc` is left on the
    /// words' next common document, unchecked (see `Scorer.matches(at:)`).
    override func matches(at target: Int32) throws(StoreError) -> Bool {
        if let known { return try advance(to: target, known: known) == target }
        doc = doc == target ? doc : try conjunction.advance(to: target)
        return doc == target ? try confirm() : false
    }

    /// Whether some position p has word i at p + i for every i. The
    /// phrase starts still possible are narrowed word by word, rarest word
    /// first, so a document where two words never meet stops before the
    /// common words' positions are decoded.
    private func matchesHere() throws(StoreError) -> Bool {
        guard let first = checkOrder.first else { return false }
        var count = try seedStarts(word: first)
        for order in 1..<checkOrder.count {
            if count == 0 { return false }
            count = try narrowStarts(count, word: checkOrder[order])
        }
        return count > 0
    }

    /// Fills the starts buffer with the phrase starts word `first`'s
    /// positions allow, and returns how many.
    private func seedStarts(word first: Int) throws(StoreError) -> Int {
        let positions = try words.refs[first].borrowing { word throws(StoreError) in try word.positions() }
        startsBuffer.reserve(positions.count)
        let starts = startsBuffer.base
        var count = 0
        for position in positions where position >= UInt32(first) {
            starts[count] = position - UInt32(first)
            count += 1
        }
        return count
    }

    /// Keeps the first `count` starts that have word `i` at start + i, and
    /// returns how many are left.
    private func narrowStarts(_ count: Int, word i: Int) throws(StoreError) -> Int {
        let positions = try words.refs[i].borrowing { word throws(StoreError) in try word.positions() }
        let starts = startsBuffer.base
        let offset = UInt32(i)
        var kept = 0
        var j = 0
        for slot in 0..<count {
            let start = starts[slot]
            let wanted = start + offset
            while j < positions.count && positions[j] < wanted { j += 1 }
            if j == positions.count { break }
            if positions[j] == wanted {
                starts[kept] = start
                kept += 1
            }
        }
        return kept
    }

    private var startsBuffer = ScratchBuffer()

    override func score() throws(StoreError) -> Double { try conjunction.score() }

    override func rewind() {
        doc = -1
        checked = -1
        docMatches = false
        conjunction.rewind()
        known?.rewind()
    }

    override func blockBound() -> (bound: Double, upTo: Int32)? { conjunction.blockBound() }

    override func explain() throws(StoreError) -> Explanation {
        var inner = try conjunction.explain()
        inner.description = "phrase \"\(words.owned.map(\.word.term).joined(separator: " "))\", sum of:"
        return inner
    }
}

/// Matches nothing (a word absent from the segment inside a conjunction).
final class EmptyScorer: Scorer {
    init() { super.init(cost: 0) }

    override func advance(to target: Int32) throws(StoreError) -> Int32 {
        doc = PostingsFormat.noMoreDocs
        return doc
    }

    override func score() throws(StoreError) -> Double { 0 }
    override func explain() throws(StoreError) -> Explanation { Explanation(value: 0, description: "no match") }
    override func blockBound() -> (bound: Double, upTo: Int32)? { (0, PostingsFormat.noMoreDocs) }
}
