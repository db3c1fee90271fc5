import Foundation
import HummingbirdTesting
import Testing
import TracuuCore
import TracuuEngine
import TracuuQuery

@testable import TracuuServer

@Suite struct PageTests {
    @Test func landingPageSaysWhatTheIndexHolds() async throws {
        let fixture = try APITests.fixture()
        try await fixture.test(fixture.server()) { client in
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
            #expect(page.text.contains("<html lang=\"vi\">"))
            #expect(page.text.contains("Chỉ mục có <strong>4</strong> bài viết, đăng từ 12/03/2017 đến 20/01/2019"))
            // A plain GET form: works with JavaScript off, its address shareable.
            #expect(page.text.contains("<form class=\"search\" action=\"/\" method=\"get\""))
            #expect(page.text.contains("Từ ngày <input type=\"date\" name=\"from\""))
            #expect(page.text.contains("Đến ngày <input type=\"date\" name=\"to\""))
        }
    }

    @Test func resultsShowTitleDateSourceSnippetAndHistogram() async throws {
        let fixture = try APITests.fixture()
        try await fixture.test(fixture.server()) { client in
            let page = try await client.execute(
                uri: "/?q=h%E1%BB%99i+nh%E1%BA%ADp&from=2017-01-01&to=2018-12-31&sort=date", method: .get)
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("<strong>2</strong> bài khớp với mọi từ khóa"))
            #expect(html.contains("(từ 01/01/2017 đến 31/12/2018)"))
            #expect(html.contains("Hợp tác với Lào</a></h2>"))
            #expect(html.contains("<time datetime=\"2018-07-05\""))
            #expect(html.contains(">05/07/2018</time>"))
            #expect(html.contains("<mark>Hội</mark> <mark>nhập</mark>"))
            #expect(html.contains(">b.txt</span>"))
            // The form keeps what was asked.
            #expect(html.contains("value=\"hội nhập\""))
            #expect(html.contains("name=\"from\" value=\"2017-01-01\""))
            #expect(html.contains("<option value=\"date\" selected>"))
            // Newest first.
            #expect(html.range(of: "Hợp tác với Lào")!.lowerBound < html.range(of: "Hội nhập quốc tế</a>")!.lowerBound)
            // The histogram: 2017-03 … 2018-07 is 17 months, two of them with a bar, each a link to its month.
            #expect(html.contains("<svg class=\"chart\""))
            #expect(html.components(separatedBy: "<rect class=\"bar\"").count - 1 == 2)
            #expect(html.contains("href=\"/?q=h%E1%BB%99i+nh%E1%BA%ADp&amp;from=2018-07-01&amp;to=2018-07-31&amp;sort=date\""))
            #expect(html.contains("<title>07/2018: 1 bài</title>"))
        }
    }

    @Test func userTextIsEscapedEverywhere() async throws {
        let fixture = ServerFixture()
        fixture.article("x", title: "Tin <script>alert(1)</script> mới", body: "Nội dung có thẻ <b>đậm</b> & ký hiệu.")
        try fixture.build()
        try await fixture.test(fixture.server()) { client in
            let query = FormQuery.escape("<script>alert(1)</script> tin")
            let page = try await client.execute(uri: "/?q=\(query)", method: .get)
            #expect(!page.text.contains("<script>alert"))
            #expect(page.text.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt; tin\""))
            #expect(page.text.contains("&lt;b&gt;"))

            let hits = try await client.execute(uri: "/?q=tin", method: .get)
            #expect(hits.text.contains("Tin &lt;script&gt;alert(1)&lt;/script&gt; mới"))
            #expect(!hits.text.contains("<script>alert"))
            let id = try Searcher(reader: IndexLocation.openReader(fixture.index)).search(SearchRequest(query: "tin")).hits[0].id
            let article = try await client.execute(uri: "/articles/\(id)", method: .get)
            #expect(article.status == .ok)
            #expect(article.text.contains("<h1>Tin &lt;script&gt;alert(1)&lt;/script&gt; mới</h1>"))
            #expect(!article.text.contains("<script>alert") && !article.text.contains("<b>đậm"))

            let attribute = try await client.execute(uri: "/?q=%22%3E%3Cimg+src%3Dx%3E", method: .get)
            #expect(!attribute.text.contains("<img src=x>"))
        }
    }

    @Test func pagesLinkToEachOther() async throws {
        let fixture = ServerFixture()
        for number in 0..<23 {
            fixture.article("n\(number)", title: "Hợp tác số \(number)", date: "0\(number % 9 + 1)/05/2019", body: "Hợp tác quốc tế lần \(number).")
        }
        try fixture.build()
        try await fixture.test(fixture.server()) { client in
            let first = try await client.execute(uri: "/?q=h%E1%BB%A3p+t%C3%A1c", method: .get)
            #expect(first.text.contains("Trang 1 / 3"))
            #expect(first.text.contains("<a rel=\"next\" href=\"/?q=h%E1%BB%A3p+t%C3%A1c&amp;page=2\">"))
            #expect(!first.text.contains("rel=\"prev\""))
            #expect(first.text.components(separatedBy: "<li class=\"hit\">").count - 1 == 10)
            let last = try await client.execute(uri: "/?q=h%E1%BB%A3p+t%C3%A1c&page=3", method: .get)
            #expect(last.text.contains("<ol class=\"hits\" start=\"21\">"))
            #expect(last.text.components(separatedBy: "<li class=\"hit\">").count - 1 == 3)
            #expect(last.text.contains("rel=\"prev\"") && !last.text.contains("rel=\"next\""))
            let bad = try await client.execute(uri: "/?q=h%E1%BB%A3p&page=0", method: .get)
            #expect(bad.status == .badRequest)
        }
    }

    @Test func republishedCopiesAreListedUnderTheArticle() async throws {
        let fixture = ServerFixture()
        let text = String(repeating: "Tỉnh tiếp Đoàn công tác Champasak bàn hợp tác biên giới và thương mại. ", count: 3)
        fixture.article("first", title: "Tiếp Đoàn Champasak", date: "15/03/2019", body: text)
        fixture.article("copy", title: "Đoàn Champasak thăm tỉnh", date: "16/03/2019", body: text)
        try fixture.build()
        try await fixture.test(fixture.server()) { client in
            let page = try await client.execute(uri: "/?q=Champasak", method: .get)
            #expect(page.text.contains("<strong>1</strong> bài khớp"))
            #expect(page.text.contains("<p class=\"also\">Cũng đăng tại: <a class=\"source\" href=\"/articles/"))
            #expect(page.text.contains(">copy.txt</a> <time datetime=\"2019-03-16\">16/03/2019</time></p>"))
            let api = try await client.execute(uri: "/api/search?q=Champasak", method: .get)
            let hit = (api.json["hits"] as? [[String: Any]])?.first
            #expect((hit?["also_published_at"] as? [[String: Any]])?.first?["date"] as? String == "2019-03-16")
        }
    }

    @Test func errorsAreShownOnThePageInVietnamese() async throws {
        let fixture = try APITests.fixture()
        try await fixture.test(fixture.server()) { client in
            let syntax = try await client.execute(uri: "/?q=%22h%E1%BB%99i", method: .get)
            #expect(syntax.status == .badRequest)
            #expect(syntax.text.contains("Câu tìm kiếm có lỗi ở ký tự thứ 1"))
            #expect(syntax.text.contains("value=\"&quot;hội\""))
            let date = try await client.execute(uri: "/?q=x&from=2019-02-30", method: .get)
            #expect(date.status == .badRequest)
            #expect(date.text.contains("Ngày bắt đầu không hợp lệ"))
            let missing = try await client.execute(uri: "/articles/nope", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("Không tìm thấy"))
            let nowhere = try await client.execute(uri: "/khong-co", method: .get)
            #expect(nowhere.status == .notFound)
            #expect(nowhere.headers[.contentType] == "text/html; charset=utf-8")
            let nothing = try await client.execute(uri: "/?q=zzzkhongco", method: .get)
            #expect(nothing.status == .ok)
            #expect(nothing.text.contains("Không tìm thấy bài nào"))
        }
    }

    @Test func assetsAreServedByTracuuItself() async throws {
        let fixture = try APITests.fixture()
        try await fixture.test(fixture.server()) { client in
            let css = try await client.execute(uri: "/assets/tracuu.css", method: .get)
            #expect(css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.text.contains("@media (max-width: 520px)"))
            let script = try await client.execute(uri: "/assets/tracuu.js", method: .get)
            #expect(script.headers[.contentType] == "text/javascript; charset=utf-8")
            let icon = try await client.execute(uri: "/assets/favicon.svg", method: .get)
            #expect(icon.text.hasPrefix("<svg"))
        }
        // Nothing on the page comes from elsewhere.
        let page = SearchPage.layout(title: "t", values: .init(), main: "")
        #expect(!page.contains("http://") && !page.contains("https://"))
    }

    @Test func histogramFillsEmptyMonthsAndThinsLabels() {
        let chart = HistogramChart(
            buckets: [HistogramBucket(period: "2016-11", count: 4), HistogramBucket(period: "2019-02", count: 1)],
            undated: 0
        ) { first, last in "/?from=\(first.iso)&to=\(last.iso)" }
        let months = chart.filledMonths()
        #expect(months.count == 28)
        #expect(months.map(\.count).reduce(0, +) == 5)
        // November 2016 is two bars before January 2017: too close for both labels.
        #expect(chart.tickLabels(months).map(\.1) == ["2017", "2018", "2019"])
        let svg = chart.svg()
        #expect(svg.contains("cao nhất: 4 bài/tháng"))
        #expect(svg.contains("href=\"/?from=2019-02-01&amp;to=2019-02-28\""))
        #expect(HistogramChart(buckets: [], undated: 3) { _, _ in "" }.svg().isEmpty)
    }
}
