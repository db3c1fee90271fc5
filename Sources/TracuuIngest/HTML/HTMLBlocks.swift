#if canImport(Glibc)
import Glibc
#endif
import TracuuText

/// The page's text cut into blocks (paragraphs, headings, list items, table
/// cells), each knowing the elements around it and how much of it is link
/// text: the raw material for finding the article in the page.
struct HTMLBlocks {
    struct Block {
        var text: String
        /// Unicode scalars in `text` (NFC, so about its characters), counted
        /// once: `String.count` walks grapheme clusters every time.
        var length: Int
        /// Characters of `text` that sit inside `<a>`.
        var linkCharacters: Int
        /// The tag of the block element that holds the text ("p", "h2", "div"...).
        var tag: String
        /// The nearest block element around the text, an index into
        /// `elements` (-1 for text directly in the root); the enclosing ones
        /// follow through `parents`.
        var element: Int32
        /// Whether a nearby element's class or id says "date", "time" ...
        var dateHint: Bool
        /// Inside page chrome (a share bar, a breadcrumb): never article
        /// text, but it may hold the byline's date.
        var isFurniture: Bool
        /// The machine-readable stamp of a `<time datetime>` in the block.
        var timestamp: String?

        var linkDensity: Double { length == 0 ? 0 : Double(linkCharacters) / Double(length) }
        var hasDigit: Bool { text.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } }
        var isHeading: Bool { ["h1", "h2", "h3", "h4", "h5", "h6"].contains(tag) }
    }

    static let maxDepth = 64

    /// Every block element that holds text, in document order, with the
    /// index of the block element around it (-1 at the top): the tree the
    /// extractor scores, as arrays, so scoring needs no hashing.
    private(set) var elements: [HTMLNode] = []
    private(set) var parents: [Int32] = []
    /// Depth of each element in that tree (0 at the top).
    private(set) var depths: [Int32] = []
    /// Element index of a node, for finding a container's siblings.
    private(set) var indexOf: [HTMLNode: Int32] = [:]
    /// Which of `classLists` each element's class and id name, matched once
    /// during the walk.
    private(set) var classWords: [UInt32] = []

    /// True when `element` or a block element around it is marked in `marks`.
    func isInside(_ element: Int32, where marks: [Bool]) -> Bool {
        var current = element
        while current >= 0 {
            if marks[Int(current)] { return true }
            current = parents[Int(current)]
        }
        return false
    }

    /// True when `element` is `ancestor` or lies below it.
    func isInside(_ element: Int32, ancestor: Int32) -> Bool {
        var current = element
        while current >= 0 {
            if current == ancestor { return true }
            current = parents[Int(current)]
        }
        return false
    }

    /// True when `element` is, or lies close below, a figure, its caption
    /// or a slideshow: the words under a picture, not the lead.
    func isCaption(_ element: Int32) -> Bool {
        var current = element
        for _ in 0..<4 where current >= 0 {
            let name = elements[Int(current)].name
            if name == "figure" || name == "figcaption" { return true }
            if classWords[Int(current)] & HTMLBlocks.captionBit != 0 { return true }
            current = parents[Int(current)]
        }
        return false
    }

    /// True when an element between `element` and `top` has a class or id
    /// that names chrome or other stories, even beside an article word
    /// ("article-body__tablet-newsletter"): a sign-up box or a teaser, not
    /// the lead.
    func isInPromotion(_ element: Int32, below top: Int32) -> Bool {
        var current = element
        for _ in 0..<8 where current >= 0 && current != top {
            if classWords[Int(current)] & (HTMLBlocks.chromeBit | HTMLBlocks.listBit) != 0 { return true }
            current = parents[Int(current)]
        }
        return false
    }

    /// True when `element` lies in a list item or an `<article>` inside
    /// `box`: one teaser of a box of other stories, however long its lead.
    func isTeaser(_ element: Int32, inBox box: Int32) -> Bool {
        var current = element
        var inItem = false
        while current >= 0 {
            if current == box { return inItem }
            let name = elements[Int(current)].name
            if name == "li" || name == "article" { inItem = true }
            current = parents[Int(current)]
        }
        return false
    }

    /// The page's headline, recognized among the blocks: the same words as
    /// the title (folded), about as long.
    struct Headline {
        let key: String
        let length: Int

        init?(_ title: String?) {
            guard let title else { return nil }
            key = Folding.matchKey(title)
            length = title.unicodeScalars.count
        }

        func matches(_ block: Block) -> Bool {
            abs(block.length - length) <= 2 + length / 8 && Folding.matchKey(block.text) == key
        }
    }

    /// Elements whose content is never article text.
    static let skippedTags: Set<String> = [
        "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas", "button",
        "select", "input", "textarea", "head", "map", "audio", "video", "dialog",
        // Ruby annotations: the reading printed above a kanji, not text.
        "rt", "rp",
    ]
    /// Elements of page chrome by their tag: never article text, but an
    /// article's `<footer>` or `<aside>` often carries its byline date.
    static let chromeTags: Set<String> = ["nav", "aside", "footer", "menu", "form"]

    /// Elements that end one block and start another.
    static let blockTags: Set<String> = [
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "blockquote", "pre", "figcaption", "dd", "dt",
        "article", "section", "main", "header", "table", "tr", "ul", "ol", "dl", "caption", "address", "center",
        "figure", "body", "html", "tbody", "thead", "hr", "br", "summary", "details",
    ]

    /// class/id words of containers of other articles (related news, most
    /// read, comments): nothing in them belongs to this article, not even
    /// their dates, so they are skipped whole.
    static let listWords = [
        "comment", "related", "tinkhac", "tin-khac", "tin_khac", "other-news", "othernews", "tinlienquan",
        "tin-lien-quan", "lienquan", "related-news", "box-tin", "most-read", "mostread", "xemnhieu", "xem-nhieu",
        "hotnews", "topnews", "popular", "recommend", "teasers", "teaser-list", "teaserlist", "relatedposts", "shoutbox", "counter", "thongke",
    ]
    /// class/id words of page chrome (share bars, breadcrumbs, banners): its
    /// text is not article text, but a byline date may sit in it, so its
    /// blocks are kept and marked as furniture.
    static let chromeWords = [
        "share", "social", "breadcrumb", "footer", "banner", "advert", "ads-", "-ads", "ads_",
        "subscribe", "newsletter", "navbar", "navigation", "pagination", "tag-list", "toolbar", "rating",
        "masthead", "copyright", "promo", "sponsor", "skip-link", "dropdown", "menu", "caption-credit",
        "author", "shariff", "sharing",
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
    /// class/id words of chrome that never wraps the page (dialogs, the
    /// login box, the cookie banner), whatever it holds.
    static let dialogWords = ["login", "modal", "popup", "cookie", "dialog", "consent"]
    /// class/id words of pictures and the words under them.
    static let captionWords = ["caption", "gallery", "slideshow", "carousel", "slide", "figure", "credit"]
    /// class/id words of elements that hold a date or a byline.
    static let dateWords = [
        "date", "time", "ngay", "publish", "posted", "post-meta", "postmeta", "byline", "datetime", "meta", "datum",
        "created", "fecha", "submitted", "dateline", "timestamp", "entry-info", "article-info", "lastmod",
    ]

    private(set) var blocks: [Block] = []
    /// The UTF-8 bytes of the block being gathered: text nodes are copied
    /// here as they are, and become one String at `flush`.
    private var textBytes: [UInt8] = []
    private var linkCharacters = 0
    private var currentTag = "div"
    private var currentElement: Int32 = -1
    private var dateHintDepth = 0
    private var blockHasDateHint = false
    private var chromeDepth = 0
    private var timestamp: String?

    init(root: HTMLNode) {
        walk(root, insideLink: false)
        flush()
    }

    /// All the class-word lists above, matched in one pass per element.
    static let classLists = ClassWordLists([
        listWords, chromeWords, weakNegativeWords, positiveWords, dateWords, captionWords, dialogWords,
    ])
    static let listBit: UInt32 = 1 << 0
    static let chromeBit: UInt32 = 1 << 1
    static let weakNegativeBit: UInt32 = 1 << 2
    static let positiveBit: UInt32 = 1 << 3
    static let dateBit: UInt32 = 1 << 4
    static let captionBit: UInt32 = 1 << 5
    static let dialogBit: UInt32 = 1 << 6

    enum Boilerplate { case none, list, chrome }

    /// Whether an element's class and id name a list of other articles, page
    /// chrome, or neither (an article-like word overrides both).
    static func boilerplate(_ words: UInt32) -> Boilerplate {
        guard words & (listBit | chromeBit | dialogBit) != 0, words & positiveBit == 0 else { return .none }
        return words & listBit != 0 ? .list : .chrome
    }

    private mutating func walk(_ node: HTMLNode, insideLink: Bool) {
        switch node.kind {
        case .text:
            guard let raw = node.textPointer else { return }
            let piece = UnsafeRawBufferPointer(start: raw, count: strlen(raw)).bindMemory(to: UInt8.self)
            textBytes.append(contentsOf: piece)
            // An inline <span class="date"> marks the whole block.
            if dateHintDepth > 0 && !blockHasDateHint && piece.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) {
                blockHasDateHint = true
            }
            if insideLink {
                for byte in piece where byte & 0xC0 != 0x80 { linkCharacters += 1 }
            }
        case .element:
            let name = node.name
            // An unclosed element in a <noscript> swallows the rest of the
            // page into it, article included.
            if HTMLBlocks.skippedTags.contains(name) && !(name == "noscript" && HTMLBlocks.holdsArticle(node)) { return }
            let info = node.visibility
            if info.hidden { return }
            let words = node.classWords(HTMLBlocks.classLists)
            var isChrome = HTMLBlocks.chromeTags.contains(name)
            if isChrome && HTMLBlocks.wrapsPage(node, form: name == "form") {
                // ASP.NET pages wrap the whole body in one <form>; an
                // unclosed <nav> swallows the rest of the page.
                isChrome = false
            }
            if !isChrome && name != "body" && name != "html" {
                // A wrapper named "menu-container" around the whole page
                // (off-canvas menus) holds the article: it is not chrome.
                // So is a "social-sticky" wrapper around the article's
                // paragraphs.
                var kind = HTMLBlocks.boilerplate(words)
                if kind == .list && node.containsElement(where: { ["article", "main", "h1"].contains($0) }) { kind = .none }
                // A login or cookie dialog holds forms and messages in
                // <article>s of its own, never the story.
                if kind == .chrome && words & HTMLBlocks.dialogBit == 0 && HTMLBlocks.holdsArticle(node) { kind = .none }
                switch kind {
                case .list: return
                case .chrome: isChrome = true
                case .none: break
                }
            }
            if isChrome { chromeDepth += 1 }
            defer { if isChrome { chromeDepth -= 1 } }
            let isBlock = HTMLBlocks.blockTags.contains(name)
            let hintsDate =
                words & HTMLBlocks.dateBit != 0 || name == "time"
                || (info.property.map { $0.lowercased().contains("date") } ?? false)
            if hintsDate { dateHintDepth += 1 }
            defer { if hintsDate { dateHintDepth -= 1 } }
            if isBlock { flush() }
            if hintsDate, timestamp == nil { timestamp = HTMLBlocks.machineStamp(node) }
            if isBlock {
                if name == "br" || name == "hr" { return }
                let savedTag = currentTag
                currentTag = name
                let savedElement = currentElement
                let depth = currentElement >= 0 ? depths[Int(currentElement)] + 1 : 0
                if depth < HTMLBlocks.maxDepth {
                    currentElement = Int32(elements.count)
                    elements.append(node)
                    classWords.append(words)
                    parents.append(savedElement)
                    depths.append(depth)
                    indexOf[node] = currentElement
                }
                var child = node.firstChild
                while let next = child {
                    walk(next, insideLink: insideLink)
                    child = next.nextSibling
                }
                flush()
                currentElement = savedElement
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

    /// Whether a container named or tagged as chrome in fact wraps the
    /// article: it holds an `<article>`, `<main>` or `<h1>`, or 600
    /// characters of paragraphs.
    static func holdsArticle(_ node: HTMLNode) -> Bool {
        node.containsElement(where: { ["article", "main", "h1"].contains($0) }) || node.paragraphCharacters(upTo: 600) >= 600
    }

    /// Whether a `<nav>`, `<aside>`, `<footer>`, `<menu>` or `<form>` wraps
    /// the article rather than sitting beside it. Teaser cards and comments
    /// are `<article>`s with paragraphs too, and sidebars title each widget
    /// with an `<h1>`: outside a form, a `<main>` tells, or one `<h1>` with
    /// an `<article>` and a story's worth of paragraphs.
    static func wrapsPage(_ node: HTMLNode, form: Bool) -> Bool {
        if form { return holdsArticle(node) }
        var headlines = 0
        var hasMain = false
        var hasArticle = false
        node.visitElements { element in
            switch element.name {
            case "main": hasMain = true
            case "h1": headlines += 1
            case "article": hasArticle = true
            default: break
            }
            return !hasMain
        }
        return hasMain || (headlines == 1 && hasArticle && node.paragraphCharacters(upTo: 600) >= 600)
    }

    /// A machine-readable date on a date-named element: `<time datetime>`,
    /// `<span property="dateCreated" content="...">`, `<div class="time-ago"
    /// title="2020-09-20T14:20:02Z">`.
    static func machineStamp(_ node: HTMLNode) -> String? {
        for name in ["datetime", "content", "title", "data-date", "data-datetime"] {
            if let value = node.attribute(name), value.count >= 8, value.count <= 40, Timestamp.day(value) != nil {
                return value
            }
        }
        return nil
    }

    private mutating func flush() {
        defer {
            textBytes.removeAll(keepingCapacity: true)
            linkCharacters = 0
            timestamp = nil
            blockHasDateHint = false
        }
        guard !textBytes.isEmpty else { return }
        let (collapsed, length) = textBytes.withUnsafeBufferPointer { collapseWhitespace(bytes: $0) }
        guard !collapsed.isEmpty else { return }
        blocks.append(
            Block(
                text: collapsed, length: length, linkCharacters: min(linkCharacters, length), tag: currentTag,
                element: currentElement, dateHint: blockHasDateHint || dateHintDepth > 0, isFurniture: chromeDepth > 0, timestamp: timestamp))
    }
}
