/// The page's text cut into blocks (paragraphs, headings, list items, table
/// cells), each knowing the elements around it and how much of it is link
/// text: the raw material for finding the article in the page.
struct HTMLBlocks {
    struct Block {
        var text: String
        /// Characters of `text` that sit inside `<a>`.
        var linkCharacters: Int
        /// The tag of the block element that holds the text ("p", "h2", "div"...).
        var tag: String
        /// Enclosing elements, nearest first (at most `maxDepth`).
        var ancestors: [HTMLNode]
        /// Whether a nearby element's class or id says "date", "time" ...
        var dateHint: Bool

        var linkDensity: Double { text.isEmpty ? 0 : Double(linkCharacters) / Double(text.count) }
        var isHeading: Bool { ["h1", "h2", "h3", "h4", "h5", "h6"].contains(tag) }
    }

    static let maxDepth = 64

    /// Elements whose content is never article text.
    static let skippedTags: Set<String> = [
        "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "form", "button",
        "select", "input", "textarea", "nav", "aside", "footer", "menu", "head", "map", "audio", "video", "dialog",
    ]

    /// Elements that end one block and start another.
    static let blockTags: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "blockquote", "pre", "figcaption", "dd", "dt",
        "article", "section", "main", "header", "table", "tr", "ul", "ol", "dl", "caption", "address", "center",
        "figure", "body", "html", "tbody", "thead", "hr", "br", "summary", "details",
    ]

    /// class/id words of boilerplate containers: their content is dropped.
    static let negativeWords = [
        "comment", "share", "social", "related", "breadcrumb", "footer", "banner", "advert", "ads-", "-ads",
        "ads_", "popup", "cookie", "login", "subscribe", "newsletter", "navbar", "navigation", "pagination",
        "tinkhac", "tin-khac", "tin_khac", "other-news", "othernews", "tinlienquan", "tin-lien-quan", "lienquan",
        "related-news", "box-tin", "tag-list", "toolbar", "rating", "masthead", "copyright", "most-read",
        "mostread", "xemnhieu", "xem-nhieu", "hotnews", "topnews", "promo", "sponsor", "shoutbox", "counter",
        "thongke", "skip-link", "modal", "dropdown", "menu",
    ]
    /// class/id words of page columns that often, but not always, hold
    /// furniture ("sidebar-1" is VnExpress's article column): they lower a
    /// container's score instead of dropping its content.
    static let weakNegativeWords = ["sidebar", "widget", "col-right", "right-col", "aside", "box-right", "ben-phai"]
    /// class/id words of article containers (they protect a container from a
    /// negative word, as in "article-detail share-count").
    static let positiveWords = [
        "article", "content", "detail", "body", "main", "post", "entry", "story", "fck_detail", "news-content",
        "noidung", "noi-dung", "chitiet", "chi-tiet", "text", "blog",
    ]
    static let dateWords = ["date", "time", "ngay", "publish", "posted", "post-meta", "byline", "datetime", "meta"]

    private(set) var blocks: [Block] = []
    private var text = ""
    private var linkCharacters = 0
    private var currentTag = "div"
    private var ancestors: [HTMLNode] = []
    private var dateHintDepth = 0

    init(root: HTMLNode) {
        walk(root, insideLink: false)
        flush()
    }

    static func isBoilerplate(_ classAndID: String) -> Bool {
        guard !classAndID.isEmpty else { return false }
        let negative = negativeWords.contains { classAndID.contains($0) }
        guard negative else { return false }
        return !positiveWords.contains { classAndID.contains($0) }
    }

    private mutating func walk(_ node: HTMLNode, insideLink: Bool) {
        switch node.kind {
        case .text:
            let piece = node.text
            text.append(piece)
            if insideLink {
                linkCharacters += piece.count
            }
        case .element:
            let name = node.name
            if HTMLBlocks.skippedTags.contains(name) { return }
            let classAndID = node.classAndID
            if name != "body" && name != "html" && HTMLBlocks.isBoilerplate(classAndID) { return }
            if node.attribute("hidden") != nil || (node.attribute("style")?.lowercased().filter { $0 != " " }.contains("display:none") ?? false)
                || (node.attribute("aria-hidden") == "true")
            {
                return
            }
            let isBlock = HTMLBlocks.blockTags.contains(name)
            let hintsDate = HTMLBlocks.dateWords.contains { classAndID.contains($0) }
            if hintsDate { dateHintDepth += 1 }
            defer { if hintsDate { dateHintDepth -= 1 } }
            if isBlock {
                flush()
                if name == "br" || name == "hr" { return }
                let savedTag = currentTag
                currentTag = name
                ancestors.insert(node, at: 0)
                if ancestors.count > HTMLBlocks.maxDepth { ancestors.removeLast() }
                var child = node.firstChild
                while let next = child {
                    walk(next, insideLink: insideLink)
                    child = next.nextSibling
                }
                flush()
                ancestors.removeFirst()
                currentTag = savedTag
            } else {
                if name == "img" {
                    return
                }
                let link = insideLink || name == "a"
                var child = node.firstChild
                while let next = child {
                    walk(next, insideLink: link)
                    child = next.nextSibling
                }
            }
        default:
            return
        }
    }

    private mutating func flush() {
        defer {
            text = ""
            linkCharacters = 0
        }
        let collapsed = collapseWhitespace(text)
        guard !collapsed.isEmpty else { return }
        blocks.append(
            Block(
                text: collapsed, linkCharacters: min(linkCharacters, collapsed.count), tag: currentTag,
                ancestors: ancestors, dateHint: dateHintDepth > 0))
    }
}
