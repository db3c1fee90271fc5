import Foundation
import Testing
import TracuuCore
import TracuuTestSupport

@testable import TracuuIngest

@Suite struct InputsTests {
    @Test func walkFindsKnownFilesRecursivelyInOrder() throws {
        let folder = TemporaryDirectory()
        folder.write("b/2.txt", "x")
        folder.write("a.html", "x")
        folder.write("b/1.htm", "x")
        folder.write("notes.pdf", "x")
        folder.write(".hidden/secret.txt", "x")
        let walker = InputWalker(arguments: [folder.path])
        var found: [String] = []
        while let input = try walker.next() { found.append(input.location) }
        #expect(found == [folder.child("a.html"), folder.child("b/1.htm"), folder.child("b/2.txt")])
        #expect(walker.skipped["other file types"] == 1)
    }

    @Test func missingPathIsAnErrorAndTheWalkGoesOn() throws {
        let folder = TemporaryDirectory()
        folder.write("ok.txt", "x")
        let walker = InputWalker(arguments: [folder.child("missing.txt"), folder.child("ok.txt")])
        #expect(throws: IngestError.self) { try walker.next() }
        #expect(try walker.next()?.location == folder.child("ok.txt"))
    }

    @Test func jsonlRecords() throws {
        let folder = TemporaryDirectory()
        let path = folder.write(
            "c.jsonl",
            """
            {"id": "unc-1", "title": "Việt Nam và Lào", "date": "2021-04-02", "url": "https://dantri.com.vn/a.htm", "body": "Hai nước ký kết.\\nĐoạn hai."}

            {"id": 7, "title": null, "date": null, "url": null, "body": "Không có tiêu đề"}
            not json
            {"id": "x", "date": "02/04/2021", "body": "ngày sai dạng"}
            """)
        let walker = InputWalker(arguments: [path])
        var articles: [Article] = []
        var errors: [IngestError] = []
        while let input = try walker.next() {
            do { articles.append(try Ingester().article(from: input)) } catch { errors.append(error) }
        }
        #expect(articles.count == 2)
        #expect(articles[0].id == "unc-1")
        #expect(articles[0].source == "https://dantri.com.vn/a.htm")
        #expect(articles[0].date?.day.iso == "2021-04-02")
        #expect(articles[0].date?.source == .record)
        #expect(articles[0].body == "Hai nước ký kết.\nĐoạn hai.")
        #expect(articles[1].id == "7")
        #expect(articles[1].source == path + "#7")
        #expect(errors.count == 2)
        #expect(errors[0].source == path + ":4")
        #expect(errors[1].reason.contains("YYYY-MM-DD"))
    }

    /// A record's body is read as bytes (see `Article.bodyUTF8`): still
    /// NFC, still refused when blank by Unicode's measure, "text" standing
    /// in for a missing "body".
    @Test func jsonlBodiesAreNormalizedAndBlankOnesRefused() throws {
        let folder = TemporaryDirectory()
        let path = folder.write(
            "b.jsonl",
            """
            {"id": "nfd", "body": "Vie\\u0323\\u0302t Nam"}
            {"id": "blank", "body": " \\u00a0\\n\\u2028\\t"}
            {"id": "empty", "body": ""}
            {"id": "text", "text": "  Lào"}
            """)
        let walker = InputWalker(arguments: [path])
        var articles: [Article] = []
        var errors: [IngestError] = []
        while let input = try walker.next() {
            do { articles.append(try Ingester().article(from: input)) } catch { errors.append(error) }
        }
        #expect(articles.map(\.id) == ["nfd", "text"])
        #expect(articles.first?.body == "Việt Nam")
        #expect(articles.last?.bodyUTF8 == Array("  Lào".utf8))
        #expect(errors.map(\.source) == [path + ":2", path + ":3"])
        #expect(errors.allSatisfy { $0.reason.contains("no \"body\" text") })
    }

    @Test func gzippedJSONL() throws {
        let folder = TemporaryDirectory()
        let plain = folder.write("d.jsonl", "{\"id\": \"g1\", \"body\": \"nén gzip\"}\n")
        let gzip = try run("/usr/bin/env", ["gzip", "-k", plain])
        #expect(gzip.status == 0, "\(gzip.stderr)")
        let walker = InputWalker(arguments: [plain + ".gz"])
        let input = try #require(try walker.next())
        #expect(try Ingester().article(from: input).body == "nén gzip")
        #expect(try walker.next() == nil)
    }

    @Test func explicitUnknownExtensionIsSniffed() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("page.aspx", "<html><body><p>Nội dung bài viết về hợp tác quốc tế giữa các tỉnh biên giới, có nhiều chi tiết.</p></body></html>")
        let walker = InputWalker(arguments: [path])
        let input = try #require(try walker.next())
        #expect(try Ingester().article(from: input).body.hasPrefix("Nội dung"))
    }
}
