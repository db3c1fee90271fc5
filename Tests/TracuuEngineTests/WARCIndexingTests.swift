import Foundation
import Testing
import TracuuCore
import TracuuQuery
import TracuuTestSupport

@testable import TracuuEngine

/// Archives as archivists make them: `wget --warc-file` crawling a site
/// served on 127.0.0.1, then indexed and searched.
@Suite struct WARCIndexingTests {
    static func page(_ title: String, _ date: String, _ text: String) -> String {
        """
        <html><head><meta charset="utf-8"><title>\(title) - Sở Ngoại vụ</title></head><body>
        <div class="menu"><a href="/">Trang chủ</a> <a href="/a.html">Tin A</a> <a href="/b.html">Tin B</a></div>
        <div class="content"><h1>\(title)</h1><p class="date">Ngày đăng: \(date)</p>
        <p>\(text) Đây là đoạn văn bản đủ dài để bộ trích xuất coi là nội dung chính của bài viết trên trang.</p>
        <p>Các đại biểu đã trao đổi ý kiến và thống nhất nhiều nội dung hợp tác quan trọng trong thời gian tới.</p></div>
        <div class="other"><h3>Các tin khác</h3><ul><li><a href="/b.html">Tin B</a></li></ul></div>
        </body></html>
        """
    }

    /// Crawls a small site with wget into `name` (.warc.gz, or .warc with
    /// `compressed: false`) and returns the archive's path.
    static func crawl(into folder: TemporaryDirectory, compressed: Bool) throws -> (path: String, server: LoopbackHTTPServer) {
        let server = try LoopbackHTTPServer(routes: [
            "/": .html("<html><body><a href=\"/a.html\">A</a> <a href=\"/b.html\">B</a> <img src=\"/logo.png\"> <a href=\"/missing.html\">?</a></body></html>"),
            "/a.html": .html(page("Tỉnh tiếp Đoàn công tác Campuchia", "12/03/2019", "Sở Ngoại vụ tiếp Đoàn công tác tỉnh Ratanakiri, Campuchia.")),
            "/b.html": .html(page("Hội nghị hợp tác biên giới", "05/07/2020", "Hội nghị bàn về hợp tác biên giới với các tỉnh của Lào.")),
            "/logo.png": .init(headers: ["Content-Type": "image/png"], body: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]),
        ])
        let wget = try #require(["/usr/bin/wget", "/bin/wget"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                "wget is missing (bin/setup installs it)")
        let base = folder.child("crawl")
        var arguments = ["--warc-file=\(base)", "--recursive", "--level=1", "--page-requisites", "--no-verbose",
                         "--tries=1", "--timeout=10", "--directory-prefix=\(folder.child("mirror"))", server.url("/")]
        if !compressed { arguments.insert("--no-warc-compression", at: 0) }
        let result = try run(wget, arguments)
        let path = base + (compressed ? ".warc.gz" : ".warc")
        #expect(FileManager.default.fileExists(atPath: path), "wget wrote no archive: \(result.stderr)")
        return (path, server)
    }

    @Test(arguments: [true, false])
    func indexesWhatWgetArchived(compressed: Bool) throws {
        let folder = TemporaryDirectory("wget")
        let (archive, server) = try WARCIndexingTests.crawl(into: folder, compressed: compressed)
        let index = folder.child("index")
        let report = try Indexer(options: IndexOptions(indexPath: index, inputs: [archive])).run()
        // The two articles. The link page has no article text (skipped); the
        // image, the missing page and robots.txt (both 404) are not pages,
        // nor is wget's own log.
        #expect(report.added == 2, "\(report)")
        #expect(report.skippedTotal == 1)
        #expect(report.ignoredReasons["archived HTTP 404"] == 2)
        #expect(report.ignoredReasons["archived image/png response"] == 1)
        let searcher = Searcher(reader: try IndexLocation.openReader(index))
        let hits = try searcher.search(SearchRequest(query: "Campuchia")).hits
        #expect(hits.map(\.source) == [server.url("/a.html")])
        #expect(hits.first?.date?.day.iso == "2019-03-12")
        #expect(hits.first?.title == "Tỉnh tiếp Đoàn công tác Campuchia")
        let border = try searcher.search(SearchRequest(query: "\"biên giới\"", sort: .date)).hits
        #expect(border.first?.source == server.url("/b.html"))
        // Furniture stays out: the other-news list names "Tin B" on page A.
        #expect(try searcher.search(SearchRequest(query: "Các tin khác", fillWithPartialMatches: false)).total == 0)

        // Indexing the archive again changes nothing.
        let again = try Indexer(options: IndexOptions(indexPath: index, inputs: [archive])).run()
        #expect((again.added, again.updated, again.unchanged) == (0, 0, 2))
    }
}
