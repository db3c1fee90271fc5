import Foundation
import Testing
import TracuuCore
import TracuuIngest
import TracuuQuery
import TracuuTestSupport

@testable import TracuuEngine

/// `tracuu crawl` against a site served on 127.0.0.1 that has everything a
/// real provincial site throws at a crawler.
@Suite(.serialized) struct CrawlerTests {
    static func article(_ title: String, _ text: String) -> LoopbackHTTPServer.Response {
        .html(
            """
            <html><head><title>\(title)</title></head><body><div class="content"><h1>\(title)</h1>
            <p class="date">Ngày đăng: 12/03/2019</p>
            <p>\(text) Đây là đoạn văn bản đủ dài để bộ trích xuất coi là nội dung chính của bài viết.</p>
            <p>Các đại biểu đã trao đổi ý kiến và thống nhất nhiều nội dung hợp tác trong thời gian tới.</p>
            </div></body></html>
            """)
    }

    static func site() throws -> LoopbackHTTPServer {
        let links = ["/a.html", "/b.html", "/private/secret.html", "/moved", "/loop1", "/missing", "/broken", "/slow",
                     "/big", "http://example.invalid/elsewhere", "mailto:toasoan@example.vn", "/a.html#top"]
        let home = "<html><body>" + links.map { "<a href=\"\($0)\">x</a>" }.joined(separator: " ") + "</body></html>"
        return try LoopbackHTTPServer(routes: [
            "/robots.txt": .init(headers: ["Content-Type": "text/plain"], body: Array("User-agent: *\nDisallow: /private\n".utf8)),
            "/": .html(home),
            "/a.html": article("Tiếp Đoàn công tác Campuchia", "Sở Ngoại vụ tiếp Đoàn công tác tỉnh Ratanakiri, Campuchia."),
            "/b.html": article("Hội nghị hợp tác biên giới", "Hội nghị bàn về hợp tác biên giới với các tỉnh của Lào."),
            "/c.html": article("Đoàn doanh nghiệp Nhật Bản thăm tỉnh", "Đoàn doanh nghiệp Nhật Bản tìm hiểu cơ hội đầu tư."),
            "/private/secret.html": article("Bí mật", "Không được thu thập."),
            "/moved": .init(status: 301, headers: ["Location": "/c.html"], body: []),
            "/loop1": .init(status: 302, headers: ["Location": "/loop2"], body: []),
            "/loop2": .init(status: 302, headers: ["Location": "/loop1"], body: []),
            "/broken": .init(status: 500, headers: ["Content-Type": "text/plain"], body: Array("lỗi".utf8)),
            "/slow": .init(body: Array("<html>chậm</html>".utf8), delay: 1.5),
            "/big": .html("<html><body>" + String(repeating: "x", count: 200_000) + "</body></html>"),
        ])
    }

    static func options(_ server: LoopbackHTTPServer, _ warc: String) -> Crawler.Options {
        var options = Crawler.Options(seeds: [server.url("/")], warcPath: warc)
        options.depth = 1
        options.delayMilliseconds = 5
        options.timeoutSeconds = 1
        options.maxBytes = 100_000
        options.retries = 1
        return options
    }

    @Test func crawlsPolitelyArchivesAndIndexes() throws {
        let folder = TemporaryDirectory("crawl")
        let server = try Self.site()
        let warc = folder.child("site.warc.gz")
        let report = try Crawler(options: Self.options(server, warc)).run()
        let requests = server.requests
        // robots.txt first, and the disallowed page never asked for.
        #expect(requests.first == "/robots.txt")
        #expect(!requests.contains("/private/secret.html"))
        #expect(report.blockedByRobots == 1)
        // Each page once; the fragment link is the same page; the 500 and the
        // slow page are tried twice (one retry); the loop ends.
        #expect(requests.filter { $0 == "/a.html" }.count == 1)
        #expect(requests.filter { $0 == "/broken" }.count == 2)
        #expect(requests.filter { $0 == "/slow" }.count == 2)
        #expect(requests.filter { $0 == "/loop1" }.count == 1 && requests.filter { $0 == "/loop2" }.count == 1)
        #expect(requests.contains("/c.html"))  // through the 301
        #expect(report.statuses[500] == 1 && report.statuses[404] == 1 && report.statuses[301] == 1)
        #expect(report.failures.count == 2)  // the slow page (timeout) and the big one (size cap)
        #expect(report.failures.contains { $0.contains("/big") && $0.contains("limit") })

        // The archive is a WARC any reader takes; the three articles are in it.
        let index = folder.child("index")
        let indexed = try Indexer(options: IndexOptions(indexPath: index, inputs: [warc])).run()
        #expect(indexed.added == 3, "\(indexed)")
        let hits = try Searcher(reader: IndexLocation.openReader(index))
            .search(SearchRequest(query: "\"Nhật Bản\"", fillWithPartialMatches: false)).hits
        #expect(hits.map(\.source) == [server.url("/c.html")])
        #expect(hits.first?.date?.day.iso == "2019-03-12")
    }

    @Test func anInterruptedCrawlResumesWithoutFetchingTwice() throws {
        let folder = TemporaryDirectory("crawl")
        let server = try Self.site()
        let warc = folder.child("site.warc")
        var options = Self.options(server, warc)
        options.maxPages = 3
        let first = try Crawler(options: options).run()
        #expect(first.fetched == 3)
        let before = server.requests
        options.maxPages = 100
        let second = try Crawler(options: options).run()
        #expect(second.replayed == 3)
        let after = Array(server.requests.dropFirst(before.count))
        // Nothing the first run archived is asked for again, robots.txt included.
        #expect(Set(after).isDisjoint(with: Set(before)), "fetched again: \(Set(after).intersection(Set(before)))")
        #expect(after.contains("/b.html") || before.contains("/b.html"))
        // A third run finds everything archived; only the two pages that
        // failed (and so were never archived) are tried again.
        let third = try Crawler(options: options).run()
        #expect(third.fetched == 0)
        #expect(Set(server.requests.dropFirst(before.count + after.count)).isSubset(of: ["/slow", "/big"]))
    }

    @Test func robotsRulesFollowTheStandard() {
        let rules = RobotsRules(
            """
            User-agent: googlebot
            Disallow: /

            User-agent: *
            Disallow: /private
            Allow: /private/public
            Disallow: /*.pdf$
            Crawl-delay: 2
            """, agent: "tracuu")
        #expect(rules.allows("/tin/1.html"))
        #expect(!rules.allows("/private/x"))
        #expect(rules.allows("/private/public/y"))
        #expect(!rules.allows("/docs/a.pdf") && rules.allows("/docs/a.pdf?x=1"))
        #expect(rules.crawlDelay == 2)
        #expect(RobotsRules("", agent: "tracuu").allows("/anything"))
        #expect(!RobotsRules("User-agent: tracuu\nDisallow: /\n", agent: "tracuu").allows("/x"))
    }

    @Test func addressesAreCanonical() {
        #expect(CrawlLinks.canonical("HTTP://SoNgoaiVu.Example.VN:80/a/../b.html#x") == "http://songoaivu.example.vn/b.html")
        #expect(CrawlLinks.canonical("https://example.vn") == "https://example.vn/")
        #expect(CrawlLinks.canonical("javascript:void(0)") == nil)
        #expect(CrawlLinks.canonical("http://e.vn/a/./b/../c/") == "http://e.vn/a/c/")
        #expect(CrawlLinks.canonical("http://e.vn/a//b/..") == "http://e.vn/a/")
        #expect(CrawlLinks.canonical("http://e.vn/../x.html") == "http://e.vn/x.html")
        #expect(
            CrawlLinks.links(
                in: Array(#"<BASE href="http://f.vn/tin/"><area shape=rect href="a.html"><a class=x href="/b">b</a>"#.utf8),
                base: "http://e.vn/") == ["http://f.vn/tin/a.html", "http://f.vn/b"])
        #expect(
            CrawlLinks.links(in: Array("<a href='/x?a=1&amp;b=2'>x</a><A HREF=y.html>y</A>".utf8), base: "http://e.vn/dir/")
                == ["http://e.vn/x?a=1&b=2", "http://e.vn/dir/y.html"])
    }
}
