import Testing
import TracuuCore

@testable import TracuuIngest

/// Which date a page gets, and from where: each kind of evidence, and the
/// dates that must not be taken (other-news lists, events in the story,
/// portal clocks, dates without a year).
@Suite struct PageDateTests {
    static let story = """
        <p>Đoàn công tác của tỉnh đã làm việc với các cơ quan đối tác về hợp tác kinh tế, thương mại, đầu tư và \
        giao lưu nhân dân giữa hai địa phương trong những năm tới.</p>
        <p>Hai bên thống nhất tăng cường trao đổi đoàn các cấp, tạo điều kiện cho doanh nghiệp tìm hiểu thị \
        trường, mở rộng hợp tác giáo dục và y tế.</p>
        """

    func article(_ html: String, source: String = "page.html") throws -> Article {
        try Ingester().article(bytes: Array(html.utf8), source: source, format: .html)
    }

    func page(head: String = "", beforeTitle: String = "", afterTitle: String = "", body: String = story, after: String = "") -> String {
        """
        <html><head><title>Tiếp đoàn công tác tỉnh bạn</title>\(head)</head><body>
        <div class="header">\(beforeTitle)</div>
        <div class="detail"><h1>Tiếp đoàn công tác tỉnh bạn</h1>\(afterTitle)<div class="content">\(body)</div>\(after)</div>
        </body></html>
        """
    }

    @Test func metaTagBeatsEverythingVisible() throws {
        let html = page(
            head: #"<meta property="article:published_time" content="2019-08-02T00:30:00+07:00">"#,
            afterTitle: "<p>Cập nhật: 05/08/2019</p>")
        let date = try article(html).date
        #expect(date?.day.iso == "2019-08-02")
        #expect(date?.source == .meta)
        #expect(date?.confidence == .high)
    }

    /// A page's JSON-LD graph dates its video too; the article's own object wins.
    @Test func articleTypedJSONLDObjectWins() throws {
        let jsonLD = """
            <script type="application/ld+json">{"@graph": [
              {"@type": "VideoObject", "datePublished": "2015-01-01T10:00:00Z"},
              {"@type": "NewsArticle", "datePublished": "2023-11-02T19:20:45+07:00"}]}</script>
            """
        let date = try article(page(head: jsonLD)).date
        #expect(date?.day.iso == "2023-11-02")
        #expect(date?.source == .jsonLD)
    }

    @Test func brokenJSONLDIsStillRead() throws {
        let jsonLD = #"<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2021-03-04T08:00:00+07:00",}</script>"#
        #expect(try article(page(head: jsonLD)).date?.day.iso == "2021-03-04")
    }

    /// 23:30 in California is the next day in UTC; the URL keeps the
    /// publisher's own day.
    @Test func urlDayOverridesAStampOfAnotherDay() throws {
        let html = page(head: #"<meta property="article:published_time" content="2023-11-09T07:30:00Z">"#)
        let date = try article(html, source: "https://news.example.com/2023/11/08/story/").date
        #expect(date?.day.iso == "2023-11-08")
        #expect(date?.source == .url)
    }

    /// The same moment stamped in UTC and in local time: the local day wins.
    @Test func localStampBeatsUTCStamp() throws {
        let head = """
            <meta property="article:published_time" content="2023-11-09T06:35:29+00:00">
            <meta name="sailthru.date" content="2023-11-08 22:35:29">
            """
        #expect(try article(page(head: head)).date?.day.iso == "2023-11-08")
    }

    @Test func microformatAbbrTitle() throws {
        let html = page(afterTitle: #"<p class="meta">Đăng bởi <abbr class="published" title="2017-07-23T17:06:45+0000">23/7</abbr></p>"#)
        #expect(try article(html).date?.day.iso == "2017-07-23")
    }

    /// The portal's clock above the headline, the dateline below it.
    @Test func datelineUnderHeadlineBeatsPortalClock() throws {
        let html = page(beforeTitle: "<span>Thứ hai, 23/11/2020</span>", afterTitle: "<p>Thứ năm, 14/06/2018 - 09:30</p>")
        let date = try article(html).date
        #expect(date?.day.iso == "2018-06-14")
        #expect(date?.source == .dateline)
    }

    @Test(arguments: [
        ("<p>Hà Nội, 23/12/2016</p>", "2016-12-23"),
        ("<p>Ngày cập nhật 22/01/2019</p>", "2019-01-22"),
        ("<p>Cập nhật: 26/06/2017 10:05</p>", "2017-06-26"),
        ("<p>Thứ Năm, 2/11/2023, 19:20 (GMT+7)</p>", "2023-11-02"),
        ("<p>ngày 21 tháng 9 năm 2025</p>", "2025-09-21"),
        ("<div class=\"author\">von <a href=\"/p\">Christian</a> am 03.05.2013, 11:51</div>", "2013-05-03"),
        ("<p>28. Jan. 2022 Paula Balov</p>", "2022-01-28"),
        ("<p>Published November 2, 2023</p>", "2023-11-02"),
    ])
    func visibleDatelines(line: String, iso: String) throws {
        #expect(try article(page(afterTitle: line)).date?.day.iso == iso)
    }

    /// The date shown under the headline wins over metadata that says
    /// another day; not over a stamp one day off (UTC), nor over the same
    /// numbers read month first, nor when it is an update.
    @Test func visibleDateUnderHeadlineAgainstMetadata() throws {
        let meta = #"<meta property="article:published_time" content="2021-12-20T10:00:00+01:00">"#
        let shown = try article(page(head: meta, afterTitle: #"<p class="date"><time datetime="2022-01-27">27.01.2022</time></p>"#)).date
        #expect(shown?.day.iso == "2022-01-27")
        #expect(shown?.source == .dateline)
        let late = #"<meta property="article:published_time" content="2022-01-26T23:30:00Z">"#
        #expect(try article(page(head: late, afterTitle: "<p>27.01.2022</p>")).date?.day.iso == "2022-01-26")
        let american = #"<meta property="article:published_time" content="2020-06-01T08:00:00-04:00">"#
        #expect(try article(page(head: american, afterTitle: "<p>06/01/2020</p>")).date?.day.iso == "2020-06-01")
        #expect(try article(page(head: meta, afterTitle: "<p>Cập nhật: 27/01/2022</p>")).date?.day.iso == "2021-12-20")
    }

    /// A press release opens with its place and day.
    @Test func placeDatelineOpensTheLead() throws {
        let body = "<p>Karlsruhe, (12.11.2021). Traditionell gedenken die Gemeinden im November ihrer Verstorbenen, und die Kirche lädt zu Gottesdiensten ein.</p>" + Self.story
        let date = try article(page(body: body)).date
        #expect(date?.day.iso == "2021-11-12")
        #expect(date?.source == .lead)
    }

    /// A blog's sentence under the post: "Dieser Artikel wurde am …".
    @Test func postFooterSentence() throws {
        let footer = "<div class=\"post-footer\">Dieser Artikel wurde am 14. Dezember 2015 um 14:48 von Heiner geschrieben und unter dem Stichwort Arduino, Infrarot LED, in die Kategorie Arduino eingeordnet.</div>"
        #expect(try article(page(after: footer)).date?.day.iso == "2015-12-14")
    }

    /// A byline at the end of the article, in a date-named element.
    @Test func bylineAtTheEnd() throws {
        let html = page(after: #"<div class="post-meta">Đăng lúc 10:05, <span class="date">26/06/2017</span></div>"#)
        let date = try article(html).date
        #expect(date?.day.iso == "2017-06-26")
        #expect(date?.source == .dateline)
    }

    /// Share bars are furniture, but the byline date in them counts.
    @Test func dateInsideShareBar() throws {
        let html = page(afterTitle: ##"<div class="social-share"><h5>23.01.2019</h5><a href="#">Facebook</a></div>"##)
        #expect(try article(html).date?.day.iso == "2019-01-23")
    }

    /// Dates of other articles (the related list) and of events told in the
    /// story are not the publication date; nor is a date without a year.
    @Test func otherNewsEventsAndYearlessDatesAreNotTaken() throws {
        let body = Self.story + "<p>Hội hữu nghị được thành lập ngày 23 tháng 12 năm 2016 theo quyết định của tỉnh.</p>"
        let related = """
            <div class="tinkhac"><h3>Các tin khác</h3><ul>
            <li><a href="/a">Hội nghị tổng kết công tác đối ngoại</a> (15/12/2018)</li>
            <li><a href="/b">Tiếp xã giao Tổng Lãnh sự</a> (10/12/2018)</li></ul></div>
            """
        let html = page(afterTitle: "<p>Ngày 15/12</p>", body: body, after: related)
        #expect(try article(html).date == nil)
    }

    @Test func updateOnlyWhenNothingSaysPublished() throws {
        let both = page(afterTitle: "<p>Cập nhật: 05/08/2019</p><p>Ngày đăng: 02/08/2019</p>")
        #expect(try article(both).date?.day.iso == "2019-08-02")
        let modified = page(head: #"<meta property="article:modified_time" content="2020-05-06T08:00:00Z">"#)
        let date = try article(modified).date
        #expect(date?.day.iso == "2020-05-06")
        #expect(date?.confidence == .low)
    }

    @Test func scriptDataLayerAndRawStampsAreLastResorts() throws {
        let script = #"<script>window.dataLayer = [{"published_at": "2019-03-02T06:22:28+01:00"}];</script>"#
        #expect(try article(page(head: script)).date?.day.iso == "2019-03-02")
        let comment = #"<!-- rdf dc:date="2020-07-03T17:16:22+09:00" --><!-- cache 2020-07-03 18:00:01 -->"#
        let date = try article(page(head: comment)).date
        #expect(date?.day.iso == "2020-07-03")
        #expect(date?.confidence == .low)
    }

    @Test func futureAndAncientDatesAreTypos() throws {
        #expect(try article(page(afterTitle: "<p>Ngày đăng: 02/08/2999</p>")).date == nil)
        #expect(try article(page(afterTitle: "<p>Ngày đăng: 02/08/1970</p>")).date == nil)
    }

    @Test func otherLanguagesMonthNames() {
        #expect(DateText.matches(in: "15. Februar 2018").first?.day.iso == "2018-02-15")
        #expect(DateText.matches(in: "27 juin 2019").first?.day.iso == "2019-06-27")
        #expect(DateText.matches(in: "13 de junio de 2019").first?.day.iso == "2019-06-13")
        #expect(DateText.matches(in: "22 de outubro de 2010").first?.day.iso == "2010-10-22")
    }
}
