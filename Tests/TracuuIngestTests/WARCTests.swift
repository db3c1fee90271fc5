import Foundation
import Testing
import TracuuCore
import TracuuTestSupport

@testable import TracuuIngest

/// WARC archives written by hand, record by record, to pin down each kind
/// of record; `wget --warc-file` archives are read in the engine's tests.
@Suite struct WARCTests {
    static let article = """
        <html><head><title>Sở Ngoại vụ tiếp Đoàn công tác Lào</title>
        <meta property="article:published_time" content="2019-05-07T08:00:00+07:00"></head>
        <body><nav>Trang chủ | Tin tức</nav><article><h1>Sở Ngoại vụ tiếp Đoàn công tác Lào</h1>
        <p>Sáng nay, Sở Ngoại vụ tỉnh đã tiếp Đoàn công tác của tỉnh bạn Lào sang thăm và làm việc về hợp tác biên giới.</p>
        <p>Hai bên trao đổi về kết quả hợp tác trong năm qua và thống nhất phương hướng trong thời gian tới.</p>
        </article></body></html>
        """

    static let undated = """
        <html><head><title>Hội nghị tổng kết công tác đối ngoại</title></head><body><article>
        <h1>Hội nghị tổng kết công tác đối ngoại</h1>
        <p>Hội nghị tổng kết công tác đối ngoại của tỉnh đã diễn ra với sự tham dự của đại diện các sở, ban, ngành.</p>
        <p>Các đại biểu thảo luận về hội nhập quốc tế và hợp tác với các địa phương nước ngoài trong năm tới.</p>
        </article></body></html>
        """

    static func record(_ type: String, uri: String?, date: String = "2020-03-04T05:06:07Z",
                       contentType: String? = nil, block: [UInt8]) -> [UInt8] {
        var head = "WARC/1.0\r\nWARC-Type: \(type)\r\nWARC-Date: \(date)\r\nWARC-Record-ID: <urn:uuid:\(UUID().uuidString)>\r\n"
        if let uri { head += "WARC-Target-URI: <\(uri)>\r\n" }
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        head += "Content-Length: \(block.count)\r\n\r\n"
        return Array(head.utf8) + block + Array("\r\n\r\n".utf8)
    }

    static func http(_ status: String, _ headers: [String], _ body: [UInt8]) -> [UInt8] {
        Array(("HTTP/1.1 \(status)\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n").utf8) + body
    }

    static func chunked(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        let half = bytes.count / 2
        var out: [UInt8] = []
        for part in [bytes[..<half], bytes[half...]] {
            out += Array((String(part.count, radix: 16) + "\r\n").utf8) + part + Array("\r\n".utf8)
        }
        return out + Array("0\r\n\r\n".utf8)
    }

    /// Every kind of record a crawl leaves, in the order a crawler writes them.
    static func records() -> [[UInt8]] {
        let response = "application/http; msgtype=response"
        return [
            record("warcinfo", uri: nil, contentType: "application/warc-fields", block: Array("software: test\r\n".utf8)),
            record("request", uri: "https://songoaivu.example.vn/tin/1", contentType: "application/http; msgtype=request",
                   block: Array("GET /tin/1 HTTP/1.1\r\nHost: songoaivu.example.vn\r\n\r\n".utf8)),
            record("response", uri: "https://songoaivu.example.vn/tin/1", contentType: response,
                   block: http("200 OK", ["Content-Type: text/html; charset=utf-8", "Transfer-Encoding: chunked"],
                               chunked(article))),
            record("response", uri: "https://songoaivu.example.vn/missing", contentType: response,
                   block: http("404 Not Found", ["Content-Type: text/html"], Array("<p>không có</p>".utf8))),
            record("response", uri: "https://songoaivu.example.vn/logo.png", contentType: response,
                   block: http("200 OK", ["Content-Type: image/png"], [0x89, 0x50, 0x4E, 0x47, 0, 0, 1, 2])),
            record("response", uri: "https://songoaivu.example.vn/old", contentType: response,
                   block: http("301 Moved Permanently", ["Location: /tin/1"], [])),
            record("metadata", uri: "https://songoaivu.example.vn/tin/1", contentType: "application/warc-fields",
                   block: Array("outlink: https://songoaivu.example.vn/\r\n".utf8)),
            record("resource", uri: "https://songoaivu.example.vn/tin/2", date: "2021-11-12T00:00:00Z",
                   contentType: "text/html; charset=utf-8", block: Array(undated.utf8)),
        ]
    }

    func read(_ path: String) throws -> (articles: [Article], walker: InputWalker, errors: [IngestError]) {
        let walker = InputWalker(arguments: [path])
        var articles: [Article] = []
        var errors: [IngestError] = []
        while true {
            do {
                guard let input = try walker.next() else { break }
                articles.append(try Ingester().article(from: input))
            } catch {
                errors.append(error)
            }
        }
        return (articles, walker, errors)
    }

    func checkPages(_ result: (articles: [Article], walker: InputWalker, errors: [IngestError])) {
        #expect(result.articles.map(\.source) == ["https://songoaivu.example.vn/tin/1", "https://songoaivu.example.vn/tin/2"])
        let first = result.articles[0]
        #expect(first.title == "Sở Ngoại vụ tiếp Đoàn công tác Lào")
        #expect(first.date?.day.iso == "2019-05-07" && first.date?.source == .meta)
        #expect(first.body.contains("hợp tác biên giới") && !first.body.contains("Trang chủ"))
        // No date in the page: the capture date, marked as such.
        let second = result.articles[1]
        #expect(second.date?.day.iso == "2021-11-12")
        #expect(second.date?.source == .capture && second.date?.confidence == .low)
        #expect(result.walker.skipped["archived HTTP 404"] == 1)
        #expect(result.walker.skipped["archived HTTP 301"] == 1)
        #expect(result.walker.skipped["archived image/png response"] == 1)
    }

    @Test func readsEveryPageOfAPlainArchiveAndCountsTheRest() throws {
        let folder = TemporaryDirectory("warc")
        let path = folder.write("crawl.warc", bytes: WARCTests.records().flatMap { $0 })
        let result = try read(path)
        #expect(result.errors.isEmpty)
        checkPages(result)
    }

    @Test func readsAGzipArchiveOfOneMemberPerRecord() throws {
        let folder = TemporaryDirectory("warc")
        // As wget writes them: each record a gzip member of its own, concatenated.
        var members: [UInt8] = []
        for (index, record) in WARCTests.records().enumerated() {
            let plain = folder.write("m\(index)", bytes: record)
            _ = try run("/bin/gzip", ["-f", "-n", plain])
            members += PackagePaths.read(plain + ".gz")
        }
        let path = folder.write("crawl.warc.gz", bytes: members)
        let result = try read(path)
        #expect(result.errors.isEmpty)
        checkPages(result)
    }

    @Test func aRecordCutShortIsNamedAndTheRecordsBeforeItStand() throws {
        let folder = TemporaryDirectory("warc")
        var bytes = WARCTests.records().flatMap { $0 }
        let last = WARCTests.record(
            "response", uri: "https://songoaivu.example.vn/tin/3", contentType: "application/http; msgtype=response",
            block: WARCTests.http("200 OK", ["Content-Type: text/html"], Array(WARCTests.article.utf8)))
        bytes += last.prefix(last.count - 200)
        let path = folder.write("cut.warc", bytes: bytes)
        let result = try read(path)
        #expect(result.articles.count == 2)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.source == path)
        #expect(result.errors.first?.reason.contains("record 9 is cut short") == true)
    }

    @Test func aFileThatIsNotWARCIsRefusedByName() throws {
        let folder = TemporaryDirectory("warc")
        let path = folder.write("page.warc", WARCTests.article)
        let result = try read(path)
        #expect(result.articles.isEmpty)
        #expect(result.errors.map(\.reason) == ["not a WARC file (it does not start with WARC/)"])
    }

    @Test func chunkedBodiesAreJoinedAndCutOnesKept() throws {
        #expect(try HTTPResponseBlock.dechunk(WARCTests.chunked("xin chào")) == Array("xin chào".utf8))
        #expect(try HTTPResponseBlock.dechunk(Array("5\r\nabc".utf8)) == Array("abc".utf8))
        #expect(throws: ArchivedPage.Skip.self) { try HTTPResponseBlock.dechunk(Array("zz\r\nabc".utf8)) }
    }
}
