import TracuuStore

/// A resolved query compiled into scorers for one segment, with the word
/// scorers of the proximity chain kept at hand.
final class SegmentPlan {
    let root: Scorer
    /// Top-level words in query order (for proximity).
    private let chain: [WordScorer]
    /// Children of a top-level disjunction (for "matched most words").
    private let disjunction: DisjunctionScorer?
    let wordCount: Int
    private let context: ScoringContext

    /// Nil when the query cannot match in this segment.
    init?(
        _ node: ResolvedNode, context: ScoringContext, excluded: [ResolvedNode] = [],
        proximity: SearchRequest.Proximity = .adjacency
    ) throws(StoreError) {
        self.context = context
        var chainByTerm: [ObjectIdentifier: WordScorer] = [:]
        func build(_ node: ResolvedNode, topLevel: Bool) throws(StoreError) -> Scorer {
            switch node {
            case .word(let word):
                let scorer = try WordScorer(word: word, context: context, needsPositions: true)
                if topLevel { chainByTerm[ObjectIdentifier(scorer)] = scorer }
                return scorer.cost == 0 ? EmptyScorer() : scorer
            case .phrase(let words):
                var scorers: [WordScorer] = []
                for word in words { scorers.append(try WordScorer(word: word, context: context, needsPositions: true)) }
                if scorers.contains(where: { $0.cost == 0 }) { return EmptyScorer() }
                return PhraseScorer(words: scorers)
            case .and(let required, let excluded):
                var requiredScorers: [Scorer] = []
                for child in required { requiredScorers.append(try build(child, topLevel: topLevel)) }
                var excludedScorers: [Scorer] = []
                for child in excluded { excludedScorers.append(try build(child, topLevel: false)) }
                if requiredScorers.contains(where: { $0 is EmptyScorer }) { return EmptyScorer() }
                return ConjunctionScorer(required: requiredScorers, excluded: excludedScorers.filter { !($0 is EmptyScorer) })
            case .or(let children):
                var scorers: [Scorer] = []
                for child in children { scorers.append(try build(child, topLevel: topLevel)) }
                let live = scorers.filter { !($0 is EmptyScorer) }
                return live.isEmpty ? EmptyScorer() : DisjunctionScorer(children: live)
            }
        }
        var root = try build(node, topLevel: true)
        let topDisjunction = root as? DisjunctionScorer
        if !excluded.isEmpty, !(root is EmptyScorer) {
            var excludedScorers: [Scorer] = []
            for child in excluded { excludedScorers.append(try build(child, topLevel: false)) }
            root = ConjunctionScorer(required: [root], excluded: excludedScorers.filter { !($0 is EmptyScorer) })
        }
        if root is EmptyScorer { return nil }
        self.root = root
        self.disjunction = topDisjunction
        // Keep the chain in query order.
        let chainWords = node.proximityChain.isEmpty ? (node.orChildrenWords) : node.proximityChain
        var ordered: [WordScorer] = []
        var used: Set<ObjectIdentifier> = []
        for word in chainWords {
            if let match = chainByTerm.values.first(where: { !used.contains(ObjectIdentifier($0)) && $0.word.term == word.term && $0.word.field == word.field }) {
                ordered.append(match)
                used.insert(ObjectIdentifier(match))
            }
        }
        self.chain = proximity == .off ? [] : ordered
        switch node {
        case .and(let required, _): wordCount = required.count
        case .or(let children): wordCount = children.count
        default: wordCount = 1
        }
    }

    /// How many of a top-level OR's children match the current document.
    var matchCount: Int { disjunction?.matchCount ?? wordCount }

    /// The proximity score of the current document.
    func proximity() throws(StoreError) -> Double {
        try proximityParts().reduce(0) { $0 + $1.value }
    }

    func proximityExplanations() -> [Explanation] {
        (try? proximityParts()) ?? []
    }

    private func proximityParts() throws(StoreError) -> [Explanation] {
        guard chain.count > 1 else { return [] }
        var parts: [Explanation] = []
        let doc = root.doc
        for (a, b) in zip(chain, chain.dropFirst()) where a.doc == doc && b.doc == doc {
            let positionsA = try a.positions()
            let positionsB = try b.positions()
            let adjacent = SegmentPlan.adjacentCount(positionsA, positionsB)
            let gap = adjacent > 0 ? 0 : SegmentPlan.gap(positionsA, positionsB)
            let (weightA, idfA) = a.matchWeight
            let (weightB, idfB) = b.matchWeight
            let value = context.ranking.proximity(
                adjacent: adjacent, gap: gap, idfA: idfA, idfB: idfB, tierA: weightA, tierB: weightB,
                length: context.length(field: a.word.field, doc: doc),
                averageLength: context.averageLength(field: a.word.field))
            let how = adjacent > 0 ? "side by side \(adjacent)×" : "\(gap) words apart"
            parts.append(Explanation(value: value, description: "\"\(a.word.term) \(b.word.term)\" \(how)"))
        }
        return parts
    }

    /// How many positions of `b` directly follow a position of `a`.
    static func adjacentCount(_ a: [UInt32], _ b: [UInt32]) -> Int {
        var count = 0
        var j = 0
        for pa in a {
            while j < b.count && b[j] <= pa { j += 1 }
            if j < b.count && b[j] == pa + 1 { count += 1 }
        }
        return count
    }

    /// The smallest gap between a position in `a` and one in `b`: 0 when some
    /// `b` follows some `a` directly, the words in between otherwise, one
    /// more when `b` comes first.
    static func gap(_ a: [UInt32], _ b: [UInt32]) -> Int {
        var best = Int.max
        var j = 0
        for pa in a {
            while j < b.count && b[j] <= pa { j += 1 }
            if j < b.count { best = min(best, Int(b[j]) - Int(pa) - 1) }
            if j > 0 { best = min(best, Int(pa) - Int(b[j - 1]) + 1) }
            if best == 0 { return 0 }
        }
        return best
    }
}

extension ResolvedNode {
    /// Words directly under a top-level OR (the "most words" fallback's chain).
    var orChildrenWords: [ResolvedWord] {
        guard case .or(let children) = self else { return [] }
        return children.compactMap { child in
            if case .word(let word) = child { return word }
            return nil
        }
    }
}
