import TracuuStore

/// Query words a searcher has resolved, kept for its later searches.
///
/// Why: resolving a word reads its fold group in every segment's term
/// dictionary, each form's entry, and the union of its reading's documents
/// (a toned word's spellings, "hòa" and "hoà", both common in this corpus,
/// are decoded and merged to count them once). For a name with aliases
/// that is every word of every alias: a tenth to a quarter of a query's
/// time. A searcher serves one snapshot of the index, which never changes,
/// so a word resolves the same way every time; a batch of queries or a
/// server's requests share their words (names, "quốc", "ngoại", the alias
/// lists' words) and resolve each once.
///
/// Bounded: past `capacity` words the cache is emptied and starts again (a
/// cheap bound; the words in use come back at once). A word takes a few
/// kilobytes (its forms and their entries in each segment), so a full
/// cache holds a few megabytes per searcher.
final class ResolvedWordCache {
    struct Key: Hashable {
        /// Field byte and term bytes, and a byte 1 for a word read as
        /// written, its reading alone (`QueryResolver.resolve(reading:field:)`).
        let queryKey: TermKey
        let ranking: Ranking
        let titleWeight: Double
    }

    struct Entry {
        let word: ResolvedWord
        /// Per segment, the dictionary entry of each form the word holds
        /// there, for the scorers (`QueryResolver.segmentTerms`); its
        /// title-field twin has an entry of its own.
        let forms: [[(key: [UInt8], info: TermInfo)]]
    }

    static let capacity = 1024
    private var entries: [Key: Entry] = [:]

    subscript(key: Key) -> Entry? { entries[key] }

    func store(_ entry: Entry, for key: Key) {
        if entries.count >= ResolvedWordCache.capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = entry
    }
}
