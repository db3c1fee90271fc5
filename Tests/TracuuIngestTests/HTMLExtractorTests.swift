import Foundation
import Testing
import TracuuCore
import TracuuTestSupport

@testable import TracuuIngest

@Suite struct HTMLExtractorTests {
    struct Expected: Decodable {
        var title: String
        var date: String
        var lead: String
        var body_paragraphs: [String]?
    }

    func expected(_ name: String) throws -> Expected {
        let bytes = PackagePaths.read(PackagePaths.fixture("TracuuIngestTests", name))
        return try JSONDecoder().decode(Expected.self, from: Data(bytes))
    }

    func extract(_ path: String) throws -> Article {
        try Ingester().article(from: .file(path: path, format: .html))
    }

    /// Real VnExpress pages whose UTF-8 <title> comes before <meta charset>;
    /// gold from htmldate and fundus (shared/data/html).
    @Test(arguments: ["vnexpress_4672302", "vnexpress_4954454"])
    func vnexpress(_ name: String) throws {
        let gold = try expected(name + ".expected.json")
        let article = try extract(PackagePaths.corpus + "/" + name + ".html")
        #expect(article.title == gold.title)
        #expect(article.date?.day.iso == gold.date)
        #expect(article.date?.confidence == .high)
        let paragraphs = article.body.split(separator: "\n").map(String.init)
        #expect(paragraphs.first == gold.lead)
        for paragraph in gold.body_paragraphs ?? [] {
            #expect(paragraphs.contains(paragraph), "missing: \(paragraph.prefix(60))")
        }
        // No mojibake from a Latin-1 guess.
        #expect(!article.body.contains("Ã"))
    }

    @Test func portalFurnitureIsRemoved() throws {
        let article = try extract(PackagePaths.fixture("TracuuIngestTests", "portal_page.html"))
        #expect(article.title == "Tiếp đoàn công tác tỉnh Quảng Tây")
        // The dateline beside the headline, not the portal's clock, not the related list.
        #expect(article.date?.day.iso == "2018-06-14")
        #expect(article.date?.source == .dateline)
        let body = article.body
        #expect(body.hasPrefix("Sáng ngày 13/6/2018"))
        #expect(body.contains("Quang cảnh buổi làm việc"))  // figure caption kept
        #expect(body.contains("khu kinh tế cửa khẩu"))
        for furniture in ["Trang chủ", "Các tin khác", "Hội nghị tổng kết", "THỐNG KÊ", "lượt truy cập", "Bản quyền", "Chia sẻ", "In bài viết", "Ngày đăng"] {
            #expect(!body.contains(furniture), "furniture left: \(furniture)")
        }
        #expect(body.split(separator: "\n").count == 5)
    }

    @Test func brokenMarkupIsRecovered() throws {
        let article = try extract(PackagePaths.fixture("TracuuIngestTests", "broken_markup.html"))
        #expect(article.title == "Hội nghị ASEAN")
        // 00:30 +07:00 is still 2 August in Hà Nội.
        #expect(article.date?.day.iso == "2019-08-02")
        #expect(article.date?.source == .meta)
        #expect(article.body.contains("Bangkok"))
        #expect(article.body.contains("Phía Việt Nam"))
    }

    @Test func windows1258PageIsDecoded() throws {
        // "<p>Việt Nam và Lào ...</p>" with ệ, à written in windows-1258.
        var page = Array("<html><head><meta charset=\"windows-1258\"><title>Tin</title></head><body><p>Vi".utf8)
        page += [0xEA, 0xF2]  // ê + combining dot below
        page += Array("t Nam v".utf8) + [0xE0] + Array(" L".utf8) + [0xE0]
        page += Array("o t\u{0103}ng c\u{01B0}\u{1EDD}ng h\u{1EE3}p t\u{00E1}c".utf8.map { $0 < 0x80 ? $0 : 0x20 })
        page += Array(" trong nhieu linh vuc, ky ket nhieu thoa thuan hop tac quan trong.</p></body></html>".utf8)
        let article = try Ingester().article(bytes: page, source: "cp1258.html", format: .html)
        #expect(article.body.hasPrefix("Việt Nam và Lào"))
    }

    @Test func binaryFileIsRefusedByName() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        do {
            _ = try Ingester().article(bytes: png, source: "/data/photo.html", format: .html)
            Issue.record("a PNG was accepted")
        } catch {
            #expect(error.code == .binary)
            #expect(error.description.hasPrefix("/data/photo.html: "))
            #expect(error.reason.contains("PNG"))
        }
    }

    @Test func emptyAndNoArticle() {
        #expect(throws: IngestError.self) { try Ingester().article(bytes: [], source: "empty.html", format: .html) }
        let menuOnly = "<html><body><ul class=menu><li><a href=/>Trang chủ</a></li></ul></body></html>"
        #expect(throws: IngestError.self) {
            try Ingester().article(bytes: Array(menuOnly.utf8), source: "menu.html", format: .html)
        }
    }

    @Test func siteNameIsStrippedFromTitle() {
        #expect(HTMLMetadata.removingSiteName("Sở Ngoại vụ triển khai công tác năm 2019 - Cổng thông tin tỉnh") == "Sở Ngoại vụ triển khai công tác năm 2019")
        #expect(HTMLMetadata.removingSiteName("Việt Nam - Lào ký hiệp định") == "Việt Nam - Lào ký hiệp định")
        #expect(HTMLMetadata.removingSiteName("Hội nghị ASEAN | Báo Thế giới") == "Hội nghị ASEAN")
        #expect(HTMLMetadata.removingSiteName("Tiếp đoàn Lào - Báo Lạng Sơn") == "Tiếp đoàn Lào")
        #expect(HTMLMetadata.removingSiteName("Tin A - Trang X", siteName: "Trang X") == "Tin A")
    }

    @Test func urlDates() {
        #expect(HTMLMetadata.urlDay("https://example.vn/2019/01/22/tin-moi.html")?.iso == "2019-01-22")
        #expect(HTMLMetadata.urlDay("https://example.vn/tin/20190122-abc.html")?.iso == "2019-01-22")
        #expect(HTMLMetadata.urlDay("https://example.vn/tin-moi-4672302.html") == nil)
    }
}
