import Foundation
import Testing
import TracuuTestSupport

/// Kills `tracuu index` (and `tracuu optimize`) with SIGKILL at random
/// moments, again and again, and after every kill expects the index to
/// check clean and to hold exactly the articles of its last commit, none
/// of those committed before lost; then lets a run finish and expects the
/// same answers as a fresh build. Bounded: 36 kills, about a minute.
@Suite(.serialized) struct CrashTests {
    static let articleCount = 1500

    /// A JSONL corpus: every article has the word "tin" and its own number.
    static func corpus(_ folder: TemporaryDirectory) -> String {
        var random = SeededRandom(seed: 42)
        let words = ["hợp tác", "biên giới", "hữu nghị", "đầu tư", "ngoại giao", "hội nhập", "Lào", "Campuchia", "du lịch", "thương mại"]
        var lines: [String] = []
        for index in 0..<articleCount {
            var body: [String] = []
            // Numbers between the words keep two articles from being near
            // copies of each other (ten phrases alone repeat their shingles).
            for _ in 0..<(20 + Int(random.next() % 60)) {
                body.append(words[Int(random.next() % UInt64(words.count))] + " \(random.next() % 100_000)")
            }
            let record: [String: String] = [
                "id": "a\(index)", "title": "Tin số \(index)",
                "body": "Tin tức \(index): " + body.joined(separator: " ") + ".",
                "date": "2024-\(String(format: "%02d", 1 + index % 12))-\(String(format: "%02d", 1 + index % 28))",
            ]
            let data = try! JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        return folder.write("corpus.jsonl", lines.joined(separator: "\n") + "\n")
    }

    static func tracuu(_ arguments: [String], killAfter: Double? = nil) throws -> ProcessResult {
        let binary = try #require(PackagePaths.binary, "build the tracuu binary first (swift build)")
        return try run(binary, arguments, killAfter: killAfter)
    }

    static func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
    }

    /// The ids `search` returns for the word every article has, with
    /// scores (TREC run lines: qid Q0 id rank score tag).
    static func everything(_ index: String, query: String = "tin") throws -> [(id: String, score: Double)] {
        let queries = index + ".queries"
        try "1\t\(query)\n".write(toFile: queries, atomically: true, encoding: .utf8)
        let result = try tracuu(["search", "--queries", queries, "--index", index, "--limit", "10000", "--format", "trec"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map { line in
            let fields = line.split(separator: " ")
            return (String(fields[2]), Double(fields[4]) ?? 0)
        }
    }

    @Test func killsLoseNothingCommitted() throws {
        let folder = TemporaryDirectory("crash")
        let corpus = Self.corpus(folder)
        let index = folder.child("index")
        var random = SeededRandom(seed: 7)
        var committed: Set<String> = []
        var kills = 0
        var round = 0
        while kills < 36 && round < 80 {
            round += 1
            // Every fifth round kills an optimize instead (a big merge and its commit).
            let optimizing = round % 5 == 0 && !committed.isEmpty
            let arguments =
                optimizing
                ? ["optimize", "--index", index]
                : ["index", corpus, "--index", index, "--commit-interval", "0.05", "--format", "json"]
            let delay = Double(random.next() % 700) / 1000
            let result = try Self.tracuu(arguments, killAfter: delay)
            #expect(!result.timedOut, "\(arguments[0]) hung: \(result.stderr)")
            if result.killed { kills += 1 } else { #expect(result.status == 0, "\(arguments[0]): \(result.stderr)") }
            guard FileManager.default.fileExists(atPath: index) else { continue }
            let check = try Self.tracuu(["check", "--index", index, "--format", "json"])
            if check.stderr.contains("no index at") { continue }  // killed before the first commit
            #expect(check.status == 0, "after kill \(kills) (\(arguments[0]) at \(delay) s): \(check.stdout) \(check.stderr)")
            let articles = try Self.json(check)["articles"] as? Int ?? -1
            let found = try Self.everything(index).map(\.id)
            let ids = Set(found)
            #expect(found.count == ids.count, "a search listed an article twice")
            #expect(ids.count == articles, "search finds \(ids.count) articles, the commit holds \(articles)")
            #expect(ids.isSubset(of: Set((0..<Self.articleCount).map { "a\($0)" })))
            #expect(committed.isSubset(of: ids), "\(committed.subtracting(ids).count) committed articles lost")
            committed = ids
        }
        #expect(kills >= 30)

        // Let it finish: everything is there, and answers match a fresh build.
        let last = try Self.tracuu(["index", corpus, "--index", index, "--format", "json"])
        #expect(last.status == 0, "\(last.stderr)")
        let fresh = folder.child("fresh")
        #expect(try Self.tracuu(["index", corpus, "--index", fresh]).status == 0)
        #expect(try Self.tracuu(["check", "--index", index]).status == 0)
        for query in ["tin", "hợp tác biên giới", "\"du lịch\"", "Lào -Campuchia"] {
            let resumed = try Self.everything(index, query: query)
            let rebuilt = try Self.everything(fresh, query: query)
            #expect(resumed.count == rebuilt.count, "\(query)")
            let scores = Dictionary(uniqueKeysWithValues: rebuilt.map { ($0.id, $0.score) })
            for hit in resumed {
                #expect(abs((scores[hit.id] ?? -1) - hit.score) < 1e-6, "\(query): \(hit.id)")
            }
        }
        #expect(Set(try Self.everything(index).map(\.id)).count == Self.articleCount)
    }
}
