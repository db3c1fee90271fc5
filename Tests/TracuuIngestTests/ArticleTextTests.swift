import Testing
import TracuuCore
import TracuuText

@testable import TracuuIngest

/// What the body keeps and drops on page layouts the public extraction
/// benchmarks showed us: boxes inside stories, page builders, leads in their
/// own box, furniture in several languages, legacy encodings, NFD text.
@Suite struct ArticleTextTests {
    func article(_ html: String) throws -> Article {
        try Ingester().article(bytes: Array(html.utf8), source: "page.html", format: .html)
    }

    static func prose(_ n: Int) -> String {
        "<p>Paragraph \(n) of the story tells what the delegation discussed with its hosts, which agreements were signed in the provincial capital, and what both sides will do next year to carry them out.</p>"
    }

    /// A "Related articles" box in the middle of a story is skipped, and the
    /// story goes on after it.
    @Test func relatedBoxInsideStory() throws {
        let html = """
            <html><body><article><h1>Talks in Hanoi</h1>
            \(Self.prose(1))\(Self.prose(2))
            <h3>Related articles</h3><ul><li><a href="/a">Ministers meet in Vientiane</a></li><li><a href="/b">Trade fair opens</a></li></ul>
            \(Self.prose(3))\(Self.prose(4))
            </article></body></html>
            """
        let body = try article(html).body
        for n in 1...4 { #expect(body.contains("Paragraph \(n) ")) }
        #expect(!body.contains("Related articles"))
        #expect(!body.contains("Vientiane"))
    }

    /// A "Most read" carousel in the middle of the story, its heading in the
    /// carousel's own header: the carousel is skipped, and the story goes
    /// on right after it, short paragraphs included.
    @Test func carouselInsideStory() throws {
        let item = "<div class=\"rail-item\"><h3>TIME TRAVELLER</h3><div>Ministers meet in Vientiane about the new road</div></div>"
        let html = """
            <html><body><article><h1>Talks in Hanoi</h1><div class="content">\(Self.prose(1))\(Self.prose(2))
            <div class="rail"><div class="rail-header"><h3>Most read in world news</h3></div><div class="items">\(item)\(item)</div></div>
            <p>Both sides will meet again in spring, in the provincial capital.</p>\(Self.prose(3))</div></article></body></html>
            """
        let body = try article(html).body
        #expect(body.contains("meet again in spring"))
        #expect(body.contains("Paragraph 3 "))
        #expect(!body.contains("Vientiane"))
        #expect(!body.contains("TIME TRAVELLER"))
    }

    /// Headings left at the end title boxes whose content was dropped.
    @Test func storyDoesNotEndOnAHeading() throws {
        let html = """
            <html><body><article><h1>Talks in Hanoi</h1>\(Self.prose(1))<h2>What comes next</h2>\(Self.prose(2))
            <h3>Newsletter</h3><div class="newsletter-signup"><a href="/s">Sign up</a></div></article></body></html>
            """
        let body = try article(html).body
        #expect(body.contains("What comes next"))
        #expect(!body.contains("Newsletter"))
        #expect(body.hasSuffix("to carry them out."))
    }

    /// The Vietnamese list heading still ends the article when only links follow.
    @Test func otherNewsListEndsTheArticle() throws {
        let html = """
            <html><body><div class="noidung"><h1>Tiếp đoàn</h1>\(Self.prose(1))\(Self.prose(2))
            <p><b>Các tin khác</b></p><p><a href="/x">Hội nghị tổng kết công tác đối ngoại năm 2018 của tỉnh</a></p>
            <p><a href="/y">Tiếp xã giao Tổng Lãnh sự Lào tại Đà Nẵng nhân dịp năm mới</a></p></div></body></html>
            """
        let body = try article(html).body
        #expect(body.contains("Paragraph 2 "))
        #expect(!body.contains("Hội nghị tổng kết"))
    }

    /// Page builders put each part of a story in its own row and column.
    @Test func storySplitAcrossBuilderRows() throws {
        let row = { (n: Int) in
            "<div class=\"vc_row\"><div class=\"vc_column\"><div class=\"wpb_wrapper\">\(Self.prose(n))\(Self.prose(n + 10))</div></div></div>"
        }
        let html = """
            <html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><div class="page">
            <h1>Talks in Hanoi</h1>\(row(1))\(row(2))\(row(3))</div>
            <div class="footer-links"><a href="/imprint">Imprint</a></div></body></html>
            """
        let body = try article(html).body
        for n in [1, 2, 3, 11, 12, 13] { #expect(body.contains("Paragraph \(n) "), "missing paragraph \(n)") }
        #expect(!body.contains("Imprint"))
    }

    /// Modules of a story, each wrapped ten levels deep in a grid's rows,
    /// columns and cards: wrappers that add no text are not steps up.
    @Test func storySplitAcrossDeepGridModules() throws {
        let module = { (n: Int) in
            String(repeating: "<div class=\"row\"><div class=\"col\">", count: 5) + Self.prose(n) + Self.prose(n + 10)
                + String(repeating: "</div></div>", count: 5)
        }
        let html = """
            <html><body><div class="page"><h1>Talks in Hanoi</h1>\(module(1))\(module(2))\(module(3))\(module(4))</div></body></html>
            """
        let body = try article(html).body
        for n in [1, 2, 3, 4, 11, 12, 13, 14] { #expect(body.contains("Paragraph \(n) "), "missing paragraph \(n)") }
    }

    /// Cards of other stories under the article (a linked headline, then a
    /// lead without links) do not make the page's prose the story's.
    @Test func storyCardsDoNotJoinTheStory() throws {
        let card = { (n: Int) in
            "<div class=\"card\"><h3><a href=\"/s\(n)\">Trade fair number \(n) opens</a></h3><p>Three hundred booths from both provinces opened on Monday at the border gate, and the organizers expect many more visitors than last year.</p></div>"
        }
        let html = """
            <html><body><div class="layout"><div class="story"><h1>Talks in Hanoi</h1>\(Self.prose(1))\(Self.prose(2))\(Self.prose(3))</div>
            <div class="cards">\((1...5).map(card).joined())</div></div></body></html>
            """
        let body = try article(html).body
        #expect(body.contains("Paragraph 3 "))
        #expect(!body.contains("booths"))
    }

    /// The sapo in its own box between the headline and the body is kept, first.
    @Test func leadBoxUnderHeadline() throws {
        let html = """
            <html><body><div class="wrap"><h1>Talks in Hanoi</h1>
            <div class="teaser-lead"><p>The two provinces agreed to open a new border gate and to double trade within five years.</p></div>
            <div class="article-body">\(Self.prose(1))\(Self.prose(2))\(Self.prose(3))</div></div></body></html>
            """
        let paragraphs = try article(html).body.split(separator: "\n")
        #expect(paragraphs.first?.hasPrefix("The two provinces agreed") == true)
        #expect(paragraphs.count == 4)
    }

    /// The standfirst in the header of the `<article>` that holds the body
    /// is the lead, even when the headline is not the page's title; the
    /// header's picture caption and a sign-up box there are not.
    @Test func leadInTheArticleHeader() throws {
        let html = """
            <html><head><title>Hanoi talks | Example News</title></head><body><article><header>
            <h1>Ministers agree on a new border crossing</h1>
            <p class="standfirst">The two provinces will open a fourth crossing next spring, and trade is expected to double within five years.</p>
            <figure><img src="a.jpg"><div class="caption">The ministers at the signing ceremony in the provincial capital, Tuesday morning, before the press.</div></figure>
            <div class="article-body__newsletter"><p>Get breaking news alerts and special reports. The news and stories that matter, delivered weekday mornings.</p></div>
            </header><div class="story-body">\((1...6).map(Self.prose).joined())</div></article></body></html>
            """
        let paragraphs = try article(html).body.split(separator: "\n")
        #expect(paragraphs.first?.hasPrefix("The two provinces will open") == true)
        #expect(paragraphs.count == 7)
    }

    /// An off-canvas menu wrapper around the whole page is not furniture.
    @Test func menuWrapperAroundThePage() throws {
        let html = """
            <html><body><div class="wsmenucontainer"><nav class="menu"><a href="/">Trang chủ</a></nav>
            <article><h1>Talks in Hanoi</h1>\(Self.prose(1))\(Self.prose(2))</article></div></body></html>
            """
        #expect(try article(html).body.contains("Paragraph 2 "))
    }

    @Test func furnitureInOtherLanguages() throws {
        let html = """
            <html><body><article><h1>Gespräche in Hanoi</h1>\(Self.prose(1))\(Self.prose(2))
            <p>Foto: Sascha Klahn</p><p>(Ảnh: TTXVN)</p><p>Getty Images</p><p>Posted by K A</p><p>Kategorie: News, Politik</p>
            <p>Tags</p><p>Mehr zum Thema</p><p>Lesezeit: 3 Minuten</p><p>Image 2 of 8</p><p>https://example.com/share/123</p>
            </article></body></html>
            """
        let body = try article(html).body
        for furniture in ["Tags", "Mehr zum Thema", "Lesezeit", "Image 2 of 8", "https://", "Foto", "Ảnh", "Getty", "Posted", "Kategorie"] {
            #expect(!body.contains(furniture), "furniture left: \(furniture)")
        }
        #expect(body.split(separator: "\n").count == 2)
        // A caption that names its photographer is still a caption.
        #expect(!Furniture.isFurniturePhrase("Die Minister unterzeichnen den Vertrag in Hanoi. (Foto: Privat)"))
        #expect(!Furniture.isFurniturePhrase("Ảnh: Bộ trưởng hai nước ký biên bản hợp tác tại Hà Nội sáng thứ Ba"))
    }

    /// Post footers, rows of widget links, reading times, rights lines and
    /// box headings are furniture in any of the languages the benchmark
    /// pages are written in.
    @Test func moreFurnitureByWording() {
        for line in [
            "Kommentarfeed | Kommentare geschlossen | Trackback-URL", "weiterlesen 10 Minuten", "(Noch keine Bewertungen)",
            "© Matthias Hangst/Getty Images", "Das könnte Dich auch interessieren:", "Kontakt:", "Permalink",
            "Dieses Skript als PDF herunterladen", "Themen: Kritik aus dem Internet", "Tải về",
            "Erstellt am Dienstag 6. Mai 2014 um 23:30 und abgelegt unter debianforum, Linux, Tutorials, Ubuntu, ubuntuusers.de. "
                + "Kommentare zu diesen Eintrag im RSS 2.0 Feed. Kommentare und Pings sind derzeit nicht erlaubt.",
        ] {
            #expect(Furniture.isFurniturePhrase(line), "not furniture: \(line)")
        }
        for line in [
            "Việt Nam | Lào | Campuchia ký hiệp định hợp tác phát triển vùng biên giới chung",
            "Bộ trưởng phát biểu tại hội nghị trong 10 phút", "Kontakte zwischen beiden Provinzen wachsen",
        ] {
            #expect(!Furniture.isFurniturePhrase(line), "furniture: \(line)")
        }
    }

    /// A caption keeps its words and loses the credit at its end, except a
    /// Vietnamese caption's "Ảnh: ..." (see `Furniture.strippingCredit`).
    @Test(arguments: [
        ("GdP-Vize und Tarifexperte René Klemmer. Foto: GdP/Hagen Immel", "GdP-Vize und Tarifexperte René Klemmer."),
        ("Kranzniederlegung am Holocaust-Mahnmal © Presse- und Informationsamt der Bundesregierung | Jesco Denzel",
         "Kranzniederlegung am Holocaust-Mahnmal"),
        ("Das Hermelin ist im Winter mit seinem weißen Fell gut getarnt. (mlharing / iStock.com)",
         "Das Hermelin ist im Winter mit seinem weißen Fell gut getarnt."),
        ("Hai bộ trưởng ký biên bản hợp tác tại Hà Nội. (Ảnh: TTXVN)", "Hai bộ trưởng ký biên bản hợp tác tại Hà Nội. (Ảnh: TTXVN)"),
        ("Y bác sĩ nội soi cho bệnh nhân. Ảnh: Bệnh viện cung cấp", "Y bác sĩ nội soi cho bệnh nhân. Ảnh: Bệnh viện cung cấp"),
        ("Die Minister in Hanoi. (Foto: Privat)", "Die Minister in Hanoi."),
        ("See more photos:", "See more photos:"),
        ("Ảnh: Bộ trưởng hai nước ký biên bản hợp tác tại Hà Nội sáng thứ Ba", "Ảnh: Bộ trưởng hai nước ký biên bản hợp tác tại Hà Nội sáng thứ Ba"),
        ("Tỉnh đã ký hợp tác với: Lào, Campuchia", "Tỉnh đã ký hợp tác với: Lào, Campuchia"),
    ])
    func captionsLoseTheirCredit(caption: String, kept: String) throws {
        #expect(Furniture.strippingCredit(caption) == kept)
        let html = "<html><body><article><h1>Talks in Hanoi</h1>\(Self.prose(1))<p>\(caption)</p>\(Self.prose(2))</article></body></html>"
        #expect(try article(html).body.contains(kept))
    }

    /// A page whose text is drawn by scripts keeps its own summary.
    @Test func scriptDrawnPageKeepsItsSummary() throws {
        let summary = "Hai tỉnh thống nhất mở thêm cửa khẩu và tăng gấp đôi kim ngạch thương mại trong năm năm tới, theo biên bản ký hôm nay."
        let html = """
            <html><head><title>Hội đàm</title><meta property="og:description" content="\(summary)"></head>
            <body><div id="app"></div><script>render()</script></body></html>
            """
        #expect(try article(html).body == summary)
    }

    @Test func decomposedTextIsComposed() throws {
        let nfd = Normalizer.normalize("Hội nghị hợp tác giữa các địa phương biên giới Việt Nam và Lào diễn ra tại Điện Biên", .nfd)
        let html = "<html><body><article><h1>Tin</h1><p>\(nfd).</p><p>\(nfd), với nhiều thỏa thuận được ký.</p></article></body></html>"
        let body = try article(html).body
        #expect(body.hasPrefix("Hội nghị hợp tác"))
        #expect(body == Normalizer.normalize(body, .nfc))
    }

    /// ASP.NET pages wrap the whole body in a `<form>`; an unclosed `<nav>`
    /// or an unclosed element in `<noscript>` swallows the rest of the page.
    /// None of them makes the story furniture.
    @Test(arguments: [
        "<form method=\"post\"><nav><a href=\"/\">Home</a></nav>%@</form>",
        "<nav class=\"navbar\"><a href=\"/\">Home</a><div><main>%@</main></div>",
        "<noscript><div id=\"nojs\"></noscript><div>%@</div>",
    ])
    func storyInsideAWrapper(_ layout: String) throws {
        let story = "<article><h1>Talks in Hanoi</h1>\(Self.prose(1))\(Self.prose(2))\(Self.prose(3))\(Self.prose(4))</article>"
        let html = "<html><body>" + layout.replacingOccurrences(of: "%@", with: story) + "</body></html>"
        let body = try article(html).body
        for n in 1...4 { #expect(body.contains("Paragraph \(n) "), "\(layout)") }
        #expect(!body.contains("Home"))
    }

    /// A login dialog keeps its forms and messages in `<article>`s of its
    /// own: still chrome, however much it holds.
    @Test func loginDialogIsNotTheStory() throws {
        let message = "<p>No account exists for this e-mail address, or the password you entered is wrong. Please try again or register.</p>"
        let html = """
            <html><body><main><article><h1>Talks in Hanoi</h1>\(Self.prose(1))\(Self.prose(2))</article></main>
            <div class="b-dialog x-dialog-login"><article class="login-modal">\(String(repeating: message, count: 8))</article></div></body></html>
            """
        let body = try article(html).body
        #expect(body.contains("Paragraph 2 "))
        #expect(!body.contains("password"))
    }

    /// "Explore further", "Über den Autor": boxes after the story.
    @Test func boxHeadingsAfterTheStory() throws {
        for heading in ["Explore further", "Über den Autor", "Das könnte Sie auch interessieren!", "Weiterführende Informationen"] {
            let html = """
                <html><body><article><h1>Talks in Hanoi</h1>\(Self.prose(1))\(Self.prose(2))
                <h3>\(heading)</h3><p>Our correspondent in Vientiane writes about the region's diplomacy.</p></article></body></html>
                """
            let body = try article(html).body
            #expect(!body.contains(heading), "\(heading)")
            #expect(!body.contains("Vientiane"), "\(heading)")
        }
    }

    /// A sidebar that titles its widgets with `<h1>` stays furniture.
    @Test func sidebarWithHeadlinesIsNotTheStory() throws {
        let widget = "<h1>Column</h1><p>Click the photo to read every column our writer has published about racing this season and the last.</p>"
        let html = """
            <html><body><div class="post"><h1>Talks in Hanoi</h1>\(Self.prose(1))\(Self.prose(2))</div>
            <aside class="sidebar">\(widget)\(widget)\(widget)\(widget)\(widget)\(widget)</aside></body></html>
            """
        let body = try article(html).body
        #expect(body.contains("Paragraph 2 "))
        #expect(!body.contains("Click the photo"))
    }

    /// A ticker of teasers above the story (list items, each a linked
    /// headline and its lead) neither wins nor joins the story.
    @Test func teaserTickerAboveTheStory() throws {
        let teaser = "<li><a href=\"/t\">Ministers meet in Vientiane</a> VIENTIANE: The ministers of both countries met on Tuesday to review border trade, investment and the new road.</li>"
        let html = """
            <html><body><div class="left"><div class="ticker"><ul>\(String(repeating: teaser, count: 10))</ul></div>
            <div class="story"><h2>Talks in Hanoi</h2>\(Self.prose(1))\(Self.prose(2))\(Self.prose(3))</div></div></body></html>
            """
        let body = try article(html).body
        for n in 1...3 { #expect(body.contains("Paragraph \(n) ")) }
        #expect(!body.contains("Vientiane"))
    }

    /// A "More in …" box after the story is a list of teasers even where
    /// each teaser's lead is a long paragraph and says "Read more".
    @Test func moreStoriesBoxAfterTheStory() throws {
        let teaser = """
            <li><article><h5><a href="/x">Trade fair opens</a></h5><div class="excerpt">LAO CAI — The trade fair on the border opened on Monday with three hundred booths from both provinces, \
            and the organizers expect more visitors than last year because the new highway now reaches the gate.</div><a href="/x">Read More</a></article></li>
            """
        let html = """
            <html><body><div class="content"><article><h1>Talks in Hanoi</h1>\(Self.prose(1))\(Self.prose(2))\(Self.prose(3))</article>
            <div class="more-box"><h2>More in Provinces</h2><ul>\(teaser)\(teaser)\(teaser)</ul></div></div></body></html>
            """
        let body = try article(html).body
        #expect(body.contains("Paragraph 3 "))
        #expect(!body.contains("trade fair"))
        #expect(!body.contains("More in"))
    }

    /// Ruby annotations (the kana printed above kanji) are not text.
    @Test func rubyReadingsAreDropped() throws {
        let clause = "<ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへの<ruby>虐待<rt>ぎゃくたい</rt></ruby>をなくすための<ruby>法律<rt>ほうりつ</rt></ruby>ができました。"
        let sentence = "<p>" + clause + clause + "</p>"
        let html = "<html><body><article><h1>法律</h1>" + String(repeating: sentence, count: 4) + "</article></body></html>"
        let body = try article(html).body
        #expect(body.contains("子どもへの虐待をなくすための法律ができました。"))
        #expect(!body.contains("ぎゃくたい"))
    }

    // MARK: Legacy encodings

    /// "Sở Ngoại vụ tỉnh Quảng Ninh tiếp Đại sứ Nhật Bản" in TCVN3 bytes
    /// (ở EB, ạ B9, ụ F4, ỉ D8, ả B6, ế D5, Đ A7, ứ F8, ậ CB).
    static let tcvn3Sentence: [UInt8] =
        Array("S".utf8) + [0xEB] + Array(" Ngo".utf8) + [0xB9] + Array("i v".utf8) + [0xF4] + Array(" t".utf8) + [0xD8]
        + Array("nh Qu".utf8) + [0xB6] + Array("ng Ninh ti".utf8) + [0xD5] + Array("p ".utf8) + [0xA7, 0xB9]
        + Array("i s".utf8) + [0xF8] + Array(" Nh".utf8) + [0xCB] + Array("t B".utf8) + [0xB6] + Array("n".utf8)
    static let expected = "Sở Ngoại vụ tỉnh Quảng Ninh tiếp Đại sứ Nhật Bản"

    /// The same sentence in VNI: a vowel and its modifier byte.
    static let vniSentence: [UInt8] = Array("Sôû Ngoaïi vuï tænh Quaûng Ninh tieáp Ñaïi söù Nhaät Baûn".unicodeScalars.map { UInt8($0.value) })

    func legacyPage(_ sentence: [UInt8], font: String) -> [UInt8] {
        let paragraph = Array("<p style=\"font-family: \(font)\">".utf8) + sentence + Array(", hai bên trao đổi hợp tác.</p>".utf8.map { $0 < 0x80 ? $0 : 0x20 })
        return Array("<html><head><meta charset=\"iso-8859-1\"><title>Tin</title></head><body><div class=\"content\">".utf8)
            + paragraph + paragraph + paragraph + Array("</div></body></html>".utf8)
    }

    @Test(arguments: [".VnTime", "Arial"])
    func tcvn3Page(font: String) throws {
        let article = try Ingester().article(bytes: legacyPage(Self.tcvn3Sentence, font: font), source: "tcvn3.html", format: .html)
        #expect(article.body.hasPrefix(Self.expected))
    }

    @Test(arguments: ["VNI-Times", "Arial"])
    func vniPage(font: String) throws {
        let article = try Ingester().article(bytes: legacyPage(Self.vniSentence, font: font), source: "vni.html", format: .html)
        #expect(article.body.hasPrefix(Self.expected))
    }

    /// A TCVN3 page once saved as UTF-8 by a tool that read it as Latin-1.
    @Test func tcvn3PageSavedAsUTF8() throws {
        let mangled = String(String.UnicodeScalarView(Self.tcvn3Sentence.map { Unicode.Scalar($0) }))
        let html = "<html><body><div class=\"c\"><p><font face=\".VnTime\">\(mangled), hai ben trao doi hop tac.</font></p><p><font face=\".VnTime\">\(mangled).</font></p></div></body></html>"
        #expect(try article(html).body.hasPrefix(Self.expected))
    }

    /// Western pages in windows-1252 keep their accents: é is not ộ.
    @Test func westernLatin1PageIsNotLegacy() throws {
        let french = "Le ministre a rencontré les délégués à Genève pour évoquer la coopération économique et les échanges culturels."
        let bytes = Array("<html><head><meta charset=\"windows-1252\"></head><body><p>".utf8)
            + french.unicodeScalars.map { UInt8($0.value) } + Array("</p><p>".utf8)
            + french.unicodeScalars.map { UInt8($0.value) } + Array("</p></body></html>".utf8)
        #expect(LegacyVietnamese.detect(bytes) == nil)
        let article = try Ingester().article(bytes: bytes, source: "fr.html", format: .html)
        #expect(article.body.hasPrefix(french))
    }
}
