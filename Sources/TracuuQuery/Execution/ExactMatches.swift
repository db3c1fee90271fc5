import TracuuStore

/// The documents a query matches in one segment, worked out from its words'
/// document lists alone, before any scorer moves.
///
/// Why: `total` is exact, so every match must be counted, and counting by
/// walking the scorers cost a cursor step per document and per form of
/// every word (a toned word carries a dozen looser forms), most of a
/// query's time. Decoded straight into bitsets, the same lists cost a few
/// nanoseconds a posting; ANDs, ORs and exclusions are then word-wide
/// operations. With the count settled, the scorers only build the page,
/// and jump over every block whose bound cannot reach it.
///
/// Words, and ANDs, ORs and exclusions of them, come from the bits alone.
/// A phrase an OR holds under a word or shorter phrase it contains (a
/// name's aliases; `SegmentPlan.coveredChildren`) needs nothing more: its
/// documents are among that alternative's. Any other phrase is checked
/// for its positions, document by document, only where an AND's other
/// parts narrow the candidates (`countable`); a query with a phrase no
/// such part narrows is counted by the scorers' walk.
struct ExactMatches {
    /// The documents the search walks: matching the query, or for a query
    /// ranked over any of its words, matching any of them.
    let matched: DocBits
    /// For a query ranked over any word, the documents with every word
    /// (they count in `total`, the others in `partialTotal`); nil when every
    /// match has them all.
    let all: DocBits?
    /// Each word's occurrences per document, read in the same pass.
    let occurrences: WordOccurrences

    /// Nil when the query's matches cannot be settled this way (see
    /// `countable`). `rankedOverAny`: `node` is the OR of a long query's
    /// parts, whose documents with all of them are told apart. `excluded`
    /// parts remove documents.
    ///
    /// `clock` ticks at every document a phrase is checked at: those checks
    /// read positions, and a phrase of common words narrowed by a common
    /// word checks tens of thousands of documents, so a search given a
    /// time limit (the server's `--timeout`) stops there too.
    init?(
        _ node: ResolvedNode, rankedOverAny: Bool, excluded: [ResolvedNode], context: ScoringContext,
        buffers: CountBuffers, clock: inout SearchClock
    ) throws {
        // A long query's documents with every part, told apart from those
        // with any. Its parts' union is walked document by document
        // otherwise, each counted and its words matched: a phrase part
        // checks only the documents no other part holds, and among those
        // with the other parts, whether it is there too.
        var allParts: ResolvedNode?
        if rankedOverAny, case .or(let parts) = node { allParts = .and(required: parts, excluded: []) }
        // Settled from the query's shape first, so a query whose phrases
        // would each check every document holding their words decodes
        // nothing here.
        guard ExactMatches.countable(allParts ?? node, masked: false),
            excluded.allSatisfy({ ExactMatches.countable($0, masked: true) })
        else { return nil }
        let occurrences = WordOccurrences(context: context, buffers: buffers)
        self.occurrences = occurrences
        var matched = try ExactMatches.bits(node, occurrences, within: nil, clock: &clock)
        if !excluded.isEmpty {
            matched.subtract(try ExactMatches.bits(.or(excluded), occurrences, within: matched, clock: &clock))
        }
        self.matched = matched
        if let allParts {
            all = try ExactMatches.bits(allParts, occurrences, within: matched, clock: &clock)
        } else {
            all = nil
        }
    }

    /// Whether `node`'s matches need no positions: no phrase in it but an
    /// OR's alternative covered by another.
    private static func needsNoPositions(_ node: ResolvedNode) -> Bool {
        switch node {
        case .word: return true
        case .phrase: return false
        case .and(let required, let excluded):
            return required.allSatisfy(needsNoPositions) && excluded.allSatisfy(needsNoPositions)
        case .or(let children):
            let covered = SegmentPlan.coveredChildren(children)
            return children.indices.allSatisfy { covered.contains($0) || needsNoPositions(children[$0]) }
        }
    }

    /// Whether `node`'s matches are worked out here. A phrase is, when an
    /// AND narrows the documents it checks to those its parts that need no
    /// positions hold (`masked`): "Hoa Kỳ" in "Hoa Kỳ Iraq" checks the
    /// documents with "Iraq". Unmasked, a phrase, or an OR's alternative
    /// that is one ("cam pu chia" in "Lào OR Campuchia"), would check
    /// nearly every document holding its words after decoding their whole
    /// lists; the scorers' walk does that with their skip data, and was
    /// measured faster.
    private static func countable(_ node: ResolvedNode, masked: Bool) -> Bool {
        switch node {
        case .word: return true
        case .phrase: return masked
        case .and(let required, let excluded):
            let narrowed = masked || required.contains(where: needsNoPositions)
            return required.allSatisfy { countable($0, masked: narrowed) }
                && excluded.allSatisfy { countable($0, masked: true) }
        case .or(let children):
            let covered = SegmentPlan.coveredChildren(children)
            return children.indices.allSatisfy { covered.contains($0) || countable(children[$0], masked: masked) }
        }
    }

    /// The documents `node` matches in the segment, among those of `mask`
    /// (nil: all); only for a node `countable` accepts. Parts that
    /// need no positions go first, so each phrase checks the fewest
    /// documents.
    private static func bits(
        _ node: ResolvedNode, _ occurrences: WordOccurrences, within mask: DocBits?, clock: inout SearchClock
    ) throws -> DocBits {
        let docCount = occurrences.docCount
        switch node {
        case .word(let word):
            var bits = try occurrences.read(word).bits
            if let mask { bits.formIntersection(mask) }
            return bits
        case .phrase(let words):
            if let name = occurrences.context.namePostings(words) {
                // An alias name the segment lists: its list, no positions.
                var bits = try occurrences.read(name)
                if let mask { bits.formIntersection(mask) }
                return bits
            }
            return try phraseBits(words, occurrences, within: mask, clock: &clock)
        case .and(let required, let excluded):
            let (free, positional) = byPositions(required)
            var result = mask
            for child in free + positional {
                let bits = try self.bits(child, occurrences, within: result, clock: &clock)
                if result == nil { result = bits } else { result!.formIntersection(bits) }
            }
            guard var result else { return DocBits(docCount: docCount) }
            for child in excluded { result.subtract(try self.bits(child, occurrences, within: result, clock: &clock)) }
            return result
        case .or(let children):
            let covered = SegmentPlan.coveredChildren(children)
            let (free, positional) = byPositions(children.indices.filter { !covered.contains($0) }.map { children[$0] })
            var result = DocBits(docCount: docCount)
            for child in free { result.formUnion(try self.bits(child, occurrences, within: nil, clock: &clock)) }
            if let mask { result.formIntersection(mask) }
            for child in positional {
                // Only where no alternative already matches.
                var rest = mask ?? DocBits(allOf: docCount)
                rest.subtract(result)
                result.formUnion(try self.bits(child, occurrences, within: rest, clock: &clock))
            }
            return result
        }
    }

    /// `nodes` split into those that need no positions and the others,
    /// each in query order.
    private static func byPositions(_ nodes: [ResolvedNode]) -> (free: [ResolvedNode], positional: [ResolvedNode]) {
        var free: [ResolvedNode] = []
        var positional: [ResolvedNode] = []
        for node in nodes {
            if needsNoPositions(node) { free.append(node) } else { positional.append(node) }
        }
        return (free, positional)
    }

    /// A phrase's documents among `mask`'s: those holding all its words,
    /// each checked by a phrase scorer for the words side by side.
    private static func phraseBits(
        _ words: [ResolvedWord], _ occurrences: WordOccurrences, within mask: DocBits?, clock: inout SearchClock
    ) throws -> DocBits {
        var candidates = mask
        for word in words {
            let bits = try occurrences.read(word).bits
            if candidates == nil { candidates = bits } else { candidates!.formIntersection(bits) }
        }
        var result = DocBits(docCount: occurrences.docCount)
        guard let candidates, candidates.count > 0 else { return result }
        let phrase = try PhraseScorer.of(words, context: occurrences.context)
        try candidates.forEach { (doc: Int32) throws in
            try clock.tick()
            if try phrase.matches(at: doc) { result.insert(doc) }
        }
        return result
    }
}
