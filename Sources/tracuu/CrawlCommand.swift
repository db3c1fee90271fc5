import ArgumentParser
import FoundationEssentials
import TracuuEngine

struct CrawlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crawl",
        abstract: "Fetch a site politely into a WARC archive, then index it.",
        discussion: """
            Breadth first from the URLs, staying on their sites; robots.txt is obeyed, requests to a site \
            are --delay ms apart (or its Crawl-delay), errors are retried with backoff, redirects followed \
            without loops. Everything fetched is kept in the WARC file; running the same command again \
            resumes an interrupted crawl from the archive without fetching anything twice.
            """)

    @Argument(help: "Where to start (http or https URLs).")
    var urls: [String]

    @Option(help: "Links to follow away from the start pages.")
    var depth = 2

    @Option(help: "Pages to crawl at most (archived pages of an earlier run count).")
    var maxPages = 100

    @Option(help: "Milliseconds between two requests to the same site.")
    var delay = 1_000

    @Option(help: "The WARC archive to write (default: crawl-HOST.warc.gz).")
    var warc: String?

    @Flag(help: "Archive only; do not index.")
    var noIndex = false

    @OptionGroup var location: IndexOption

    func validate() throws {
        guard !urls.isEmpty, urls.allSatisfy({ $0.hasPrefix("http://") || $0.hasPrefix("https://") }) else {
            throw ValidationError("give one or more http(s) URLs to start from")
        }
        guard depth >= 0, maxPages > 0, delay >= 0 else { throw ValidationError("--depth, --max-pages and --delay must be positive") }
    }

    func run() throws {
        let host = URL(string: urls[0])?.host ?? "site"
        var options = Crawler.Options(seeds: urls, warcPath: warc ?? "crawl-\(host).warc.gz")
        options.depth = depth
        options.maxPages = maxPages
        options.delayMilliseconds = delay
        let report: Crawler.Report
        do {
            report = try Crawler(options: options) { Terminal.message($0) }.run()
        } catch {
            throw Failure.exit(error)
        }
        let statuses = report.statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        Terminal.message(
            "crawled \(report.pages) pages into \(options.warcPath) (\(report.fetched) fetched, \(report.replayed) from the archive; "
                + "HTTP \(statuses.isEmpty ? "none" : statuses); \(report.blockedByRobots) disallowed by robots.txt, "
                + "\(report.failures.count) failed)")
        if !noIndex {
            let indexed = try IndexCommand.run(
                IndexOptions(indexPath: location.path, inputs: [options.warcPath]), progress: Terminal.stderrIsTerminal)
            Terminal.write(IndexCommand.summary(indexed, stats: nil, indexPath: location.path))
        }
        // A page that could not be fetched (named on stderr as it failed)
        // makes the status 1, as an unreadable input does for `index`, so
        // a script sees an incomplete crawl; what was fetched is archived
        // and indexed all the same. Pages fetched without an article
        // (listings) are counted in the summary, not failures.
        if !report.failures.isEmpty { throw ExitCode(1) }
    }
}
