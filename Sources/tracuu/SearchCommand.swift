import ArgumentParser
import Dispatch
import FoundationEssentials
import TracuuCore
import TracuuEngine
import TracuuIngest
import TracuuQuery
import TracuuStore
#if canImport(Glibc)
import Glibc
#endif

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index.",
        discussion: """
            Words are all required; "quoted words" must stand together; -word excludes; OR \
            (in capitals) and parentheses combine; title:word searches headlines; ngoai* finds \
            every word that starts so; date:2017 or date:2017-06..2019-01 keeps that period. \
            Articles with every word come first; a short page is filled with articles that have \
            most of them.
            """)

    @Argument(help: "The query (or use --queries FILE).")
    var query: String?

    @Option(help: "Run every query of FILE (one a line, or qid<TAB>query; - reads standard input) with the index opened once.")
    var queries: String?

    @OptionGroup var location: IndexOption

    @OptionGroup var page: PageOptions

    @Option(help: "relevance or date (newest first).")
    var sort: SearchRequest.Sort = .relevance

    @Option(help: "tfidf (default) or bm25.")
    var rank: Ranking = .tfidf

    @Flag(help: "Show every factor of each result's score.")
    var explain = false

    @Flag(help: "Do not expand names to their aliases (\"Hoa Kỳ\" also searching \"Mỹ\").")
    var noAliases = false

    @Flag(help: "Score each word on its own, not consecutive words also as a compound word.")
    var noCompound = false

    @Flag(help: "Leave snippets out (faster when only ids and scores are wanted).")
    var noSnippets = false

    @Flag(
        help: ArgumentHelp(
            "With --queries: map the index's dictionaries and postings whole before the first query.",
            discussion: "Costs milliseconds once (about 10 ms for 87 MB) and spares each query the page faults of its first reads: worth it for long batches, or when the index is not in the page cache."))
    var preload = false

    @Flag(
        help: ArgumentHelp(
            "Show where each search's time went, phase by phase, and the documents scored and skipped.",
            discussion: "Phases: parse, resolve, plan, count, walk, fill, hits (see README); with --format json, text, or jsonl with --queries."))
    var profile = false

    @Option(help: "Count the matches per year or month and show the counts.")
    var histogram: SearchRequest.HistogramPeriod?

    @Option(
        help: ArgumentHelp(
            "Output format: text, json, jsonl (one hit a line) or csv; with --queries: trec, jsonl or csv.",
            discussion: "With --queries, jsonl writes one line per query {qid, query, total, took_us, hits}."))
    var format: SearchFormat = .text

    func validate() throws {
        guard (query == nil) != (queries == nil) else { throw ValidationError("give a query or --queries FILE, not both") }
        if queries == nil && format == .trec {
            throw ValidationError("--format trec goes with --queries FILE")
        }
        if queries != nil && (format == .text || format == .json) {
            throw ValidationError("with --queries, use --format trec, jsonl or csv")
        }
        if preload && queries == nil { throw ValidationError("--preload goes with --queries FILE") }
        if profile && (format == .csv || format == .trec || (format == .jsonl && queries == nil)) {
            throw ValidationError("--profile goes with --format json or text, or with --queries and --format jsonl")
        }
    }

    func run() throws {
        let dateRange = try page.dateRange()
        let reader = try SearchCommand.openIndex(explicit: location.index)
        if preload {
            let started = DispatchTime.now()
            let bytes = reader.preload()
            if profile {
                let micros = (DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1000
                Terminal.message("preloaded \(bytes) bytes of dictionaries and postings in \(micros) µs")
            }
        }
        let searcher = Searcher(reader: reader)
        func request(_ text: String) -> SearchRequest {
            var request = SearchRequest(
                query: text, dateRange: dateRange, limit: page.limit, offset: page.offset, sort: sort, ranking: rank,
                explain: explain, expandAliases: !noAliases, compoundWords: !noCompound)
            request.histogram = histogram
            request.snippets = !noSnippets
            return request
        }
        if let queries {
            let failures = try runBatch(file: queries, searcher: searcher, request: request)
            // As for one query below: the kernel drops the index's mappings
            // and the searcher's tables at once.
            fflush(nil)
            Terminal.exitNow(failures > 0 ? 2 : 0)
        }
        let request = request(query ?? "")
        do {
            let response = try searcher.search(request)
            SearchCommand.write(response, request: request, format: format, profile: profile)
            // Done: the kernel frees the mapped index and every structure at
            // once, where tearing them down one by one took milliseconds.
            fflush(nil)
            Terminal.exitNow(0)
        } catch let error as QuerySyntaxError {
            Terminal.message(error.description)
            throw ExitCode(2)
        } catch {
            throw Failure.exit(error)
        }
    }

    /// `--queries FILE`: every query with the index opened once. A query
    /// that does not parse gets a message on stderr and an empty result;
    /// the batch goes on. Returns how many did not parse.
    private func runBatch(file: String, searcher: Searcher, request: (String) -> SearchRequest) throws -> Int {
        // The ingester's reader reads by descriptor, so a pipe works too:
        // `--queries -` (standard input) or `<(grep … )`; no size limit here.
        let data: [UInt8]
        do {
            data = try Ingester(maxBytes: Int.max >> 1).readFile(file == "-" ? "/dev/stdin" : file)
        } catch {
            throw Failure.exit(EngineError(.notFound, "cannot read the queries file \(file): \(error.reason)"))
        }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        var output = format == .csv ? SearchOutput.csvHeader(prefix: ["qid"]) : ""
        var failures = 0
        for (number, line) in lines.enumerated() where !line.allSatisfy(\.isWhitespace) {
            let parts = line.split(separator: "\t", maxSplits: 1)
            let (qid, text) = parts.count == 2 ? (String(parts[0]), String(parts[1])) : (String(number + 1), String(line))
            let started = DispatchTime.now()
            var response: SearchResponse?
            do {
                var plain = request(text)
                plain.snippets = !noSnippets && format != .trec
                response = try searcher.search(plain)
            } catch let error as QuerySyntaxError {
                failures += 1
                Terminal.message("query \(qid): \(error.message) at column \(error.column)")
            }
            let micros = Int((DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1000)
            let hits = response?.hits ?? []
            switch format {
            case .trec:
                for (rank, hit) in hits.enumerated() {
                    output += "\(qid) Q0 \(hit.id) \(page.offset + rank + 1) \(JSON.format(hit.score, decimals: 6)) tracuu\n"
                }
            case .csv:
                for (rank, hit) in hits.enumerated() {
                    output += SearchOutput.csvRow(hit, rank: page.offset + rank + 1, prefix: [qid])
                }
            default:
                var fields: [(String, JSON)] = [
                    ("qid", .string(qid)), ("query", .string(text)), ("total", .int(response?.total ?? 0)),
                    ("took_us", .int(micros)), ("hits", .array(hits.map(SearchOutput.hitJSON))),
                ]
                if profile, let response { fields.append(("profile", SearchOutput.profileJSON(response))) }
                output += JSON.object(fields).serialized() + "\n"
            }
            if output.utf8.count > 1 << 16 {
                Terminal.put(output, to: 1)
                output = ""
            }
        }
        Terminal.put(output, to: 1)
        return failures
    }

    /// Writes one page of results in `format` (trec is a batch format; text stands in).
    static func write(_ response: SearchResponse, request: SearchRequest, format: SearchFormat, profile: Bool = false) {
        switch format {
        case .json: Terminal.write(SearchOutput.json(response, request: request, profile: profile).serialized())
        case .jsonl: Terminal.put(SearchOutput.jsonLines(response, request: request), to: 1)
        case .csv:
            var output = SearchOutput.csvHeader()
            for (index, hit) in response.hits.enumerated() {
                output += SearchOutput.csvRow(hit, rank: request.offset + index + 1)
            }
            Terminal.put(output, to: 1)
        case .text, .trec:
            Terminal.write(SearchOutput.text(response, request: request, color: Terminal.colorStdout, profile: profile))
        }
    }

    /// The index to search, opened once. When none was named and the
    /// default one does not exist yet, it is built from the bundled corpus
    /// first (a first run should just work). The default index holds
    /// nothing but the bundled corpus, so when an upgrade of tracuu cannot
    /// read it (another format or analyzer version) it is rebuilt rather
    /// than refused; a named index is never rebuilt behind its owner's back.
    static func openIndex(explicit: String?) throws -> IndexReader {
        let path = explicit ?? Defaults.indexPath
        do {
            if explicit == nil && !IndexLocation.exists(path) {
                Terminal.message("no index at \(path) yet; building it from \(Defaults.corpusPath) first")
                try buildDefault(path, rebuild: false)
            }
            do {
                return try IndexLocation.openReader(path)
            } catch where explicit == nil && outdated(error) != nil {
                Terminal.message("the index at \(path) \(outdated(error)!); rebuilding it from \(Defaults.corpusPath)")
                try buildDefault(path, rebuild: true)
                return try IndexLocation.openReader(path)
            }
        } catch {
            throw Failure.exit(error)
        }
    }

    private static func buildDefault(_ path: String, rebuild: Bool) throws {
        _ = try IndexCommand.run(
            IndexOptions(indexPath: path, inputs: [Defaults.corpusPath], rebuild: rebuild),
            progress: Terminal.stderrIsTerminal)
    }

    /// Why an index cannot be searched by this version, if that is the trouble.
    private static func outdated(_ error: Error) -> String? {
        if let error = error as? StoreError, error.code == .version { return "was written in another format version" }
        if let error = error as? EngineError, error.code == .analyzerMismatch {
            return "was analyzed by another version's rules"
        }
        return nil
    }

    /// `search`'s arguments with a query that starts with an exclusion
    /// ("-Mỹ Trung Quốc", "-hợp tác") moved behind a "--".
    ///
    /// Why: the argument parser reads a leading dash as short options, so
    /// "-hợp tác" printed the help ("-h") and "-Mỹ …" was an unknown
    /// option. An argument that starts with one dash and holds a space or
    /// a letter outside ASCII is no option's spelling: it is the query.
    /// Arguments already behind a "--" are left as they are.
    static func queryBehindTerminator(_ arguments: [String]) -> [String] {
        guard !arguments.contains("--") else { return arguments }
        func isQuery(_ argument: String) -> Bool {
            argument.hasPrefix("-") && !argument.hasPrefix("--")
                && argument.unicodeScalars.contains { !$0.isASCII || $0.properties.isWhitespace }
        }
        guard let query = arguments.firstIndex(where: isQuery) else { return arguments }
        var rest = arguments
        let moved = rest.remove(at: query)
        return rest + ["--", moved]
    }
}

extension SearchRequest.Sort: ChoiceArgument {}
extension Ranking: ChoiceArgument {}

/// Output formats of `search`: one result page (text, json) or a batch (trec, jsonl).
enum SearchFormat: String, ChoiceArgument {
    case text, json, jsonl, csv, trec
}

extension SearchRequest.HistogramPeriod: ChoiceArgument {}

/// Paging and date options shared by `search` and `similar`.
struct PageOptions: ParsableArguments {
    @Option(help: "Only articles published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    var from: String?

    @Option(help: "Only articles published on or before this date (inclusive; --to 2017 means through 2017-12-31).")
    var to: String?

    @Option(help: "Number of results.")
    var limit: Int = 10

    @Option(help: "Results to skip (paging).")
    var offset: Int = 0

    func validate() throws {
        guard limit >= 0, limit <= 10_000 else { throw ValidationError("--limit must be between 0 and 10000") }
        guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
        _ = try dateRange()
    }

    /// `--from`/`--to` as a range; a bad date is a usage error naming the option.
    func dateRange() throws -> DateRange {
        do {
            return try DateRange(from: from, to: to)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
