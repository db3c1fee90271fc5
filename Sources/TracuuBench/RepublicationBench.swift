import Foundation
import TracuuAnalysis
import TracuuCore
import TracuuEngine
import TracuuIngest

/// `tracuu-bench republications CORPUS.jsonl[.gz] [--pairs N]`: how the
/// republication detector groups a corpus, article by article in file
/// order as `tracuu index` sees them.
///
/// Prints how many articles joined a group as exact copies and as near
/// copies, how many of the corpus's own `duplicate_of` marks (VNTC's exact
/// duplicates) it found, the true Jaccard similarity of the three-syllable
/// shingle sets of every near pair (its distribution: what the sketch's
/// threshold means in practice), the time per article, and `--pairs`
/// near pairs spread over the similarity range, with their titles.
enum RepublicationBench {
    struct Entry {
        var id: String
        var title: String
        var body: String
        var duplicateOf: String?
    }

    static func run(_ path: String, pairs: Int) throws {
        guard let reader = try? CompressedLineReader(path: path) else { fail("cannot open \(path)") }
        var entries: [Entry] = []
        var line = 0
        while let bytes = try reader.nextLine() {
            line += 1
            guard let article = try? Ingester().article(from: .record(line: Array(bytes), file: path, lineNumber: line)),
                let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
            else { continue }
            entries.append(
                Entry(
                    id: article.id, title: article.title ?? "", body: article.body,
                    duplicateOf: object["duplicate_of"] as? String))
        }
        let registry = RepublicationRegistry()
        let analyzer = Analyzer()
        var founderOfGroup: [UInt64: Int] = [:]
        var groupOf: [Int: UInt64] = [:]
        var exactJoins = 0
        var nearPairs: [(copy: Int, founder: Int)] = []
        var seenExact: Set<UInt64> = []
        var comparable = 0
        let started = Date()
        for (index, entry) in entries.enumerated() {
            let print = TextFingerprint(body: entry.body, analyzer: analyzer)
            if print.exact != 0 { comparable += 1 }
            let joined = registry.assign(print)
            if joined == 0 {
                if print.exact != 0 {
                    founderOfGroup[print.exact] = index
                    groupOf[index] = print.exact
                }
            } else {
                groupOf[index] = joined
                if seenExact.contains(print.exact) { exactJoins += 1 } else { nearPairs.append((index, founderOfGroup[joined]!)) }
            }
            seenExact.insert(print.exact)
        }
        let seconds = Date().timeIntervalSince(started)
        let indexOfID = Dictionary(entries.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let marked = entries.enumerated().filter { $0.element.duplicateOf != nil }
        let found = marked.filter { item in
            guard let original = item.element.duplicateOf.flatMap({ indexOfID[$0] }), let group = groupOf[item.offset] else {
                return false
            }
            return groupOf[original] == group
        }
        func shingles(_ body: String) -> Set<UInt64> {
            let words = analyzer.wordHashes(body)
            guard words.count >= 3 else { return [] }
            return Set((0..<(words.count - 2)).map { TextFingerprint.shingle(words, at: $0) })
        }
        let similarities = nearPairs.map { pair -> Double in
            let a = shingles(entries[pair.copy].body)
            let b = shingles(entries[pair.founder].body)
            return Double(a.intersection(b).count) / Double(max(1, a.union(b).count))
        }
        let sorted = similarities.sorted()
        func quantile(_ q: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
        let groups = Set(groupOf.filter { $0.value != 0 }.map(\.value))
        let grouped = Dictionary(grouping: groupOf.keys, by: { groupOf[$0]! }).filter { $0.value.count > 1 }
        print("articles: \(entries.count) (\(comparable) long enough to compare); \(groups.count) groups, \(grouped.count) with copies")
        print("joined a group: \(exactJoins) as exact copies, \(nearPairs.count) as near copies")
        print("corpus's duplicate_of marks: \(found.count) of \(marked.count) grouped with their original")
        print(
            "near pairs, Jaccard of 3-syllable shingles: min \(format(quantile(0))), p10 \(format(quantile(0.1))), "
                + "median \(format(quantile(0.5))), p90 \(format(quantile(0.9))); "
                + "\(sorted.filter { $0 >= 0.5 }.count) of \(sorted.count) at 0.5 or more")
        print("fingerprint + grouping: \(format(seconds * 1e6 / Double(max(1, entries.count)))) µs per article (1 thread)")
        // Pairs spread over the similarity range, lowest first.
        let order = nearPairs.indices.sorted { similarities[$0] < similarities[$1] }
        let step = max(1, order.count / max(1, pairs))
        for position in stride(from: 0, to: order.count, by: step).prefix(pairs) {
            let pair = nearPairs[order[position]]
            let a = entries[pair.copy]
            let b = entries[pair.founder]
            print("  \(format(similarities[order[position]]))  \(a.id) “\(a.title.prefix(60))” ~ \(b.id) “\(b.title.prefix(60))”")
        }
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
