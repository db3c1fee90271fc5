import TracuuQuery
import TracuuStore

/// Which republication group each new article joins, while an index is
/// written: the articles already in the index and those added so far.
///
/// A group is named by its founder's exact fingerprint. An article whose
/// body is an exact copy of a known one, or whose MinHash sketch agrees
/// with one's on at least `TextFingerprint.agreeingBands` bands (found
/// through one table per band), joins that article's group; otherwise it
/// founds its own. The `DUPG` column records the group of the articles
/// that joined one (a founder stores 0: when it was written it had no
/// copies, and a segment is never rewritten), and the searcher puts groups
/// back together from `DUPG` and `EXAC` (see `Republications`).
///
/// Memory: about 150 bytes per article of the index (VNTC's 84,132: 13 MB;
/// a million: 150 MB), held while `tracuu index` runs.
/// Not thread-safe: the indexing run calls it under its lock.
public final class RepublicationRegistry {
    private var groupOfExact: [UInt64: UInt64] = [:]
    private var groups: [UInt64] = []
    /// Per band, the newest entry with each band key; `older` chains each
    /// entry to the previous one with the same key in that band (entry ×
    /// band count + band). One table slot and one Int32 per band and
    /// article, no array per key: a quarter of the memory, and no
    /// allocation per article.
    private let newest: [KeyTable]
    private var older: [Int32] = []

    /// A registry sized for `capacity` articles (it grows past them).
    public init(capacity: Int = 1 << 10) {
        newest = (0..<TextFingerprint.bandCount).map { _ in KeyTable(capacity: capacity) }
        groupOfExact.reserveCapacity(capacity)
        groups.reserveCapacity(capacity)
        older.reserveCapacity(capacity * TextFingerprint.bandCount)
    }

    /// A registry holding every live article of `reader`, as if each had
    /// been remembered in index order.
    ///
    /// Loaded a band at a time: remembering an article at a time updated
    /// the eight band tables in turn, 8 MB of tables for the benchmark
    /// corpus, each update a cache miss; one table at a time stays in the
    /// cache. Loading this was half of adding 100 articles to the full
    /// index (the rest: analyzing them, a flush and a commit).
    convenience init(reader: IndexReader) {
        // Sized at once: growing the tables from small, rehashing as they
        // doubled, was most of the start of a run that adds a few articles.
        self.init(capacity: reader.liveDocCount + 1024)
        let bandCount = TextFingerprint.bandCount
        for segment in reader.segments {
            let columns = segment.columns
            guard let exact = columns.column(ArticleSchema.Column.exactPrint).map(columns.view),
                let group = columns.column(ArticleSchema.Column.republicationGroup).map(columns.view)
            else { continue }
            let bandColumns = ArticleSchema.Column.bands.compactMap { columns.column($0).map(columns.view) }
            guard bandColumns.count == ArticleSchema.Column.bands.count else { continue }
            // The articles in order: their exact prints, and an entry for
            // each with a sketch.
            let firstEntry = groups.count
            var sketched: [Int32] = []
            for doc in 0..<segment.docCount where !segment.isDeleted(doc) {
                let print = UInt64(bitPattern: exact[doc])
                guard print != 0 else { continue }
                let joined = UInt64(bitPattern: group[doc])
                let founder = joined != 0 ? joined : print
                rememberExact(print, group: founder)
                guard bandColumns.contains(where: { $0[doc] != 0 }) else { continue }
                groups.append(founder)
                sketched.append(Int32(doc))
            }
            // Then their band keys, one band's table at a time, each in
            // entry order (so every chain is what `remember` makes).
            older.append(contentsOf: repeatElement(-1, count: sketched.count * bandCount))
            for band in 0..<bandCount {
                let column = bandColumns[band / 2]
                let table = newest[band]
                for (offset, doc) in sketched.enumerated() {
                    let key = TextFingerprint.bandKey(band, in: UInt64(bitPattern: column[Int(doc)]))
                    let entry = firstEntry + offset
                    older[entry * bandCount + band] = table.updateValue(Int32(entry), forKey: key) ?? -1
                }
            }
        }
    }

    /// The `DUPG` value for a new article: the group it joins, or 0 when it
    /// founds one (or is too short to compare).
    public func assign(_ print: TextFingerprint) -> UInt64 {
        guard print.exact != 0 else { return 0 }
        if let group = groupOfExact[print.exact] ?? nearGroup(print) {
            remember(print, group: group)
            return group
        }
        remember(print, group: print.exact)
        return 0
    }

    /// The group of the known article whose sketch agrees most with
    /// `print`'s, if enough bands agree (ties: the first indexed).
    private func nearGroup(_ print: TextFingerprint) -> UInt64? {
        guard print.hasSketch else { return nil }
        // Almost always no band matches, or one article's bands do: a short
        // list beats a dictionary allocated per article (a large cluster of
        // near copies switches to one).
        var candidates: [(entry: Int32, bands: Int)] = []
        var many: [Int32: Int]?
        for band in 0..<TextFingerprint.bandCount {
            var entry = newest[band][print.bandKey(band)] ?? -1
            while entry >= 0 {
                if many != nil {
                    many![entry, default: 0] += 1
                } else if let known = candidates.firstIndex(where: { $0.entry == entry }) {
                    candidates[known].bands += 1
                } else {
                    candidates.append((entry, 1))
                    if candidates.count > 32 {
                        many = Dictionary(uniqueKeysWithValues: candidates.map { ($0.entry, $0.bands) })
                    }
                }
                entry = older[Int(entry) * TextFingerprint.bandCount + band]
            }
        }
        if let many { candidates = many.map { ($0.key, $0.value) } }
        let best = candidates.filter { $0.bands >= TextFingerprint.agreeingBands }
            .min { $0.bands != $1.bands ? $0.bands > $1.bands : $0.entry < $1.entry }
        return best.map { groups[Int($0.entry)] }
    }

    /// The group an exact print stands for: the first one given (the
    /// earliest article with that text).
    private func rememberExact(_ print: UInt64, group: UInt64) {
        if groupOfExact[print] == nil { groupOfExact[print] = group }
    }

    private func remember(_ print: TextFingerprint, group: UInt64) {
        rememberExact(print.exact, group: group)
        guard print.hasSketch else { return }
        let index = Int32(groups.count)
        groups.append(group)
        for band in 0..<TextFingerprint.bandCount {
            older.append(newest[band].updateValue(index, forKey: print.bandKey(band)) ?? -1)
        }
    }
}
