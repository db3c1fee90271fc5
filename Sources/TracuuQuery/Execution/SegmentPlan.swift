import TracuuAnalysis
import TracuuStore

/// A resolved query compiled into scorers for one segment, with what the
/// compound-word score needs: the top-level words in query order and, when
/// the index holds syllable pairs, a cursor over each consecutive pair's
/// postings (otherwise the words' positions tell whether they stand together).
final class SegmentPlan {
    let root: Scorer
    /// Top-level words in query order.
    private let chain: UnretainedList<WordScorer>
    /// Each chain word's `maxIDF`, worked out once: block bounds ask for
    /// it per block.
    private let chainIDF: [Double]
    /// Children of a top-level disjunction (for "matched most words").
    private let disjunction: DisjunctionScorer?
    let wordCount: Int
    private let context: ScoringContext
    /// The syllable pairs found in this segment, and a cursor over each
    /// one's postings (in the same order).
    private let pairs: [ResolvedPair]
    private let pairCursors: UnretainedList<PostingsCursor>
    private let compounds: CompoundWords

    /// How consecutive query words score as a compound word.
    enum CompoundWords {
        /// Not at all: each word on its own.
        case off
        /// As the index's syllable-pair terms (from `QueryResolver.resolvePairs`
        /// over the node's compound chain), with their own idf.
        case pairs([ResolvedPair])
        /// From the words' positions: side by side, or how far apart.
        case adjacency
    }

    /// Nil when the query cannot match in this segment. `excluded` parts
    /// remove documents.
    init?(
        _ node: ResolvedNode, context: ScoringContext, excluded: [ResolvedNode] = [], compounds: CompoundWords = .off
    ) throws(StoreError) {
        self.compounds = compounds
        var adjacency = false
        if case .adjacency = compounds { adjacency = true }
        self.context = context
        var topLevel: [WordScorer] = []
        func build(_ node: ResolvedNode, isTop: Bool) throws(StoreError) -> Scorer {
            switch node {
            case .word(let word):
                let scorer = try WordScorer(word: word, context: context, needsPositions: adjacency && isTop)
                if isTop { topLevel.append(scorer) }
                return scorer.cost == 0 ? EmptyScorer() : scorer
            case .phrase(let words):
                return try PhraseScorer.of(words, context: context)
            case .and(let required, let excluded):
                var requiredScorers: [Scorer] = []
                for child in required { requiredScorers.append(try build(child, isTop: isTop)) }
                var excludedScorers: [Scorer] = []
                for child in excluded { excludedScorers.append(try build(child, isTop: false)) }
                if requiredScorers.contains(where: { $0 is EmptyScorer }) { return EmptyScorer() }
                return ConjunctionScorer(required: requiredScorers, excluded: excludedScorers.filter { !($0 is EmptyScorer) })
            case .or(let children):
                var scorers: [Scorer] = []
                var liveChildren: [ResolvedNode] = []
                for child in children {
                    let scorer = try build(child, isTop: isTop)
                    if scorer is EmptyScorer { continue }
                    scorers.append(scorer)
                    liveChildren.append(child)
                }
                if scorers.isEmpty { return EmptyScorer() }
                return DisjunctionScorer(children: scorers, covered: SegmentPlan.coveredChildren(liveChildren))
            }
        }
        var root = try build(node, isTop: true)
        let topDisjunction = root as? DisjunctionScorer
        if !excluded.isEmpty, !(root is EmptyScorer) {
            var excludedScorers: [Scorer] = []
            for child in excluded { excludedScorers.append(try build(child, isTop: false)) }
            root = ConjunctionScorer(required: [root], excluded: excludedScorers.filter { !($0 is EmptyScorer) })
        }
        if root is EmptyScorer { return nil }
        self.root = root
        self.disjunction = topDisjunction
        // The chain in query order: scorers were built in query order, and
        // only the words the chain names (plain top-level words) count.
        let chainWords = node.compoundChain
        var ordered: [WordScorer] = []
        var cursor = 0
        for word in chainWords {
            while cursor < topLevel.count, topLevel[cursor].word.term != word.term || topLevel[cursor].word.field != word.field {
                cursor += 1
            }
            if cursor < topLevel.count {
                ordered.append(topLevel[cursor])
                cursor += 1
            }
        }
        let chain = ordered.count == chainWords.count ? ordered : []
        self.chain = UnretainedList(chain)
        chainIDF = chain.map(\.word.maxIDF)
        var foundPairs: [ResolvedPair] = []
        var pairCursors: [PostingsCursor] = []
        if !chain.isEmpty, case .pairs(let pairs) = compounds {
            for pair in pairs where pair.first + 1 < chain.count {
                if let info = try context.segment.dictionary.lookup(pair.key) {
                    foundPairs.append(pair)
                    pairCursors.append(try context.segment.postings(info, withPositions: false))
                }
            }
        }
        self.pairs = foundPairs
        self.pairCursors = UnretainedList(pairCursors)
        switch node {
        case .and(let required, _): wordCount = required.count
        case .or(let children): wordCount = children.count
        default: wordCount = 1
        }
    }

    deinit {
        chain.deallocate()
        pairCursors.deallocate()
    }

    /// Goes back to before the first document (see `Scorer.rewind`).
    func rewind() {
        root.rewind()
        for cursor in pairCursors.owned { cursor.rewind() }
    }

    /// How many of a top-level OR's children match the current document.
    func matchCount() throws(StoreError) -> Int { try disjunction?.matchCount() ?? wordCount }

    /// The children of an OR whose documents another child's are a superset
    /// of: a phrase whose words include, side by side, the whole of another
    /// child (a word, or a phrase of consecutive words), in the same field
    /// and with at least the same forms.
    /// A child covered by an identical one is covered only when that one
    /// comes first, so one of them always drives.
    static func coveredChildren(_ children: [ResolvedNode]) -> Set<Int> {
        func words(_ node: ResolvedNode) -> [ResolvedWord]? {
            switch node {
            case .word(let word): return [word]
            case .phrase(let words): return words
            default: return nil
            }
        }
        let sequences = children.map(words)
        var covered: Set<Int> = []
        for (index, sequence) in sequences.enumerated() {
            guard let sequence, sequence.count > 1 else { continue }
            for (other, inner) in sequences.enumerated() where other != index && !covered.contains(other) {
                guard let inner, inner.count <= sequence.count else { continue }
                if inner.count == sequence.count && other > index { continue }
                if SegmentPlan.contains(sequence, run: inner) {
                    covered.insert(index)
                    break
                }
            }
        }
        return covered
    }

    /// Whether `run` occurs in `sequence` as consecutive words: the same
    /// term in the same field, each of the run's words with every form the
    /// sequence's word has (keeping no fewer looser forms).
    private static func contains(_ sequence: [ResolvedWord], run: [ResolvedWord]) -> Bool {
        guard !run.isEmpty, run.count <= sequence.count else { return false }
        for start in 0...(sequence.count - run.count)
        where zip(sequence[start..<start + run.count], run).allSatisfy({ outer, inner in
            outer.term == inner.term && outer.field == inner.field && inner.looseForms >= outer.looseForms
        }) {
            return true
        }
        return false
    }

    /// The compound-word score of the current document (no descriptions
    /// are built: this runs for every scored document).
    func compoundScore() throws(StoreError) -> Double {
        guard !pairs.isEmpty || (chain.count > 1 && isAdjacency) else { return 0 }
        var total = 0.0
        try forEachCompoundPart { value, _ in total += value }
        return total
    }

    func compoundExplanations() -> [Explanation] {
        var parts: [Explanation] = []
        try? forEachCompoundPart { value, describe in parts.append(Explanation(value: value, description: describe())) }
        return parts
    }

    /// An upper bound of the whole score (words and compound words) of every
    /// document from the current one up to `upTo`, from the postings' block
    /// maxima; nil when the query has parts without block bounds (indexed
    /// syllable pairs).
    func blockBound() -> (bound: Double, upTo: Int32)? {
        guard var result = root.blockBound() else { return nil }
        switch compounds {
        case .off: return result
        case .pairs(let pairs): if !pairs.isEmpty, chain.count > 1 { return nil }
        case .adjacency:
            let chain = self.chain.refs
            for index in chain.indices.dropFirst() {
                let maximaA = chain[index - 1]._withUnsafeGuaranteedRef { $0.blockRawMaxima }
                let maximaB = chain[index]._withUnsafeGuaranteedRef { $0.blockRawMaxima }
                let field = chain[index - 1]._withUnsafeGuaranteedRef { $0.word.field }
                result.bound += context.ranking.proximityBound(
                    base: chainIDF[index - 1] + chainIDF[index], occurrences: min(maximaA.freq, maximaB.freq),
                    length: Int64(min(maximaA.length, maximaB.length)),
                    averageLength: context.averageLength(field: field))
            }
        }
        return result
    }

    /// An upper bound of `compoundScore()` for the current document that
    /// reads no positions (`Ranking.proximityBound`). With syllable pairs,
    /// the exact score (it needs no positions either).
    func compoundBound() throws(StoreError) -> Double {
        guard isAdjacency else { return try compoundScore() }
        let chain = self.chain.refs
        guard chain.count > 1 else { return 0 }
        let doc = root.doc
        var total = 0.0
        for index in chain.indices.dropFirst() where chain[index - 1].doc == doc && chain[index].doc == doc {
            total += chain[index - 1]._withUnsafeGuaranteedRef { a in
                chain[index]._withUnsafeGuaranteedRef { b in pairBound(a, b, doc: doc) }
            }
        }
        return total
    }

    /// `compoundBound`'s part for consecutive words `a` and `b`, both on `doc`.
    private func pairBound(_ a: WordScorer, _ b: WordScorer, doc: Int32) -> Double {
        let (weightA, idfA) = a.matchWeight
        let (weightB, idfB) = b.matchWeight
        return context.ranking.proximityBound(
            base: min(weightA, weightB) * (idfA + idfB), occurrences: min(a.rawFreq, b.rawFreq),
            length: context.length(field: a.word.field, doc: doc),
            averageLength: context.averageLength(field: a.word.field))
    }

    /// The top-level words in query order whose consecutive pairs score as
    /// compound words from their positions; empty when compound words are
    /// off or come from syllable pairs.
    var adjacencyChain: [ResolvedWord] { isAdjacency ? chain.owned.map(\.word) : [] }

    /// Whether compound words score from syllable-pair postings.
    var hasPairs: Bool { !pairs.isEmpty }

    private var isAdjacency: Bool {
        if case .adjacency = compounds { return true }
        return false
    }

    /// Calls `visit` with each compound-word part of the current document's
    /// score and a closure that describes it (called only when explaining).
    private func forEachCompoundPart(_ visit: (Double, () -> String) -> Void) throws(StoreError) {
        if isAdjacency { return try forEachAdjacencyPart(visit) }
        let doc = root.doc
        let chain = self.chain.refs
        for (index, cursor) in pairCursors.refs.enumerated() {
            let first = pairs[index].first
            let a = chain[first]
            let b = chain[first + 1]
            guard a.doc == doc, b.doc == doc, try cursor.advance(to: doc) == doc else { continue }
            let tf = context.ranking.tfPart(
                freq: Double(cursor.freq), length: context.length(field: ArticleSchema.Field.text, doc: doc),
                averageLength: context.averageLength(field: ArticleSchema.Field.text))
            let weight = min(
                a._withUnsafeGuaranteedRef { $0.matchWeight.weight }, b._withUnsafeGuaranteedRef { $0.matchWeight.weight })
            let freq = cursor.freq
            let idf = pairs[index].idf
            visit(weight * tf * idf) {
                let pair = pairs[index]
                return "compound \"\(pair.text)\" ×\(freq): tier \(Explanation.format(weight)) · tf part \(Explanation.format(tf)) · idf \(Explanation.format(pair.idf)) (docFreq \(pair.docFreq))"
            }
        }
    }
}

extension SegmentPlan {
    /// Compound words from positions, for an index without syllable pairs.
    private func forEachAdjacencyPart(_ visit: (Double, () -> String) -> Void) throws(StoreError) {
        let doc = root.doc
        let chain = self.chain.refs
        for index in chain.indices.dropFirst() where chain[index - 1].doc == doc && chain[index].doc == doc {
            try chain[index - 1].borrowing { a throws(StoreError) in
                try chain[index].borrowing { b throws(StoreError) in try adjacencyPart(a, b, doc: doc, visit) }
            }
        }
    }

    /// `forEachAdjacencyPart`'s part for consecutive words `a` and `b`, both on `doc`.
    private func adjacencyPart(
        _ a: WordScorer, _ b: WordScorer, doc: Int32, _ visit: (Double, () -> String) -> Void
    ) throws(StoreError) {
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
        guard value > 0 else { return }
        visit(value) {
            let how = adjacent > 0 ? "side by side ×\(adjacent)" : "\(gap) words apart"
            return "\"\(a.word.term) \(b.word.term)\" \(how)"
        }
    }

    /// How many positions of `b` directly follow a position of `a` (both sorted).
    static func adjacentCount(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Int {
        var count = 0
        var j = 0
        for pa in a {
            while j < b.count && b[j] <= pa { j += 1 }
            if j < b.count && b[j] == pa + 1 { count += 1 }
        }
        return count
    }

    /// The fewest words between a position in `a` and one in `b`: 0 when
    /// some `b` directly follows some `a`, one more when `b` comes first.
    static func gap(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Int {
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
