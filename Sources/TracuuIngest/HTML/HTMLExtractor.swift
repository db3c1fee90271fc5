import TracuuCore
import TracuuText

/// Extracts the article from an HTML page: headline, publication date and
/// body text without the page furniture.
///
/// The body is found the way readability-style extractors find it: every
/// paragraph of real prose (long, few links) credits the elements above it,
/// and the best-credited container (discounted by its share of link text) is
/// the article. It grows to an ancestor close above that holds clearly more
/// of the page's prose (page builders split a story into rows), takes in
/// sibling boxes of prose and the lead box under the headline, and keeps its
/// blocks in order; a heading such as "Các tin khác" or "Related articles"
/// opens a list of links that is skipped until prose resumes. Boilerplate
/// containers (nav, footer, elements whose class or id says menu, share,
/// related …) never contribute text; their dates still count (`PageDate`).
struct HTMLExtractor {
    func extract(html: String, source: String, id: String) throws(IngestError) -> Article {
        guard let document = HTMLDocument(utf8: html), let root = document.root else {
            throw IngestError(.empty, source: source, reason: "libxml2 found no HTML document")
        }
        let metadata = HTMLMetadata(root: root)
        let body = root.children.first(where: { $0.name == "body" }) ?? root
        let page = HTMLBlocks(root: body)
        let blocks = page.blocks
        let title = metadata.title
        var content = selectContent(page, title: title)
        if content.paragraphs.isEmpty, let summary = metadata.summary {
            // Pages whose text is drawn by scripts still describe themselves.
            content.paragraphs = [summary]
        }
        guard !content.paragraphs.isEmpty else {
            throw IngestError(.empty, source: source, reason: "no article text in the page")
        }
        let date = PageDate(metadata: metadata, blocks: blocks, content: content, title: title, source: source, html: html).find()
        // The page was decoded without NFC (normalizing all the markup cost
        // more than the extraction); what is kept is normalized here.
        return Article(
            id: id, source: source, title: title.map { Normalizer.normalize($0, .nfc) }, date: date,
            body: Normalizer.normalize(content.paragraphs.map(Furniture.strippingCredit).joined(separator: "\n"), .nfc))
    }

    struct Content {
        var paragraphs: [String]
        /// Indices into the block list of the first and last kept block.
        var firstBlock: Int
        var lastBlock: Int
    }

    func selectContent(_ page: HTMLBlocks, title: String?) -> Content {
        let blocks = page.blocks
        let count = page.elements.count
        // Per element of the block tree: text, link text, prose (long
        // paragraphs with few links) and the credit of its paragraphs.
        var totalCharacters = [Int](repeating: 0, count: count)
        var linkCharacters = [Int](repeating: 0, count: count)
        var prose = [Int](repeating: 0, count: count)
        var scores = [Double](repeating: 0, count: count)
        var pageProse = 0
        // Whether a block is furniture by its wording, asked up to three
        // times per block: folded once (-1 not asked yet).
        var phraseCache = [Int8](repeating: -1, count: blocks.count)
        func isFurniturePhrase(_ index: Int) -> Bool {
            if phraseCache[index] < 0 { phraseCache[index] = Furniture.isFurniturePhrase(blocks[index].text) ? 1 : 0 }
            return phraseCache[index] == 1
        }
        // Leads right under a linked headline: cards of other stories when
        // there are several (one is a blog post under its permalink).
        var underLinkedHeadline = [Bool](repeating: false, count: blocks.count)
        var cards = 0
        for index in blocks.indices.dropFirst() where !blocks[index].isFurniture {
            let previous = blocks[index - 1]
            if previous.isHeading && previous.linkDensity > 0.5 && !previous.isFurniture && blocks[index].linkDensity < 0.5 {
                underLinkedHeadline[index] = true
                cards += 1
            }
        }
        for (index, block) in blocks.enumerated() where !block.isFurniture {
            // A list item that links somewhere is a teaser (headline and
            // lead), not the story's prose, however long; so is a card's lead.
            let isTeaser = (block.tag == "li" && block.linkCharacters > 0) || (cards >= 2 && underLinkedHeadline[index])
            let isProse = block.length >= 80 && block.linkDensity < 0.2 && !isTeaser
            if isProse { pageProse += block.length }
            var element = block.element
            while element >= 0 {
                let e = Int(element)
                totalCharacters[e] += block.length
                linkCharacters[e] += block.linkCharacters
                if isProse { prose[e] += block.length }
                element = page.parents[e]
            }
            guard block.length >= 25, block.linkDensity < 0.5, !isTeaser, !isFurniturePhrase(index) else {
                continue
            }
            let commas = block.text.utf8.reduce(0) { $0 + ($1 == 0x2C ? 1 : 0) }
            let credit = 1 + Double(commas) + min(Double(block.length) / 100, 3)
            let containerLike = ["div", "td", "section", "article", "main"].contains(block.tag)
            var scored = block.element
            var level = 0
            while scored >= 0 && level < 4 {
                let share: Double
                switch level {
                case 0: share = containerLike ? 0.5 : 0
                case 1: share = 1
                case 2: share = 0.5
                default: share = 1.0 / 3
                }
                if share > 0 { scores[Int(scored)] += credit * share }
                scored = page.parents[Int(scored)]
                level += 1
            }
        }
        func linkDensity(_ e: Int) -> Double { Double(linkCharacters[e]) / Double(max(1, totalCharacters[e])) }
        var best = -1
        var bestScore = -Double.infinity
        for e in 0..<count where scores[e] > 0 {
            let node = page.elements[e]
            var adjusted = scores[e] * (1 - linkDensity(e))
            let words = page.classWords[e]
            if words & HTMLBlocks.positiveBit != 0 { adjusted += 5 }
            if words & HTMLBlocks.weakNegativeBit != 0 { adjusted *= 0.75 }
            let name = node.name
            if name == "article" || name == "main" { adjusted += 5 }
            if adjusted > bestScore {
                bestScore = adjusted
                best = e
            }
        }
        // Page builders split one story into rows and columns: when an
        // element close above holds clearly more of the page's prose, with
        // few links, the story is that element.
        if best >= 0 {
            var here = prose[best]
            search: while Double(here) < 0.85 * Double(pageProse) {
                var ancestor = page.parents[best]
                // Wrappers that add no prose (a grid's row, column and card
                // around one text module) do not count as steps.
                var steps = 0
                var below = here
                while steps < 8 {
                    guard ancestor >= 0 else { break search }
                    let candidate = Int(ancestor)
                    if prose[candidate] > below {
                        steps += 1
                        below = prose[candidate]
                    }
                    let name = page.elements[candidate].name
                    if name == "body" || name == "html" { break search }
                    if Double(prose[candidate]) >= 1.3 * Double(here) + 100 && linkDensity(candidate) < 0.3 {
                        best = candidate
                        here = prose[candidate]
                        continue search
                    }
                    ancestor = page.parents[candidate]
                }
                break
            }
        }
        // The article's container and those of its siblings that hold prose
        // too (a lead paragraph beside the body, as VnExpress lays it out).
        var included = [Bool](repeating: false, count: count)
        if best >= 0 {
            included[best] = true
            let threshold = max(10, bestScore * 0.1)
            var firstBlockOf = [Int](repeating: -1, count: count)
            for (index, block) in blocks.enumerated() where block.element >= 0 && firstBlockOf[Int(block.element)] < 0 {
                firstBlockOf[Int(block.element)] = index
            }
            let bestNode = page.elements[best]
            for sibling in bestNode.parent?.children ?? [] where sibling != bestNode && sibling.kind == .element {
                guard let index = page.indexOf[sibling].map(Int.init) else { continue }
                if scores[index] >= threshold {
                    included[index] = true
                } else if firstBlockOf[index] >= 0 {
                    let block = blocks[firstBlockOf[index]]
                    if block.tag == "p" || block.tag == "div", block.linkDensity < 0.25,
                        block.length > 80 || (block.length > 20 && block.text.hasSuffix("."))
                    {
                        included[index] = true
                    }
                }
            }
        }
        let headline = HTMLBlocks.Headline(title)
        var paragraphs: [String] = []
        var first = -1
        var last = -1
        var inList = false
        var listBox: Int32 = -1
        var headingTail = 0
        var seen: Set<String> = []
        for (index, block) in blocks.enumerated() where !block.isFurniture {
            if best >= 0, !page.isInside(block.element, where: included) { continue }
            if best < 0 && (block.length < 40 || block.linkDensity > 0.3) { continue }
            // A "Related articles" heading opens a list of links: skip it,
            // and resume only at prose (a box in the middle of a story).
            if Furniture.isListHeading(block.text) && !paragraphs.isEmpty {
                // A "Read more" inside the box is one of its teasers.
                if inList && listBox >= 0 && page.isInside(block.element, ancestor: listBox) { continue }
                inList = true
                // A heading in a box of its own (not straight in the
                // article's container) titles the box: the element below
                // the article's container that holds it.
                listBox = -1
                if block.element >= 0 {
                    var box = block.element
                    while page.parents[Int(box)] >= 0 && !included[Int(page.parents[Int(box)])] { box = page.parents[Int(box)] }
                    if box != block.element && page.parents[Int(box)] >= 0 { listBox = box }
                }
                continue
            }
            if inList {
                if listBox >= 0 && !page.isInside(block.element, ancestor: listBox) {
                    // Past the box, the story goes on.
                    inList = false
                } else {
                    if listBox >= 0 && page.isTeaser(block.element, inBox: listBox) { continue }
                    guard block.tag == "p" || block.tag == "div", block.length >= 150, block.linkDensity < 0.1 else { continue }
                    inList = false
                }
            }
            if isFurniturePhrase(index) { continue }
            if block.linkDensity > 0.5 && block.length < 300 { continue }
            if block.length <= Dateline.maxLength && Dateline.parse(block.text) != nil { continue }
            if headline?.matches(block) == true { continue }
            // A caption repeated by a slideshow, a pull quote: once is enough.
            if block.tag != "p" && block.length >= 40 && !seen.insert(block.text).inserted { continue }
            if paragraphs.last == block.text { continue }
            paragraphs.append(block.text)
            headingTail = block.isHeading ? headingTail + 1 : 0
            if first < 0 { first = index }
            last = index
        }
        // A story does not end on a heading: trailing headings title the
        // boxes that follow it (teasers, comments), whose bodies were dropped.
        if headingTail > 0 && headingTail < paragraphs.count { paragraphs.removeLast(headingTail) }
        if first > 0,
            let lead = lead(above: first, in: page, best: best, kept: paragraphs, headline: headline, isFurniturePhrase: isFurniturePhrase)
        {
            paragraphs.insert(contentsOf: lead.texts, at: 0)
            first = lead.start
        }
        return Content(paragraphs: paragraphs, firstBlock: first, lastBlock: last)
    }

    /// The lead (sapo) that often sits in its own box between the headline
    /// and the body: prose right under the headline, above the body, or in
    /// the header of the `<article>` or `<main>` that holds the body.
    /// Picture captions and promotion boxes there are not the lead.
    private func lead(
        above first: Int, in page: HTMLBlocks, best: Int, kept paragraphs: [String], headline: HTMLBlocks.Headline?,
        isFurniturePhrase: (Int) -> Bool
    ) -> (texts: [String], start: Int)? {
        let blocks = page.blocks
        var story: Int32 = -1
        if best >= 0 {
            var ancestor = page.parents[best]
            for _ in 0..<4 where ancestor >= 0 {
                let name = page.elements[Int(ancestor)].name
                if name == "article" || name == "main" {
                    story = ancestor
                    break
                }
                ancestor = page.parents[Int(ancestor)]
            }
        }
        var leads: [String] = []
        var start = first
        var sawHeadline = false
        // Whether every block from the lead down to the body lies in the story.
        var leftStory = false
        var leadsInStory = false
        var index = first - 1
        while index >= max(0, first - 8) {
            let block = blocks[index]
            if headline?.matches(block) == true {
                sawHeadline = true
                break
            }
            let inStory = story >= 0 && page.isInside(block.element, ancestor: story)
            if index < first - 5 && !inStory { break }
            if !inStory { leftStory = true }
            if !block.isFurniture, block.length >= 80, block.linkDensity < 0.2, !isFurniturePhrase(index),
                !paragraphs.contains(block.text), !page.isCaption(block.element), !page.isInPromotion(block.element, below: story)
            {
                leads.insert(block.text, at: 0)
                start = index
                leadsInStory = story >= 0 && !leftStory
            }
            index -= 1
        }
        guard (sawHeadline || leadsInStory) && !leads.isEmpty else { return nil }
        return (leads, start)
    }
}
