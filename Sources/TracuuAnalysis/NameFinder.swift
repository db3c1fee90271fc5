import TracuuCore

/// The names of an alias list that are several words long ("Tổ chức
/// Thương mại Thế giới", "I-rắc"), found in an article's text as it is
/// indexed, so that a search for one of them as an alias reads a list of
/// the articles that hold it instead of checking positions.
///
/// Why: a query for "WTO" also searches its name, a phrase of six common
/// words. Finding the phrase at search time meant checking positions in
/// every article holding its rarer words: three quarters of the query's
/// time, and aliases cost one-word queries a third of their time overall.
///
/// A name is found where the text has, at consecutive positions, each of
/// its words or one of its spellings (`VietnameseSpelling.spellings(of:)`):
/// exactly what a search reads for an alias word (`QueryResolver`'s
/// reading-only words), so the list and the phrase agree.
///
/// The list itself may change between an index and a search (it is
/// compiled into the binary, and a new binary needs no reindex); each
/// indexed article therefore carries a marker term naming the list's
/// `AliasList.fingerprint`, and a search trusts a segment's name lists only
/// when every document of the segment has its list's marker.
///
/// Immutable once made (its tables are plain memory, hence unchecked
/// `Sendable`); each indexing thread's analyzer brings its own `Scratch`.
package final class NameFinder: @unchecked Sendable {
    /// Each name's term in the names field: its words, space-separated.
    package let keys: [[UInt8]]
    /// The term every article indexed with this list carries.
    package let marker: [UInt8]
    /// A spelling's `StableHash` → its bytes and its number.
    private let spellingNumbers: [UInt64: (bytes: [UInt8], number: Int32)]
    fileprivate let wordCount: Int
    fileprivate let maskWords: Int

    /// The finder for the list that ships with tracuu.
    package static let standard = NameFinder(AliasList.standard)

    package init(_ list: AliasList) {
        var wordNumbers: [String: Int32] = [:]
        var names: [[Int32]] = []
        var keys: [[UInt8]] = []
        var seen: Set<[String]> = []
        for group in list.groups {
            for terms in group.terms where terms.count > 1 && seen.insert(terms).inserted {
                names.append(
                    terms.map { word in
                        if let number = wordNumbers[word] { return number }
                        let number = Int32(wordNumbers.count)
                        wordNumbers[word] = number
                        return number
                    })
                keys.append(NameFinder.key(terms))
            }
        }
        var spellings: [UInt64: (bytes: [UInt8], words: [Int32])] = [:]
        for (word, number) in wordNumbers.sorted(by: { $0.value < $1.value }) {
            for spelling in VietnameseSpelling.spellings(of: word) {
                let bytes = Array(spelling.utf8)
                let hash = bytes.withUnsafeBytes { StableHash.hash64($0) }
                spellings[hash, default: (bytes, [])].words.append(number)
            }
        }
        var spellingWords: [[Int32]] = []
        var spellingNumbers: [UInt64: (bytes: [UInt8], number: Int32)] = [:]
        for (hash, entry) in spellings.sorted(by: { $0.key < $1.key }) {
            spellingNumbers[hash] = (entry.bytes, Int32(spellingWords.count))
            spellingWords.append(entry.words)
        }
        self.keys = keys
        self.spellingNumbers = spellingNumbers
        self.wordCount = wordNumbers.count
        let maskWords = (wordNumbers.count + 63) / 64
        self.maskWords = maskWords
        var masks = [UInt64](repeating: 0, count: names.count * maskWords)
        for (index, name) in names.enumerated() {
            for word in name { masks[index * maskWords + Int(word) >> 6] |= 1 << UInt64(word & 63) }
        }
        // Each name's words as a bit mask over word numbers, `maskWords`
        // UInt64s per name, back to back; the name words each spelling
        // number spells (`spelling(hash:bytes:)`).
        tables = Tables(names: names, spellings: spellingWords, masks: masks)
        longestName = names.map(\.count).max() ?? 0
        marker = NameFinder.marker(fingerprint: list.fingerprint)
    }

    /// A name's term in the names field: its words joined by spaces (a
    /// search builds it from the alias phrase's words).
    package static func key(_ words: [String]) -> [UInt8] { Array(words.joined(separator: " ").utf8) }

    /// The marker term of articles indexed with the list of `fingerprint`
    /// (a "#" never begins a name's words), their names counted.
    ///
    /// Segments written before names were counted carry
    /// `#aliases <fingerprint>`, each name with frequency 1: no search
    /// trusts them now, and they are searched by positions, as a segment
    /// indexed with another list is, until they are reindexed.
    package static func marker(fingerprint: UInt64) -> [UInt8] {
        Array("#aliases counted \(String(fingerprint, radix: 16))".utf8)
    }

    /// The spelling number of a term (its bytes and `StableHash`), or -1
    /// when it spells no name word. Asked once per vocabulary entry.
    func spelling(hash: UInt64, bytes: UnsafeRawBufferPointer) -> Int32 {
        guard let entry = spellingNumbers[hash], entry.bytes.elementsEqual(bytes) else { return -1 }
        return entry.number
    }

    /// Per-analyzer working memory for `names(_:slotTerms:…)`,
    /// reused from article to article (an analyzer serves one thread).
    final class Scratch {
        /// The field's terms that spell a name word: slot and spelling number.
        private(set) var watched: UnsafeMutableBufferPointer<(slot: Int32, spelling: Int32)>
        private(set) var watchedCount = 0
        /// Which name words the field holds, a bit each.
        fileprivate let present: UnsafeMutableBufferPointer<UInt64>
        /// Each word's slot in the field: -1 none, -2 several (merged on demand).
        fileprivate let wordSlot: UnsafeMutableBufferPointer<Int32>
        /// The positions of the name being checked, a list per word.
        fileprivate let lists: UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt32>>

        init(_ finder: NameFinder) {
            watched = .allocate(capacity: 64)
            present = .allocate(capacity: finder.maskWords)
            wordSlot = .allocate(capacity: finder.wordCount)
            wordSlot.initialize(repeating: -1)
            lists = .allocate(capacity: finder.longestName)
        }

        deinit {
            watched.deallocate()
            present.deallocate()
            wordSlot.deallocate()
            lists.deallocate()
        }

        fileprivate func removeAll() { watchedCount = 0 }

        fileprivate func append(slot: Int32, spelling: Int32) {
            if watchedCount == watched.count {
                let grown = UnsafeMutableBufferPointer<(slot: Int32, spelling: Int32)>.allocate(capacity: watched.count * 2)
                _ = grown.initialize(from: watched)
                watched.deallocate()
                watched = grown
            }
            watched[watchedCount] = (slot, spelling)
            watchedCount += 1
        }
    }

    /// The names found in a field whose slots hold the terms `slotTerms`,
    /// `spellings` giving each term's spelling number (by term id, -1 for a
    /// term that spells no name word); slot s has
    /// `positions[starts[s]..<starts[s + 1]]`, ascending. Returns the
    /// names' numbers (index into `keys`), ascending, each with how many
    /// times the field holds it (its term frequency in the names field).
    ///
    /// Nearly every article holds some name words ("các", "quốc", "thế"),
    /// so a name's positions are read only when all its words are there
    /// (a mask per name), starting from the word with the fewest. Runs for
    /// every article indexed, so it reads flat tables through pointers:
    /// reading each name's words from an array of arrays retained and
    /// released them, a third of its time. Nothing is allocated unless a
    /// name word is spelled two ways in one article.
    func names(
        _ scratch: Scratch, slotTerms: UnsafeBufferPointer<Int32>, spellings: UnsafeBufferPointer<Int32>,
        positions: UnsafeBufferPointer<UInt32>, starts: UnsafeBufferPointer<Int32>
    ) -> [Found] {
        scratch.removeAll()
        for (slot, term) in slotTerms.enumerated() where spellings[Int(term)] >= 0 {
            scratch.append(slot: Int32(slot), spelling: spellings[Int(term)])
        }
        guard scratch.watchedCount > 0 else { return [] }
        let present = scratch.present
        let wordSlot = scratch.wordSlot
        let lists = scratch.lists
        let watched = UnsafeBufferPointer(rebasing: scratch.watched[..<scratch.watchedCount])
        let tables = self.tables
        for index in 0..<maskWords { present[index] = 0 }
        for (slot, spelling) in watched {
            for word in tables.words(ofSpelling: spelling) {
                present[Int(word) >> 6] |= 1 << UInt64(word & 63)
                wordSlot[Int(word)] = wordSlot[Int(word)] == -1 ? slot : -2
            }
        }
        defer {
            for (_, spelling) in watched {
                for word in tables.words(ofSpelling: spelling) { wordSlot[Int(word)] = -1 }
            }
        }
        func list(_ slot: Int32) -> UnsafeBufferPointer<UInt32> {
            UnsafeBufferPointer(rebasing: positions[Int(starts[Int(slot)])..<Int(starts[Int(slot) + 1])])
        }
        var found: [Found] = []
        let maskWords = self.maskWords
        names: for name in 0..<tables.nameCount {
            let mask = tables.masks + name * maskWords
            for index in 0..<maskWords where present[index] & mask[index] != mask[index] { continue names }
            let words = tables.words(ofName: name)
            var twice = false
            for (index, word) in words.enumerated() {
                let slot = wordSlot[Int(word)]
                if slot < 0 {
                    twice = true
                    break
                }
                lists[index] = list(slot)
            }
            if !twice {
                let count = NameFinder.occurrences(UnsafeBufferPointer(rebasing: lists[..<words.count]))
                if count > 0 { found.append(Found(name: name, count: count)) }
                continue
            }
            // A word spelled two ways here: its runs merged.
            let merged = words.map { word in
                watched.filter { tables.words(ofSpelling: $0.spelling).contains(word) }.flatMap { list($0.slot) }.sorted()
            }
            let buffers = merged.map { $0.withUnsafeBufferPointer { $0 } }
            let count = withExtendedLifetime(merged) { buffers.withUnsafeBufferPointer(NameFinder.occurrences) }
            if count > 0 { found.append(Found(name: name, count: count)) }
        }
        return found
    }

    /// A name found in a field: its number (index into `keys`) and how many
    /// times the field holds it.
    package struct Found: Equatable {
        package var name: Int
        package var count: Int32
    }

    /// How many starts p have list i holding p + i for every i: the starts
    /// the shortest list allows, each checked against the others. Counted,
    /// not just found: the count is the name's frequency, which a search
    /// scores the name by as one term (`QueryResolver`).
    private static func occurrences(_ lists: UnsafeBufferPointer<UnsafeBufferPointer<UInt32>>) -> Int32 {
        var anchor = 0
        for index in lists.indices where lists[index].count < lists[anchor].count { anchor = index }
        var count: Int32 = 0
        starts: for position in lists[anchor] where position >= UInt32(anchor) {
            let start = position - UInt32(anchor)
            for offset in lists.indices where offset != anchor {
                if !NameFinder.contains(lists[offset], start + UInt32(offset)) { continue starts }
            }
            count += 1
        }
        return count
    }

    /// The names' and spellings' words, flat, read through pointers
    /// (`names(_:slotTerms:…)`); allocated once, with the finder.
    private struct Tables {
        let nameCount: Int
        let masks: UnsafeMutablePointer<UInt64>
        let nameWords: UnsafeMutableBufferPointer<Int32>
        /// Name i's words are `nameWords[nameStarts[i]..<nameStarts[i + 1]]`.
        let nameStarts: UnsafeMutableBufferPointer<Int32>
        let spellingWords: UnsafeMutableBufferPointer<Int32>
        let spellingStarts: UnsafeMutableBufferPointer<Int32>

        init(names: [[Int32]], spellings: [[Int32]], masks: [UInt64]) {
            nameCount = names.count
            self.masks = .allocate(capacity: max(masks.count, 1))
            self.masks.initialize(from: masks, count: masks.count)
            (nameWords, nameStarts) = Tables.flat(names)
            (spellingWords, spellingStarts) = Tables.flat(spellings)
        }

        private static func flat(_ lists: [[Int32]]) -> (UnsafeMutableBufferPointer<Int32>, UnsafeMutableBufferPointer<Int32>) {
            let values = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(lists.reduce(0) { $0 + $1.count }, 1))
            let starts = UnsafeMutableBufferPointer<Int32>.allocate(capacity: lists.count + 1)
            var cursor = 0
            for (index, list) in lists.enumerated() {
                starts[index] = Int32(cursor)
                for value in list {
                    values[cursor] = value
                    cursor += 1
                }
            }
            starts[lists.count] = Int32(cursor)
            return (values, starts)
        }

        func words(ofName name: Int) -> UnsafeBufferPointer<Int32> {
            UnsafeBufferPointer(rebasing: nameWords[Int(nameStarts[name])..<Int(nameStarts[name + 1])])
        }

        func words(ofSpelling spelling: Int32) -> UnsafeBufferPointer<Int32> {
            UnsafeBufferPointer(
                rebasing: spellingWords[Int(spellingStarts[Int(spelling)])..<Int(spellingStarts[Int(spelling) + 1])])
        }

        func deallocate() {
            masks.deallocate()
            nameWords.deallocate()
            nameStarts.deallocate()
            spellingWords.deallocate()
            spellingStarts.deallocate()
        }
    }

    private let tables: Tables
    fileprivate let longestName: Int

    deinit { tables.deallocate() }

    /// Binary search in ascending positions.
    private static func contains(_ positions: UnsafeBufferPointer<UInt32>, _ value: UInt32) -> Bool {
        var low = 0
        var high = positions.count
        while low < high {
            let middle = (low + high) / 2
            if positions[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < positions.count && positions[low] == value
    }
}
