import ArgumentParser
import FoundationEssentials
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

    @OptionGroup var page: PageOptions

    @Option(help: "tfidf (default) or bm25.")
    var rank: Ranking = .tfidf

    @Option(help: "Output format: text, json, jsonl or csv.")
    var format: SearchFormat = .text

    func validate() throws {
        guard format != .trec else { throw ValidationError("--format trec goes with search --queries") }
    }

    func run() throws {
        let dateRange = try page.dateRange()
        do {
            let searcher = Searcher(reader: try IndexLocation.openReader(location.path))
            let response = try SimilarArticles.search(
                id: id, searcher: searcher, limit: page.limit, offset: page.offset, ranking: rank, dateRange: dateRange)
            let request = SearchRequest(query: response.query, dateRange: dateRange, limit: page.limit, offset: page.offset, ranking: rank)
            SearchCommand.write(response, request: request, format: format)
        } catch {
            throw Failure.exit(error)
        }
    }
}
