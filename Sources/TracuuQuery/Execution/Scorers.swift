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
