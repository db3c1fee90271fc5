import TracuuStore

/// The query words of one segment's search, each read once: the documents
/// holding any of its forms (the forms a `WordScorer` walks), and how often
/// its forms occur in each, all together. `ExactMatches` counts with the
/// documents; `ScoreCeiling` bounds scores with the occurrences.
final class WordOccurrences {
    let context: ScoringContext
    let docCount: Int
    private var known: [Key: Entry] = [:]

    struct Entry {
        let bits: DocBits
        /// Occurrences per document, every form together (0: not there).
        let freqs: UnsafeMutableBufferPointer<Int32>
    }

    /// Words resolve to the same forms when these agree.
    private struct Key: Hashable {
        let term: String
        let field: UInt8
        let readingOnly: Bool
    }

    init(context: ScoringContext) {
        self.context = context
        docCount = context.segment.docCount
    }

    deinit {
        for entry in known.values { entry.freqs.deallocate() }
    }

    func read(_ word: ResolvedWord) throws(StoreError) -> Entry {
        let key = Key(term: word.term, field: word.field, readingOnly: word.readingOnly)
        if let entry = known[key] { return entry }
        let freqs = UnsafeMutableBufferPointer<Int32>.allocate(capacity: docCount)
        freqs.initialize(repeating: 0)
        let bits: DocBits
        do {
            // The forms a `WordScorer` walks: the word's variants in this segment.
            bits = try DocBits(
                holdingAnyOf: word.variants.lazy.compactMap { self.context.terms[$0.key] }, in: context.segment,
                freqs: freqs)
        } catch {
            freqs.deallocate()
            throw error
        }
        let entry = Entry(bits: bits, freqs: freqs)
        known[key] = entry
        return entry
    }
}
