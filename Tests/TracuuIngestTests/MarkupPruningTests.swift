import Testing
import TracuuCore

@testable import TracuuIngest

/// Comments, styles, inline SVG and most script bodies are dropped before
/// libxml2 parses a page (`CTracuuHTML_prune`). These pin down that the
/// shortcut never changes what is extracted: what is read stays, and broken
/// markup is taken the way libxml2 would take it whole.
@Suite struct MarkupPruningTests {
    func article(_ html: String) throws -> Article {
        try Ingester().article(bytes: Array(html.utf8), source: "page.html", format: .html)
    }

    static let story = (1...3).map {
        "<p>Paragraph \($0) of the story tells what the delegation discussed with its hosts in the provincial capital and what both sides will do next.</p>"
    }.joined()

    func page(head: String = "", body: String) -> String {
        "<html><head><title>Talks in Hanoi</title>\(head)</head><body><article><h1>Talks in Hanoi</h1>\(body)</article></body></html>"
    }

    /// JSON-LD and scripts that name a publication stamp are kept whole;
    /// other scripts are emptied, and their text never reaches the body.
    @Test func scriptsThatDateThePageAreKept() throws {
        let head = """
            <script>var tracker = "</div><p>Script text that must not be read as the story at all, however long it is.</p>";</script>
            <script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2023-11-02T19:20:45+07:00"}</script>
            """
        let dated = try article(page(head: head, body: Self.story))
        #expect(dated.date?.day.iso == "2023-11-02")
        #expect(!dated.body.contains("Script text"))
        #expect(dated.body.contains("Paragraph 3 "))

        let dataLayer = #"<script>window.app = {"user": 1, "createdAt": "2019-03-02T06:22:28+01:00"};</script>"#
        #expect(try article(page(head: dataLayer, body: Self.story)).date?.day.iso == "2019-03-02")
    }

    /// An unclosed `<svg>` is closed by the markup around it, not by a
    /// "</svg>" inside a later comment: the story after it stays.
    @Test func unclosedSVGBeforeACommentKeepsTheStory() throws {
        let body = """
            <p>Paragraph 0 opens the story with a long sentence about the visit of the delegation to the province.</p>
            <div class="share"><a href="/pdf"><svg class="icon"><use href="#pdf" /></div>
            <!-- <a href="/print"><svg class="icon"><use href="#print" /></svg></a> -->
            \(Self.story)
            """
        let text = try article(page(body: body)).body
        for n in 0...3 { #expect(text.contains("Paragraph \(n) ")) }
        #expect(!text.contains("-->"))
    }

    /// A "<" inside a quoted attribute value is not markup: "<!--" or
    /// "<script>" there must not swallow the story.
    @Test func markupInsideAttributeValuesIsNotMarkup() throws {
        let opening = "Paragraph 0 opens the story with a long sentence about the visit of the delegation.</p>"
        let comment = try article(page(body: "<p title=\"see <!-- here\">" + opening + Self.story + "<!-- end -->"))
        for n in 0...3 { #expect(comment.body.contains("Paragraph \(n) ")) }
        let script = try article(page(body: "<p>" + opening + "<a data-html=\"<script>x()\" href=\"/x\">link</a>" + Self.story))
        for n in 0...3 { #expect(script.body.contains("Paragraph \(n) ")) }
    }

    /// Inline drawings and styles are emptied without touching what follows,
    /// and an unclosed comment keeps libxml2's own reading.
    @Test func drawingsStylesAndCommentsAreDropped() throws {
        let body = """
            <style>p::after { content: "</p><p>Style text" }</style>
            <svg viewBox="0 0 10 10"><g><path d="M0 0L10 10"></path><title>Icon title</title></g></svg>
            <!-- Hidden paragraph in a comment that an editor left behind. -->
            \(Self.story)
            """
        let text = try article(page(body: body)).body
        for n in 1...3 { #expect(text.contains("Paragraph \(n) ")) }
        #expect(!text.contains("Style text"))
        #expect(!text.contains("Icon title"))
        #expect(!text.contains("Hidden paragraph"))
        let unclosed = try article(page(body: Self.story + "<!-- a comment that never ends <p>Trailing words</p>"))
        #expect(unclosed.body.contains("Paragraph 3 "))
        #expect(!unclosed.body.contains("Trailing words"))
    }
}
