import Testing
import TracuuCore
import TracuuTestSupport

@testable import TracuuIngest

/// `tracuu index URL` against a real HTTP server on 127.0.0.1.
@Suite struct URLFetchTests {
    static let page = """
        <html><head><title>Việt Nam - Lào hợp tác | Báo Biên giới</title></head>
        <body><article><p>Hai bên nhất trí tăng cường hợp tác trên các lĩnh vực kinh tế, văn hóa và giáo dục trong giai đoạn tới.</p></article></body></html>
        """

    @Test func fetchesAndExtractsAPage() throws {
        let server = try LoopbackHTTPServer(routes: ["/2019/05/07/tin.html": .html(Self.page)])
        let input = RawInput.url(server.url("/2019/05/07/tin.html"))
        let article = try Ingester().article(from: input)
        #expect(article.source == server.url("/2019/05/07/tin.html"))
        #expect(article.title == "Việt Nam - Lào hợp tác")
        #expect(article.body.hasPrefix("Hai bên nhất trí"))
        #expect(article.date?.day.iso == "2019-05-07")
        #expect(article.date?.source == .url)
        #expect(server.requests == ["/2019/05/07/tin.html"])
    }

    @Test func headerCharsetDecodesLegacyPages() throws {
        // "Hà Nội" in windows-1258 (à = 0xE0, ộ = ô 0xF4 + dot below 0xF2), declared only by HTTP.
        var body = Array("<html><body><p>Tin t\u{0075}c t\u{0075} H".utf8) + [0xE0] + Array(" N".utf8) + [0xF4, 0xF2]
        body += Array("i: hai thành phố ký kết thỏa thuận hợp tác trong nhiều lĩnh vực quan trọng.</p></body></html>".utf8.map { $0 < 0x80 ? $0 : 0x20 })
        let server = try LoopbackHTTPServer(routes: [
            "/cp1258": .init(headers: ["Content-Type": "text/html; charset=windows-1258"], body: body)
        ])
        let article = try Ingester().article(from: .url(server.url("/cp1258")))
        #expect(article.body.contains("Hà Nội"))
    }

    @Test func httpErrorsNameTheURL() throws {
        let server = try LoopbackHTTPServer(routes: ["/gone": .init(status: 500, body: [])])
        do {
            _ = try Ingester().article(from: .url(server.url("/gone")))
            Issue.record("a 500 was accepted")
        } catch {
            #expect(error.source == server.url("/gone"))
            #expect(error.reason.contains("500"))
        }
        #expect(throws: IngestError.self) { try Ingester().article(from: .url(server.url("/missing"))) }
        #expect(throws: IngestError.self) { try Ingester().article(from: .url("http://127.0.0.1:1/nothing")) }
    }

    @Test func redirectsAreFollowedUpToALimit() throws {
        let server = try LoopbackHTTPServer(routes: [
            "/old": .init(status: 301, headers: ["Location": "/2019/05/07/tin.html"], body: []),
            "/2019/05/07/tin.html": .html(Self.page),
            "/loop": .init(status: 302, headers: ["Location": "/loop"], body: []),
        ])
        let article = try Ingester().article(from: .url(server.url("/old")))
        #expect(article.body.hasPrefix("Hai bên nhất trí"))
        do {
            _ = try Ingester().article(from: .url(server.url("/loop")))
            Issue.record("a redirect loop was followed forever")
        } catch {
            #expect(error.source == server.url("/loop"))
            #expect(error.reason.lowercased().contains("redirect"))
        }
    }

    @Test func pagesOverTheCapAreStopped() throws {
        let big = Array(repeating: UInt8(ascii: "a"), count: 300_000)
        let server = try LoopbackHTTPServer(routes: ["/big": .init(headers: ["Content-Type": "text/html"], body: big)])
        do {
            _ = try Ingester(maxBytes: 100_000).article(from: .url(server.url("/big")))
            Issue.record("a page over the cap was read")
        } catch {
            #expect(error.code == .tooLarge)
            #expect(error.source == server.url("/big"))
        }
        #expect(throws: IngestError.self) { try Ingester().article(from: .url("ftp://127.0.0.1/x")) }
    }
}
