import Foundation
import Testing
import TracuuTestSupport

/// Runs the built `tracuu` binary on the bundled corpus and checks the
/// public contract of README/issue: commands, options, exit codes and the
/// JSON fields scripts depend on.
@Suite(.serialized) struct CLIContractTests {
    static let shared: (folder: TemporaryDirectory, index: String) = {
        let folder = TemporaryDirectory("cli")
        let index = folder.child("index")
        let result = try! CLIContractTests.tracuu(["index", PackagePaths.corpus, "--index", index])
        precondition(result.status == 0, "indexing the corpus failed: \(result.stderr)")
        return (folder, index)
    }()

    static func tracuu(
        _ arguments: [String], cwd: String? = nil, environment: [String: String] = [:], input: String? = nil
    ) throws -> ProcessResult {
        let binary = try #require(PackagePaths.binary, "build the tracuu binary first (swift build)")
        return try run(binary, arguments, cwd: cwd, environment: environment, input: input)
    }

    func search(_ arguments: [String]) throws -> [String: Any] {
        let result = try Self.tracuu(["search"] + arguments + ["--index", Self.shared.index, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        return try #require(object as? [String: Any])
    }

    func hits(_ response: [String: Any]) -> [[String: Any]] { response["hits"] as? [[String: Any]] ?? [] }

    @Test func indexSummaryAndStats() throws {
        let folder = TemporaryDirectory("cli-index")
        let index = folder.child("index")
        let first = try Self.tracuu(["index", PackagePaths.corpus, "--index", index, "--format", "json"])
        #expect(first.status == 0)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(summary["added"] as? Int == 7)
        #expect(summary["documents"] as? Int == 7)
        let again = try Self.tracuu(["index", PackagePaths.corpus, "--index", index])
        #expect(again.stdout.contains("0 new, 0 updated, 7 unchanged"))

        let stats = try Self.tracuu(["stats", "--index", index, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(object["documents"] as? Int == 7)
        #expect((object["terms"] as? Int ?? 0) > 500)
        #expect(object["segments"] as? Int == 1)
        #expect((object["bytes"] as? Int ?? 0) > 10_000)
        #expect(object["date_min"] as? String == "2017-06-23")
        #expect(object["date_max"] as? String == "2025-10-22")
        #expect(object["alias_names_segments"] as? Int == 1)
        #expect(object["text_marks_segments"] as? Int == 1)
        let text = try Self.tracuu(["stats", "--index", index])
        #expect(text.stdout.contains("documents:  7"))
        #expect(text.stdout.contains("alias names: listed in 1 of 1 segments"))
        #expect(text.stdout.contains("text marks: flagged in 1 of 1 segments"))
    }

    @Test func unaccentedQueryFindsAccentedText() throws {
        let response = try search(["ngoai vu"])
        #expect((response["total"] as? Int ?? 0) >= 5)
        let full = hits(response).filter { $0["matched_all"] as? Bool == true }
        #expect(full.count >= 5)
        #expect(full.allSatisfy { ($0["snippet"] as? String)?.lowercased().contains("ngoại vụ") == true })
    }

    @Test func placeNameFindsTheLangSonArticle() throws {
        let response = try search(["Quảng Tây"])
        #expect(response["total"] as? Int == 1)
        let first = try #require(hits(response).first)
        #expect((first["source"] as? String)?.hasSuffix("002_3e8cb87404753675.txt") == true)
        #expect(first["date"] as? String == "2017-06-23")
        #expect((first["snippet"] as? String)?.contains("Quảng Tây") == true)
        #expect(first["matched_all"] as? Bool == true)
    }

    @Test func dateFilterKeepsOnlyLaterArticles() throws {
        let response = try search(["hội nhập", "--from", "2019"])
        let all = hits(response)
        #expect(!all.isEmpty)
        for hit in all {
            let date = try #require(hit["date"] as? String, "an undated article passed a date filter")
            #expect(date >= "2019-01-01")
        }
        #expect(all.contains { ($0["source"] as? String)?.hasSuffix("003_a591cd86d74317c7.txt") == true })
        let bounded = try search(["hội nhập", "--from", "2017", "--to", "2017"])
        #expect(hits(bounded).allSatisfy { ($0["date"] as? String)?.hasPrefix("2017") == true })
        #expect(hits(bounded).count == 1)
    }

    @Test func phraseQueryInJSON() throws {
        let response = try search(["\"Sở Ngoại vụ\""])
        #expect(response["query"] as? String == "\"Sở Ngoại vụ\"")
        #expect((response["total"] as? Int ?? 0) >= 4)
        #expect(response["took_ms"] is Double || response["took_ms"] is Int)
        for hit in hits(response) {
            for field in ["id", "source", "title", "date", "score", "snippet"] {
                #expect(hit.keys.contains(field), "hit lacks \(field)")
            }
            #expect((hit["snippet"] as? String)?.lowercased().contains("sở ngoại vụ") == true)
            #expect(hit["score"] is Double)
        }
    }

    @Test func pagingAndSorting() throws {
        let everything = try search(["ngoại vụ", "--limit", "20"])
        let firstPage = try search(["ngoại vụ", "--limit", "2"])
        let secondPage = try search(["ngoại vụ", "--limit", "2", "--offset", "2"])
        let ids = hits(everything).compactMap { $0["id"] as? String }
        #expect(hits(firstPage).compactMap { $0["id"] as? String } == Array(ids.prefix(2)))
        #expect(hits(secondPage).compactMap { $0["id"] as? String } == Array(ids.dropFirst(2).prefix(2)))
        let byDate = try search(["ngoại vụ", "--sort", "date", "--limit", "20"])
        let dates = hits(byDate).filter { $0["matched_all"] as? Bool == true }.map { $0["date"] as? String ?? "0000" }
        #expect(dates == dates.sorted(by: >))
    }

    /// Every format carries the same hits with the same fields.
    @Test func formatsAgree() throws {
        let index = Self.shared.index
        let json = hits(try search(["ngoại vụ", "--limit", "3"]))
        let jsonl = try Self.tracuu(["search", "ngoại vụ", "--limit", "3", "--index", index, "--format", "jsonl"])
        #expect(jsonl.status == 0)
        let lines = jsonl.stdout.split(separator: "\n").map {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(lines.count == json.count)
        #expect(lines.map { $0?["id"] as? String } == json.map { $0["id"] as? String })
        #expect(lines.map { $0?["rank"] as? Int } == [1, 2, 3])
        let csv = try Self.tracuu(["search", "ngoại vụ", "--limit", "3", "--index", index, "--format", "csv"])
        let rows = csv.stdout.split(separator: "\r\n")
        #expect(rows.first == "rank,id,source,title,date,score,matched_all,date_source,date_confidence,snippet,also_published_at")
        #expect(rows.count == json.count + 1)
        #expect(rows.dropFirst().map { String($0.split(separator: ",")[1]) } == json.map { $0["id"] as? String ?? "" })
        // A batch in CSV starts each row with the query's id.
        let queries = Self.shared.folder.write("queries.tsv", "q1\tngoại vụ\nq2\thội nhập\n")
        let batch = try Self.tracuu(["search", "--queries", queries, "--limit", "2", "--index", index, "--format", "csv"])
        #expect(batch.stdout.hasPrefix("qid,rank,id,"))
        #expect(batch.stdout.contains("\r\nq1,1,") && batch.stdout.contains("\r\nq2,1,"))
        // `--queries -` reads the same queries from a pipe.
        let piped = try Self.tracuu(
            ["search", "--queries", "-", "--limit", "2", "--index", index, "--format", "csv"],
            input: "q1\tngoại vụ\nq2\thội nhập\n")
        #expect(piped.status == 0 && piped.stdout == batch.stdout)
        // `--preload` maps the index whole first and changes no answer; it
        // is for batches only.
        let preloaded = try Self.tracuu(
            ["search", "--queries", queries, "--limit", "2", "--index", index, "--format", "csv", "--preload"])
        #expect(preloaded.status == 0 && preloaded.stdout == batch.stdout)
        let lone = try Self.tracuu(["search", "ngoại vụ", "--preload", "--index", index])
        #expect(lone.status != 0 && lone.stderr.contains("--preload goes with --queries"))
        // A query that does not parse is named on stderr and answered with
        // no hits; the queries after it still run, and the status says so.
        let flawed = try Self.tracuu(
            ["search", "--queries", "-", "--limit", "2", "--index", index, "--format", "jsonl"],
            input: "q1\tngoại vụ\nq2\t(hội nhập\nq3\thội nhập\n")
        #expect(flawed.status == 2)
        #expect(flawed.stderr.contains("query q2") && flawed.stderr.contains("column 1"))
        let answers = flawed.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(answers.map { $0["qid"] as? String } == ["q1", "q2", "q3"])
        #expect(answers.map { ($0["hits"] as? [Any])?.count } == [2, 0, 2])
        let missing = try Self.tracuu(["search", "--queries", index + "/no-such-file", "--index", index, "--format", "csv"])
        #expect(missing.status != 0 && missing.stderr.contains("no-such-file") && missing.stderr.contains("no such file"))
        // A single query cannot be written as a TREC run; a batch not as one JSON page.
        #expect(try Self.tracuu(["search", "ngoại vụ", "--index", index, "--format", "trec"]).status != 0)
        #expect(try Self.tracuu(["search", "--queries", queries, "--index", index, "--format", "json"]).status != 0)
    }

    /// `--profile`: every phase of every search, in the order they run, in
    /// microseconds, and together no longer than the search itself.
    @Test func profileShowsWhereTheTimeWent() throws {
        let index = Self.shared.index
        let phases = ["parse_us", "resolve_us", "plan_us", "count_us", "walk_us", "fill_us", "hits_us"]
        let queries = Self.shared.folder.write("profiled.tsv", "q1\tngoại vụ\nq2\t\"hội nhập\" OR Lào\n")
        let batch = try Self.tracuu(["search", "--queries", queries, "--index", index, "--format", "jsonl", "--profile"])
        #expect(batch.status == 0, "\(batch.stderr)")
        let lines = try batch.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(lines.count == 2)
        for line in lines {
            let profile = try #require(line["profile"] as? [String: Any], "\(line)")
            let values = phases.map { profile[$0] as? Double ?? -1 }
            #expect(values.allSatisfy { $0 >= 0 }, "\(profile)")
            // Rounded to a tenth of a microsecond each; took_us is truncated.
            #expect(values.reduce(0, +) <= Double(line["took_us"] as? Int ?? 0) + 1, "\(line)")
            #expect((profile["scored"] as? Int ?? -1) >= 0 && (profile["skipped"] as? Int ?? -1) >= 0)
        }
        // Every hit shown had its score computed.
        let first = try #require(lines.first)
        let shown = (first["hits"] as? [Any])?.count ?? 0
        #expect(shown > 0 && (first["profile"] as? [String: Any])?["scored"] as? Int ?? 0 >= shown)
        let plain = try Self.tracuu(["search", "--queries", queries, "--index", index, "--format", "jsonl"])
        #expect(!plain.stdout.contains("\"profile\""))
        let single = try search(["ngoại vụ", "--profile"])
        #expect(Set((single["profile"] as? [String: Any] ?? [:]).keys).isSuperset(of: phases))
        let text = try Self.tracuu(["search", "ngoại vụ", "--profile", "--index", index])
        #expect(text.stdout.contains("profile (ms): parse "))
        // Formats with no place for it refuse it, saying so.
        let csv = try Self.tracuu(["search", "ngoại vụ", "--profile", "--index", index, "--format", "csv"])
        #expect(csv.status != 0 && csv.stderr.contains("--profile goes with"))
    }

    @Test func histogramAndDatesInTheQuery() throws {
        let response = try search(["ngoại vụ date:2017..2019", "--histogram", "year"])
        #expect(response["from"] as? String == "2017-01-01")
        #expect(response["to"] as? String == "2019-12-31")
        let histogram = try #require(response["histogram"] as? [String: Any])
        #expect(histogram["period"] as? String == "year")
        let buckets = try #require(histogram["buckets"] as? [[String: Any]])
        #expect(buckets.map { $0["period"] as? String ?? "" } == ["2017", "2019"])
        #expect(buckets.map { $0["count"] as? Int ?? 0 }.reduce(0, +) == response["total"] as? Int)
        let text = try Self.tracuu(["search", "ngoại vụ", "--histogram", "year", "--index", Self.shared.index])
        #expect(text.stdout.contains("2017    █"))
        let bad = try Self.tracuu(["search", "ngoại vụ date:2017-13", "--index", Self.shared.index])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("column 15"))
    }

    @Test func textOutputIsReadable() throws {
        let result = try Self.tracuu(["search", "Quảng Tây", "--index", Self.shared.index])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("1 article matches Quảng Tây"))
        #expect(result.stdout.contains("Đoàn công tác Lãnh đạo UBND tỉnh làm việc tại Sở Ngoại vụ"))
        #expect(!result.stdout.contains("\u{1B}["))  // no colour when not a terminal
        let explained = try Self.tracuu(["search", "hoi nhap", "--index", Self.shared.index, "--explain", "--limit", "1"])
        #expect(explained.stdout.contains("TF-IDF score"))
        #expect(explained.stdout.contains("idf"))
    }

    /// An input that cannot be read is named on stderr, the others are
    /// indexed and committed, and the status is 1 so a script can tell.
    @Test func indexExitsOneWhenAnInputIsSkipped() throws {
        let folder = TemporaryDirectory("cli-index-skipped")
        let bad = folder.write("bad.txt", bytes: [0, 1, 2, 3, 0, 0])
        let index = folder.child("index")
        let mixed = try Self.tracuu(["index", bad, PackagePaths.corpus + "/vnexpress_4672302.html", "--index", index])
        #expect(mixed.status == 1)
        #expect(mixed.stderr.contains("skipped \(bad): binary"))
        #expect(mixed.stdout.contains("1 new") && mixed.stdout.contains("skipped 1 (1 binary)"))
        #expect(try Self.tracuu(["stats", "--index", index]).stdout.contains("documents:  1 "))
        let none = try Self.tracuu(["index", folder.child("missing.html"), "--index", index, "--format", "json"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("missing.html"))
        let clean = try Self.tracuu(["index", PackagePaths.corpus + "/vnexpress_4672302.html", "--index", index])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains("1 unchanged"))
    }

    @Test func extractPrintsOneObjectPerLine() throws {
        let result = try Self.tracuu(["extract", PackagePaths.corpus, "--format", "json"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 7)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for field in ["source", "title", "date", "body"] { #expect(object.keys.contains(field)) }
        }
        let folder = TemporaryDirectory("cli-extract")
        let bad = folder.write("bad.txt", bytes: [0, 1, 2, 3, 0, 0])
        let failure = try Self.tracuu(["extract", bad, "--format", "json"])
        #expect(failure.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(failure.stdout.utf8)) as? [String: Any])
        #expect(object["source"] as? String == bad)
        #expect((object["error"] as? String)?.contains("binary") == true)
        #expect(failure.stderr.contains("extracted 0 of 1 inputs; skipped 1 (1 binary)"))
        // The run goes on past a bad input, unless --strict.
        let onward = try Self.tracuu(["extract", bad, PackagePaths.corpus + "/vnexpress_4672302.html", "--format", "json"])
        #expect(onward.stdout.split(separator: "\n").count == 2)
        let strict = try Self.tracuu(["extract", "--strict", bad, PackagePaths.corpus + "/vnexpress_4672302.html", "--format", "json"])
        #expect(strict.status != 0)
        #expect(strict.stdout.split(separator: "\n").count == 1)
    }

    /// The batch interface extraction benchmarks drive: a manifest on stdin,
    /// one line out per page in order, failures as {id, error}.
    @Test func extractJSONLBatch() throws {
        let folder = TemporaryDirectory("cli-extract-jsonl")
        let bad = folder.write("photo.html", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        let page = PackagePaths.corpus + "/vnexpress_4672302.html"
        let manifest = [
            #"{"id": "a", "path": "\#(page)", "url": "https://vnexpress.net/tin-4672302.html"}"#,
            #"{"id": "b", "path": "\#(bad)", "url": null}"#,
            #"{"id": "c", "path": "\#(folder.child("missing.html"))"}"#,
            "not json",
        ].joined(separator: "\n")
        let result = try Self.tracuu(["extract", "--jsonl"], input: manifest + "\n")
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
        }
        try #require(lines.count == 4)
        #expect(lines.map { $0["id"] as? String } == ["a", "b", "c", nil])
        #expect(lines[0]["source"] as? String == "https://vnexpress.net/tin-4672302.html")
        #expect((lines[0]["title"] as? String)?.isEmpty == false)
        #expect((lines[0]["date"] as? String)?.count == 10)
        #expect(lines[0]["date_source"] as? String == "meta" || lines[0]["date_source"] as? String == "json-ld")
        #expect((lines[0]["body"] as? String ?? "").count > 500)
        #expect((lines[1]["error"] as? String)?.contains("PNG") == true)
        #expect((lines[2]["error"] as? String)?.contains("no such file") == true)
        #expect(lines[3]["error"] != nil)
        #expect(result.stderr.contains("3 of 4 pages failed"))
    }

    @Test func showPrintsAnArticleFromTheIndex() throws {
        let response = try search(["Quảng Tây"])
        let id = try #require(hits(response).first?["id"] as? String)
        let result = try Self.tracuu(["show", id, "--index", Self.shared.index, "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["body"] as? String)?.contains("Quảng Tây") == true)
        let missing = try Self.tracuu(["show", "no-such-id", "--index", Self.shared.index])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no article with id no-such-id"))
    }

    @Test func errorsAreClearAndNonZero() throws {
        let folder = TemporaryDirectory("cli-errors")
        let missing = try Self.tracuu(["search", "hội nhập", "--index", folder.child("nothing")])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("tracuu index"))

        let syntax = try Self.tracuu(["search", "\"hội nhập", "--index", Self.shared.index])
        #expect(syntax.status == 2)
        #expect(syntax.stderr.contains("column 1"))

        let date = try Self.tracuu(["search", "hội", "--from", "22/01/2019", "--index", Self.shared.index])
        #expect(date.status != 0)
        #expect(date.stderr.contains("YYYY"))

        let budget = try Self.tracuu(["index", "--memory", "lots", "--index", folder.child("i")])
        #expect(budget.status != 0)
    }

    @Test func searchBuildsTheDefaultIndexOnFirstUse() throws {
        let folder = TemporaryDirectory("cli-default")
        try FileManager.default.copyItem(atPath: PackagePaths.corpus, toPath: folder.child("corpus"))
        let result = try Self.tracuu(["search", "Quảng Tây"], cwd: folder.path, environment: ["TRACUU_INDEX": ""])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("building it from"))
        #expect(result.stdout.contains("Quảng Tây"))
        #expect(FileManager.default.fileExists(atPath: folder.child("index")))
    }

    /// `search` is parsed on its own (`Tracuu.main`); what only the root
    /// parse reads its way goes through it, so it reads as before.
    @Test func searchParsedAloneReadsAsFromTheRoot() throws {
        let help = try Self.tracuu(["search", "--help"])
        #expect(help.stdout.contains("USAGE: tracuu search"))
        let badOption = try Self.tracuu(["search", "x", "--sort", "nope", "--index", Self.shared.index])
        #expect(badOption.status == 64)
        #expect(badOption.stderr.contains("Usage: tracuu search"))
        // "help" is a word to search for, not the help command.
        let word = try Self.tracuu(["search", "help", "--index", Self.shared.index, "--format", "json"])
        #expect(word.status == 0, "\(word.stderr)")
        #expect(word.stdout.hasPrefix("{\"query\":\"help\""))
        let missing = try Self.tracuu(["search", "x", "--index", "/nonexistent/index"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/index"))
    }

    /// A query may start with an exclusion: "-Mỹ quan hệ" is the query, not
    /// short options, and searches as "quan hệ -Mỹ" does; "-hợp tác" is
    /// not "-h" (help).
    @Test func aQueryMayStartWithAnExclusion() throws {
        let leading = try search(["-Mỹ quan hệ"])
        let trailing = try search(["quan hệ -Mỹ"])
        #expect((leading["total"] as? Int ?? 0) > 0)
        #expect(leading["total"] as? Int == trailing["total"] as? Int)
        #expect(hits(leading).map { $0["id"] as? String } == hits(trailing).map { $0["id"] as? String })
        #expect(try search(["-hợp tác"])["query"] as? String == "-hợp tác")
        // Options after the query still count.
        #expect(hits(try search(["-Mỹ quan hệ", "--limit", "1"])).count == 1)
    }

    @Test func helpListsTheCommands() throws {
        let result = try Self.tracuu(["--help"])
        for command in ["index", "search", "extract", "stats", "show", "check", "optimize", "reindex"] {
            #expect(result.stdout.contains(command))
        }
    }

    /// A damaged index: check names the file and exits 1, and so does a
    /// search; an undamaged copy checks clean.
    @Test(arguments: [".tdict", ".tcol", ".tpost", ".tstore"])
    func damageIsNamedByCheckAndSearch(kind: String) throws {
        let folder = TemporaryDirectory("cli-damage")
        let index = folder.child("index")
        try FileManager.default.copyItem(atPath: Self.shared.index, toPath: index)
        let clean = try Self.tracuu(["check", "--index", index, "--format", "json"])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains("\"ok\":true"))
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: index).first { $0.hasSuffix(kind) })
        var bytes = PackagePaths.read(index + "/" + name)
        bytes[bytes.count / 2] ^= 0x20
        _ = FileManager.default.createFile(atPath: index + "/" + name, contents: Data(bytes))
        let check = try Self.tracuu(["check", "--index", index])
        #expect(check.status == 1)
        #expect(check.stderr.contains(name) && check.stderr.contains("corrupt"), "\(check.stderr)")
        // Searching for every article's words reads every postings list and
        // stored block it needs; it must fail with the same kind of message
        // or (bytes it never reads) succeed, but never crash.
        let search = try Self.tracuu(["search", "ngoại vụ OR hội nhập OR tỉnh OR và", "--index", index, "--limit", "50"])
        #expect(search.status == 0 || search.status == 1)
        if search.status == 1 { #expect(search.stderr.contains(name), "\(search.stderr)") }
        if kind == ".tdict" || kind == ".tcol" { #expect(search.status == 1) }
    }
}

@Suite struct AnalyzeCommandTests {
    @Test func showsEveryTiersForm() throws {
        let result = try CLIContractTests.tracuu(["analyze", "Hoà bình Ðông Á", "--format", "json"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let tokens = try #require(object["tokens"] as? [[String: Any]])
        #expect(tokens.map { $0["term"] as? String } == ["hoà", "bình", "đông", "á"])
        #expect(tokens[0]["spelling"] as? String == "hòa")
        #expect(tokens[2]["fold"] as? String == "dong")
        #expect(tokens[2]["unaccented"] as? String == "đong")
        let text = try CLIContractTests.tracuu(["analyze", "Hoa Kỳ"])
        #expect(text.stdout.contains("mỹ"))
    }
}
