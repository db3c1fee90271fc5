import TracuuAnalysis
import TracuuStore

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
        // Indexed, not `dropFirst()`: the slice cost 2 % of a phrase query's
        // instructions (callgrind), this loop running per candidate.
        let required = self.required
        guard let lead = required.first else {
            doc = PostingsFormat.noMoreDocs
            return doc
        }
        var candidate = try lead.advance(to: max(target, lead.doc))
        outer: while candidate != PostingsFormat.noMoreDocs {
            for index in 1..<required.count {
                let other = required[index]
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
    private let children: [Scorer]
    private let drivers: [Scorer]
    private let covered: [Scorer]
    /// Whether each covered child matches the document in `checkedDoc`.
    private var coveredMatches: [Bool]
    private var checkedDoc: Int32 = -1
    private(set) var doc: Int32 = -1
    let cost: Int
    /// An error met while moving covered children for a bound (which
    /// cannot throw), thrown by the next call that can.
    private var pending: StoreError?

    /// `covered`: indices of children whose documents other, uncovered
    /// children hold (see `SegmentPlan.coveredChildren`).
    init(children: [Scorer], covered: Set<Int> = []) {
        self.children = children
        self.drivers = children.indices.filter { !covered.contains($0) }.map { children[$0] }
        self.covered = children.indices.filter { covered.contains($0) }.map { children[$0] }
        self.coveredMatches = [Bool](repeating: false, count: covered.count)
        self.cost = drivers.reduce(0) { $0 + $1.cost }
    }

    func next() throws(StoreError) -> Int32 { try advance(to: doc + 1) }

    func advance(to target: Int32) throws(StoreError) -> Int32 {
        if let pending { throw pending }
        var smallest = PostingsFormat.noMoreDocs
        for child in drivers {
            let found = child.doc < target ? try child.advance(to: target) : child.doc
            smallest = min(smallest, found)
        }
        doc = smallest
        return doc
    }

    /// Asks each covered child whether it matches the current document
    /// (a phrase checks this document's positions, not the next match's).
    @inline(__always)
    private func catchUp() throws(StoreError) {
        if let pending { throw pending }
        guard checkedDoc != doc, !covered.isEmpty else { return }
        for (index, child) in covered.enumerated() {
            // Past the document already (a phrase's next candidate): no match here.
            coveredMatches[index] = child.doc > doc ? false : try child.matches(at: doc)
        }
        checkedDoc = doc
    }

    /// The children matching the current document (after `catchUp`).
    private func matching() -> [Scorer] {
        var result = drivers.filter { $0.doc == doc }
        for (index, child) in covered.enumerated() where coveredMatches[index] { result.append(child) }
        return result
    }

    func matchCount() throws(StoreError) -> Int {
        try catchUp()
        var count = drivers.reduce(0) { $0 + ($1.doc == doc ? 1 : 0) }
        for matched in coveredMatches where matched { count += 1 }
        return count
    }

    func score() throws(StoreError) -> Double {
        try catchUp()
        var total = 0.0
        for child in drivers where child.doc == doc { total += try child.score() }
        for (index, child) in covered.enumerated() where coveredMatches[index] { total += try child.score() }
        return total
    }

    /// The children on the current document set the range (up to their
    /// blocks' ends) and their bounds add up; a child whose next document
    /// lies inside the range adds its bound too, one whose next document
    /// lies past it adds nothing. That last case is what keeps a rare alias
    /// phrase (its next candidate far ahead) from loosening every bound.
    func blockBound() -> (bound: Double, upTo: Int32)? {
        do {
            try catchUp()
        } catch {
            pending = error
            return nil
        }
        var total = 0.0
        var upTo = PostingsFormat.noMoreDocs
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

    func explain() throws(StoreError) -> Explanation {
        try catchUp()
        var details: [Explanation] = []
        for child in matching() { details.append(try child.explain()) }
        return Explanation(value: details.reduce(0) { $0 + $1.value }, description: "sum of matching:", details: details)
    }
}

/// Documents where the words stand side by side in order.
final class PhraseScorer: Scorer {
    private let words: [WordScorer]
    private let conjunction: ConjunctionScorer
    private(set) var doc: Int32 = -1
    /// False when `matches(at:)` left `doc` on a candidate it did not check.
    private var docMatches = true
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
        docMatches = true
        return doc
    }

    /// Checks `target` alone: the words' cursors move to it, and only its
    /// positions are read. Without a match there, `doc` is left on the
    /// words' next common document, unchecked (see `Scorer.matches(at:)`).
    func matches(at target: Int32) throws(StoreError) -> Bool {
        if doc == target && docMatches { return true }
        let candidate = try conjunction.advance(to: target)
        var matched = false
        if candidate == target { matched = try matchesHere() }
        docMatches = matched
        doc = docMatches ? target : candidate
        return docMatches
    }

    /// Whether some position p has word i at p + i for every i. The
    /// phrase starts still possible are narrowed word by word, rarest word
    /// first, so a document where two words never meet stops before the
    /// common words' positions are decoded.
    private func matchesHere() throws(StoreError) -> Bool {
        guard let first = checkOrder.first else { return false }
        let words = self.words
        // Phrase starts still possible, in one buffer for every candidate.
        let firstPositions = try words[first].positions()
        startsBuffer.reserve(firstPositions.count)
        let starts = startsBuffer.base
        var count = 0
        for position in firstPositions where position >= UInt32(first) {
            starts[count] = position - UInt32(first)
            count += 1
        }
        for order in 1..<checkOrder.count {
            if count == 0 { return false }
            let i = checkOrder[order]
            let positions = try words[i].positions()
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
            count = kept
        }
        return count > 0
    }

    private var startsBuffer = ScratchBuffer()

    deinit { startsBuffer.deallocate() }

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
