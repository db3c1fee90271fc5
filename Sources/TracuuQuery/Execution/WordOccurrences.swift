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
        /// Occurrences per document, every form together (0: not there;
        /// 255: 255 or more).
        let freqs: UnsafeMutableBufferPointer<UInt8>
        /// The largest of `freqs`, read where `bits` has documents: the
        /// whole buffer is a byte per document of the segment, and
        /// `ScoreCeiling` scanning it for each word and field was a tenth
        /// of a rare word's search at 4× (350,000 documents).
        let most: UInt8

        init(bits: DocBits, freqs: UnsafeMutableBufferPointer<UInt8>) {
            self.bits = bits
            self.freqs = freqs
            var most: UInt8 = 0
            let base = freqs.baseAddress!
            for (index, word) in bits.words.enumerated() where word != 0 {
                let start = index << 6
                for doc in start..<min(start + 64, freqs.count) { most = max(most, base[doc]) }
            }
            self.most = most
        }
    }

    /// Words resolve to the same forms when these agree.
    private struct Key: Hashable {
        let term: String
        let field: UInt8
        let looseForms: LooseForms
    }

    /// Where the count buffers come from and go back to (and the walk's
    /// seed lists, `CountBuffers.seeds`).
    let buffers: CountBuffers

    init(context: ScoringContext, buffers: CountBuffers) {
        self.context = context
        self.buffers = buffers
        docCount = context.segment.docCount
    }

    deinit {
        for entry in known.values { buffers.give(entry.freqs, written: entry.bits) }
    }

    func read(_ word: ResolvedWord) throws(StoreError) -> Entry {
        let key = Key(term: word.term, field: word.field, looseForms: word.looseForms)
        if let entry = known[key] { return entry }
        let freqs = buffers.take(count: docCount)
        var bits: DocBits
        do {
            // The forms a `WordScorer` walks: the word's variants in this
            // segment, the unmarked forms of a marked word only in the
            // articles written without marks.
            var everywhere: [TermInfo] = []
            var restricted: [(TermInfo, UnmarkedTextDocs)] = []
            for variant in word.variants {
                guard let info = context.terms[TermKey(variant.key)] else { continue }
                if let allowed = context.allowedDocs(word, variant) {
                    restricted.append((info, allowed))
                } else {
                    everywhere.append(info)
                }
            }
            bits = try DocBits(holdingAnyOf: everywhere, in: context.segment, freqs: freqs)
            for (info, allowed) in restricted {
                try allowed.insert(try context.segment.postings(info, withPositions: false), into: &bits, freqs: freqs)
            }
        } catch {
            buffers.discard(freqs)
            throw error
        }
        let entry = Entry(bits: bits, freqs: freqs)
        known[key] = entry
        return entry
    }

    /// The documents an alias name stands in, from the segment's names
    /// field (`ScoringContext.namePostings`); each name read once.
    func read(_ name: ScoringContext.NamePostings) throws(StoreError) -> DocBits {
        guard case .postings(let info) = name else { return DocBits(docCount: docCount) }
        if let bits = names[info.ordinal] { return bits }
        let bits = try DocBits(holdingAnyOf: [info], in: context.segment)
        names[info.ordinal] = bits
        return bits
    }

    private var names: [Int: DocBits] = [:]
}
