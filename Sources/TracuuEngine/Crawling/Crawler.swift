import FoundationEssentials
import TracuuCore
import TracuuIngest

/// `tracuu crawl`: fetches a site politely into a WARC archive.
///
/// Breadth first from the seeds, to `depth` links away, at most `maxPages`
/// pages, staying on the seeds' hosts. robots.txt is read once per host
/// and obeyed (its Crawl-delay too, when longer than ours); requests to a
/// host are at least `delayMilliseconds` apart; a transfer error or a 5xx
/// answer is retried `retries` times, waiting twice as long each time;
/// redirects are followed as links of their own, at most `maxRedirects` in
/// a chain, never in a loop; a page over `maxBytes` is refused. Every
/// answer (pages, redirects, errors, robots.txt) goes into the archive as
/// a request and a response record, synced page by page.
///
/// Resuming: an archive that exists already is read first, and the crawl
/// replays what it holds instead of fetching it again, so a crawl stopped
/// at any point (a kill, `--max-pages`) picks up where it left off and
/// fetches only what it had not archived.
public final class Crawler {
    public struct Options: Sendable {
        public var seeds: [String]
        public var warcPath: String
        public var depth = 2
        public var maxPages = 100
        public var delayMilliseconds = 1_000
        public var timeoutSeconds = 20
        public var maxBytes = 8 << 20
        public var retries = 2
        public var maxRedirects = 5
        public var userAgent = URLFetcher.userAgent

        public init(seeds: [String], warcPath: String) {
            self.seeds = seeds
            self.warcPath = warcPath
        }
    }

    public struct Report: Sendable {
        /// Pages fetched over the network in this run.
        public var fetched = 0
        /// Pages replayed from the archive of an earlier, interrupted run.
        public var replayed = 0
        /// Answers by HTTP status (fetched and replayed).
        public var statuses: [Int: Int] = [:]
        public var blockedByRobots = 0
        public var failures: [String] = []
        public var pages: Int { fetched + replayed }
    }

    let options: Options
    let onEvent: @Sendable (String) -> Void
    private var archived: [String: FetchedPage] = [:]
    private var robots: [String: RobotsRules] = [:]
    /// Crawl-delay of each host's robots.txt, in seconds.
    private var crawlDelays: [String: Double] = [:]
    private var lastRequest: [String: Date] = [:]
    private var report = Report()
    private var writer: WARCWriter?

    public init(options: Options, onEvent: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.onEvent = onEvent
    }

    public func run() throws -> Report {
        try readArchive()
        writer = try WARCWriter(path: options.warcPath, software: "tracuu \(TracuuVersion.current)")
        let seeds = options.seeds.compactMap { CrawlLinks.canonical($0) }
        let hosts = Set(seeds.compactMap { URL(string: $0)?.host })
        var queue: [(address: String, depth: Int, redirects: Int)] = seeds.map { ($0, 0, 0) }
        var seen = Set(seeds)
        var next = 0
        while next < queue.count, report.pages < options.maxPages {
            let (address, depth, redirects) = queue[next]
            next += 1
            guard let url = URL(string: address), let host = url.host else { continue }
            guard try rules(for: url).allows(CrawlLinks.requestTarget(url)) else {
                report.blockedByRobots += 1
                onEvent("robots.txt disallows \(address)")
                continue
            }
            let page: FetchedPage
            do {
                page = try get(address, host: host)
            } catch {
                report.failures.append(error.description)
                onEvent(error.description)
                continue
            }
            report.statuses[page.status, default: 0] += 1
            if (300..<400).contains(page.status), let target = page.redirectURL.flatMap({ CrawlLinks.canonical($0) }) {
                if redirects >= options.maxRedirects || target == address {
                    onEvent("\(address): too many redirects or a loop, not followed")
                } else if let targetHost = URL(string: target)?.host, hosts.contains(targetHost), seen.insert(target).inserted {
                    queue.append((target, depth, redirects + 1))
                } else if seen.contains(target) {
                    onEvent("\(address): redirects to \(target), already crawled")
                }
                continue
            }
            guard (200..<300).contains(page.status), depth < options.depth,
                (page.headers["content-type"] ?? "text/html").lowercased().contains("html")
            else { continue }
            for link in CrawlLinks.links(in: page.body, base: address) {
                guard let linkHost = URL(string: link)?.host, hosts.contains(linkHost), seen.insert(link).inserted else { continue }
                queue.append((link, depth + 1, 0))
            }
        }
        return report
    }

    /// The page at `address`: from the archive when an earlier run kept it,
    /// else fetched (politely, with retries) and archived.
    private func get(_ address: String, host: String, isPage: Bool = true) throws(IngestError) -> FetchedPage {
        if let page = archived[address] {
            if isPage { report.replayed += 1 }
            return page
        }
        var attempt = 0
        while true {
            wait(for: host)
            do throws(IngestError) {
                let page = try FetchedPage.fetch(
                    address, userAgent: options.userAgent, timeoutSeconds: options.timeoutSeconds, maxBytes: options.maxBytes)
                if page.status >= 500 && attempt < options.retries {
                    attempt += 1
                    backoff(attempt)
                    continue
                }
                try archive(address, page)
                if isPage { report.fetched += 1 }
                onEvent("\(page.status) \(address)")
                return page
            } catch {
                if error.code == .tooLarge || attempt >= options.retries { throw error }
                attempt += 1
                backoff(attempt)
            }
        }
    }

    private func archive(_ address: String, _ page: FetchedPage) throws(IngestError) {
        let url = URL(string: address)
        let target = url.map(CrawlLinks.requestTarget) ?? "/"
        let request = "GET \(target) HTTP/1.1\r\nHost: \(url?.host ?? "")\r\nUser-Agent: \(options.userAgent)\r\n\r\n"
        do {
            try writer?.record(uri: address, request: request, page: page)
        } catch {
            throw IngestError(.unreadable, source: options.warcPath, reason: "cannot write the archive: \(error)")
        }
    }

    /// The robots.txt rules of `url`'s site, fetched (or replayed) once.
    private func rules(for url: URL) throws -> RobotsRules {
        let origin = "\(url.scheme ?? "http")://\(url.host ?? "")" + (url.port.map { ":\($0)" } ?? "")
        if let known = robots[origin] { return known }
        var found = RobotsRules()
        do throws(IngestError) {
            let page = try get(origin + "/robots.txt", host: url.host ?? "", isPage: false)
            if (200..<300).contains(page.status) {
                found = RobotsRules(String(decoding: page.body, as: UTF8.self), agent: "tracuu")
            }
        } catch {
            onEvent("no robots.txt at \(origin): \(error.reason); crawling as allowed")
        }
        robots[origin] = found
        if let host = url.host, let delay = found.crawlDelay { crawlDelays[host] = delay }
        return found
    }

    /// Sleeps until the host may be asked again.
    private func wait(for host: String) {
        var delay = Double(options.delayMilliseconds) / 1000
        if let crawlDelay = crawlDelays[host] {
            delay = max(delay, min(crawlDelay, 30))
        }
        if let last = lastRequest[host] {
            let remaining = delay - Date().timeIntervalSince(last)
            if remaining > 0 { Threads.sleep(seconds: remaining) }
        }
        lastRequest[host] = Date()
    }

    private func backoff(_ attempt: Int) {
        Threads.sleep(seconds: Double(options.delayMilliseconds) / 1000 * Double(1 << attempt))
    }

    /// What an earlier run archived, to replay instead of fetching again.
    private func readArchive() throws {
        guard FileManager.default.fileExists(atPath: options.warcPath) else { return }
        archived = try FetchedPage.archived(in: options.warcPath) { [onEvent] in onEvent($0) }
    }
}
