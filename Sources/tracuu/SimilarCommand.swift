import ArgumentParser
import Foundation
import TracuuCore
import TracuuEngine
import TracuuQuery

struct SimilarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "List the articles most like a given one (by TF-IDF over its weightiest words).",
        discussion: "The article's 25 heaviest words (TF-IDF in the article) become an OR query; the article itself is left out.")

    @Argument(help: "The article id (as search prints it).")
    var id: String

    @OptionGroup var location: IndexOption

    @Option(help: "Number of results.")
    var limit: Int = 10

    @Option(help: "Results to skip (paging).")
    var offset: Int = 0

    @Option(help: "Only articles published on or after this date.")
    var from: String?

    @Option(help: "Only articles published on or before this date.")
    var to: String?

    @Option(help: "tfidf (default) or bm25.")
    var rank: Ranking = .tfidf

    @Option(help: "Output format: text, json, jsonl or csv.")
    var format: SearchFormat = .text

    func validate() throws {
        guard limit >= 0, limit <= 10_000 else { throw ValidationError("--limit must be between 0 and 10000") }
        guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
        guard format != .trec else { throw ValidationError("--format trec goes with search --queries") }
    }

    func run() throws {
        let dateRange: DateRange
        do {
            dateRange = try DateRange(from: from, to: to)
        } catch {
            throw ValidationError(error.description)
        }
        do {
            let searcher = Searcher(reader: try IndexLocation.openReader(location.path))
            let response = try SimilarArticles.search(
                id: id, searcher: searcher, limit: limit, offset: offset, ranking: rank, dateRange: dateRange)
            let request = SearchRequest(query: response.query, dateRange: dateRange, limit: limit, offset: offset, ranking: rank)
            SearchCommand.write(response, request: request, format: format)
        } catch {
            throw Failure.exit(error)
        }
    }
}
