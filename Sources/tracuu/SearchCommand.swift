import ArgumentParser
import Foundation
import TracuuCore
import TracuuEngine
import TracuuQuery

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index.",
        discussion: """
            Words are all required; "quoted words" must stand together; -word excludes; OR \
            (in capitals) and parentheses combine; title:word searches headlines. Articles with \
            every word come first; a short page is filled with articles that have most of them.
            """)

    @Argument(help: "The query.")
    var query: String

    @Option(help: "The index folder.")
    var index: String?

    @Option(help: "Only articles published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    var from: String?

    @Option(help: "Only articles published on or before this date (inclusive; --to 2017 means through 2017-12-31).")
    var to: String?

    @Option(help: "Number of results.")
    var limit: Int = 10

    @Option(help: "Results to skip (paging).")
    var offset: Int = 0

    @Option(help: "relevance or date (newest first).")
    var sort: SearchRequest.Sort = .relevance

    @Option(help: "tfidf (default) or bm25.")
    var rank: Ranking = .tfidf

    @Flag(help: "Show every factor of each result's score.")
    var explain = false

    @Flag(help: "Do not expand names to their aliases (\"Hoa Kỳ\" also searching \"Mỹ\").")
    var noAliases = false

    @Option(help: "adjacency (default: words standing together score more) or off.")
    var proximity: SearchRequest.Proximity = .adjacency

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    func validate() throws {
        guard limit >= 0, limit <= 10_000 else { throw ValidationError("--limit must be between 0 and 10000") }
        guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
    }

    func run() throws {
        let dateRange: DateRange
        do {
            dateRange = try DateRange(from: from, to: to)
        } catch {
            throw ValidationError(error.description)
        }
        let indexPath = try SearchCommand.ensureIndex(explicit: index)
        let request = SearchRequest(
            query: query, dateRange: dateRange, limit: limit, offset: offset, sort: sort, ranking: rank, explain: explain,
            expandAliases: !noAliases, proximity: proximity)
        do {
            let reader = try IndexLocation.openReader(indexPath)
            let response = try Searcher(reader: reader).search(request)
            switch format {
            case .json: Terminal.write(SearchOutput.json(response, request: request).serialized())
            case .text: Terminal.write(SearchOutput.text(response, request: request, color: Terminal.colorStdout))
            }
        } catch let error as QuerySyntaxError {
            Terminal.message(error.description)
            throw ExitCode(2)
        } catch {
            throw Failure.exit(error)
        }
    }

    /// The index to search. When none was named and the default one does not
    /// exist yet, it is built from the bundled corpus first (a first run
    /// should just work).
    static func ensureIndex(explicit: String?) throws -> String {
        if let explicit { return explicit }
        let path = Defaults.indexPath
        if !IndexLocation.exists(path) {
            Terminal.message("no index at \(path) yet; building it from \(Defaults.corpusPath) first")
            do {
                _ = try IndexCommand.run(
                    IndexOptions(indexPath: path, inputs: [Defaults.corpusPath]), progress: Terminal.stderrIsTerminal)
            } catch {
                throw Failure.exit(error)
            }
        }
        return path
    }
}

extension SearchRequest.Sort: ExpressibleByArgument {}
extension Ranking: ExpressibleByArgument {}
extension SearchRequest.Proximity: ExpressibleByArgument {}
