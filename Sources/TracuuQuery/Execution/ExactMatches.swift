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
/// Only a query whose matches need no positions has exact bits: words, and
/// ANDs, ORs and exclusions of them. A phrase needs its positions, unless
/// an OR holds it under a word or shorter phrase it contains (a name's
/// aliases; `SegmentPlan.coveredChildren`): its documents are then among
/// that alternative's. Other queries are counted by the scorers' walk.
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

    /// Nil when the query's matches need positions. `rankedOverAny`: `node`
    /// is the OR of a long query's parts, whose documents with all of them
    /// are told apart. `excluded` parts remove documents.
    init?(
        _ node: ResolvedNode, rankedOverAny: Bool, excluded: [ResolvedNode], context: ScoringContext,
        buffers: CountBuffers
    ) throws(StoreError) {
        // Settled from the query's shape first, so a query that needs
        // positions decodes nothing here.
        guard ExactMatches.needsNoPositions(node), excluded.allSatisfy(ExactMatches.needsNoPositions) else {
            return nil
        }
        if rankedOverAny, case .or(let parts) = node, !parts.allSatisfy(ExactMatches.needsNoPositions) { return nil }
        let docCount = context.segment.docCount
        let occurrences = WordOccurrences(context: context, buffers: buffers)
        self.occurrences = occurrences
        var removed = DocBits(docCount: docCount)
        for part in excluded { removed.formUnion(try ExactMatches.bits(part, occurrences)) }
        if rankedOverAny, case .or(let parts) = node {
            var any = DocBits(docCount: docCount)
            var all: DocBits?
            for part in parts {
                let bits = try ExactMatches.bits(part, occurrences)
                any.formUnion(bits)
                if all == nil { all = bits } else { all!.formIntersection(bits) }
            }
            any.subtract(removed)
            all?.subtract(removed)
            matched = any
            self.all = all ?? any
        } else {
            var bits = try ExactMatches.bits(node, occurrences)
            bits.subtract(removed)
            matched = bits
            all = nil
        }
    }

    /// Whether `node`'s matches are known without positions: no phrase in
    /// it but an OR's alternative covered by another.
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

    /// The documents `node` matches in the segment; only for a node
    /// `needsNoPositions` accepts.
    private static func bits(_ node: ResolvedNode, _ occurrences: WordOccurrences) throws(StoreError) -> DocBits {
        let docCount = occurrences.docCount
        switch node {
        case .word(let word):
            return try occurrences.read(word).bits
        case .phrase:
            preconditionFailure("a phrase's matches need positions; needsNoPositions turns it away")
        case .and(let required, let excluded):
            var result: DocBits?
            for child in required {
                let bits = try self.bits(child, occurrences)
                if result == nil { result = bits } else { result!.formIntersection(bits) }
            }
            guard var result else { return DocBits(docCount: docCount) }
            for child in excluded { result.subtract(try self.bits(child, occurrences)) }
            return result
        case .or(let children):
            let covered = SegmentPlan.coveredChildren(children)
            var result = DocBits(docCount: docCount)
            for (index, child) in children.enumerated() where !covered.contains(index) {
                result.formUnion(try self.bits(child, occurrences))
            }
            return result
        }
    }
}
