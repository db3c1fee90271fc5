import TracuuCore
import TracuuText

/// Extracts the article from an HTML page: headline, publication date and
/// body text without the page furniture.
///
/// The body is found the way readability-style extractors find it: every
/// paragraph of real prose (long, few links) credits the elements above it,
/// the best-credited container (discounted by its share of link text) is the
/// article, and its blocks are kept in order until a heading such as "Các tin
/// khác" opens the related-news list. Boilerplate containers (nav, footer,
/// elements whose class or id says menu, share, related …) never contribute.
struct HTMLExtractor {
    func extract(html: String, source: String, id: String) throws(IngestError) -> Article {
        guard let document = HTMLDocument(utf8: html), let root = document.root else {
            throw IngestError(.empty, source: source, reason: "libxml2 found no HTML document")
        }
        let metadata = HTMLMetadata(root: root)
        let body = root.elements(where: { $0.name == "body" }).first ?? root
        let blocks = HTMLBlocks(root: body).blocks
        let title = metadata.title
        var content = selectContent(blocks, title: title)
        if content.paragraphs.isEmpty, let summary = metadata.summary {
            // Pages whose text is drawn by scripts still describe themselves.
            content.paragraphs = [summary]
        }
        guard !content.paragraphs.isEmpty else {
            throw IngestError(.empty, source: source, reason: "no article text in the page")
        }
        let date = PageDate(metadata: metadata, blocks: blocks, content: content, title: title, source: source, html: html).find()
        return Article(
            id: id, source: source, title: title, date: date, body: content.paragraphs.joined(separator: "\n"))
    }

    struct Content {
        var paragraphs: [String]
        /// Indices into the block list of the first and last kept block.
        var firstBlock: Int
        var lastBlock: Int
    }

    func selectContent(_ blocks: [HTMLBlocks.Block], title: String?) -> Content {
        var scores: [HTMLNode: Double] = [:]
        var totalCharacters: [HTMLNode: Int] = [:]
        var linkCharacters: [HTMLNode: Int] = [:]
        // Characters of prose (long paragraphs with few links) under each element.
        var prose: [HTMLNode: Int] = [:]
        var pageProse = 0
        for block in blocks where !block.isFurniture {
            let isProse = block.length >= 80 && block.linkDensity < 0.2
            if isProse { pageProse += block.length }
            for ancestor in block.ancestors {
                totalCharacters[ancestor, default: 0] += block.length
                linkCharacters[ancestor, default: 0] += block.linkCharacters
                if isProse { prose[ancestor, default: 0] += block.length }
            }
            guard block.length >= 25, block.linkDensity < 0.5, !Furniture.isFurniturePhrase(block.text) else {
                continue
            }
            let commas = block.text.utf8.reduce(0) { $0 + ($1 == 0x2C ? 1 : 0) }
            let credit = 1 + Double(commas) + min(Double(block.length) / 100, 3)
            let containerLike = ["div", "td", "section", "article", "main"].contains(block.tag)
            for (level, ancestor) in block.ancestors.prefix(4).enumerated() {
                let share: Double
                switch level {
                case 0: share = containerLike ? 0.5 : 0
                case 1: share = 1
                case 2: share = 0.5
                default: share = 1.0 / 3
                }
                if share > 0 { scores[ancestor, default: 0] += credit * share }
            }
        }
        var best: HTMLNode?
        var bestScore = -Double.infinity
        for (node, score) in scores {
            let total = max(1, totalCharacters[node] ?? 1)
            let density = Double(linkCharacters[node] ?? 0) / Double(total)
            var adjusted = score * (1 - density)
            let classAndID = node.classAndID
            if HTMLBlocks.positiveWords.matches(classAndID) { adjusted += 5 }
            if HTMLBlocks.weakNegativeWords.matches(classAndID) { adjusted *= 0.75 }
            if ["article", "main"].contains(node.name) { adjusted += 5 }
            if adjusted > bestScore {
                bestScore = adjusted
                best = node
            }
        }
        // Page builders split one story into rows and columns: when an
        // ancestor close above holds clearly more of the page's prose, with
        // few links, the story is that ancestor.
        if var node = best {
            var here = prose[node] ?? 0
            search: while Double(here) < 0.85 * Double(pageProse) {
                var ancestor = node.parent
                for _ in 0..<8 {
                    guard let candidate = ancestor, candidate.name != "body", candidate.name != "html" else { break search }
                    let there = prose[candidate] ?? 0
                    let total = max(1, totalCharacters[candidate] ?? 1)
                    let density = Double(linkCharacters[candidate] ?? 0) / Double(total)
                    if Double(there) >= 1.3 * Double(here) + 100 && density < 0.3 {
                        node = candidate
                        here = there
                        continue search
                    }
                    ancestor = candidate.parent
                }
                break
            }
            best = node
        }
        // The article's container and those of its siblings that hold prose
        // too (a lead paragraph beside the body, as VnExpress lays it out).
        var included: Set<HTMLNode> = []
        if let best {
            included.insert(best)
            let threshold = max(10, bestScore * 0.1)
            let blockByElement = Dictionary(blocks.compactMap { block in block.ancestors.first.map { ($0, block) } }, uniquingKeysWith: { first, _ in first })
            for sibling in best.parent?.children ?? [] where sibling != best && sibling.kind == .element {
                if (scores[sibling] ?? 0) >= threshold {
                    included.insert(sibling)
                } else if let block = blockByElement[sibling], block.tag == "p" || block.tag == "div",
                    block.linkDensity < 0.25, block.length > 80 || (block.length > 20 && block.text.hasSuffix("."))
                {
                    included.insert(sibling)
                }
            }
        }
        let titleKey = title.map { Folding.matchKey($0) }
        let titleLength = title?.unicodeScalars.count ?? 0
        var paragraphs: [String] = []
        var first = -1
        var last = -1
        var inList = false
        var seen: Set<String> = []
        for (index, block) in blocks.enumerated() where !block.isFurniture {
            if best != nil, !block.ancestors.contains(where: { included.contains($0) }) { continue }
            if best == nil && (block.length < 40 || block.linkDensity > 0.3) { continue }
            // A "Related articles" heading opens a list of links: skip it,
            // and resume only at prose (a box in the middle of a story).
            if Furniture.isListHeading(block.text) && !paragraphs.isEmpty {
                inList = true
                continue
            }
            if inList {
                guard block.tag == "p", block.length >= 150, block.linkDensity < 0.1 else { continue }
                inList = false
            }
            if Furniture.isFurniturePhrase(block.text) { continue }
            if block.linkDensity > 0.5 && block.length < 300 { continue }
            if block.length <= Dateline.maxLength && Dateline.parse(block.text) != nil { continue }
            if let titleKey, abs(block.length - titleLength) <= 2 + titleLength / 8, Folding.matchKey(block.text) == titleKey {
                continue
            }
            // A caption repeated by a slideshow, a pull quote: once is enough.
            if block.tag != "p" && block.length >= 40 && !seen.insert(block.text).inserted { continue }
            if paragraphs.last == block.text { continue }
            paragraphs.append(block.text)
            if first < 0 { first = index }
            last = index
        }
        // The lead (sapo) often sits in its own box between the headline
        // and the body: prose right under the headline, above the body.
        if first > 0, let titleKey {
            var leads: [String] = []
            var leadStart = first
            var index = first - 1
            var sawHeadline = false
            while index >= max(0, first - 5) {
                let block = blocks[index]
                if abs(block.length - titleLength) <= 2 + titleLength / 8, Folding.matchKey(block.text) == titleKey {
                    sawHeadline = true
                    break
                }
                if !block.isFurniture, block.length >= 80, block.linkDensity < 0.2, !Furniture.isFurniturePhrase(block.text),
                    !paragraphs.contains(block.text)
                {
                    leads.insert(block.text, at: 0)
                    leadStart = index
                }
                index -= 1
            }
            if sawHeadline && !leads.isEmpty {
                paragraphs.insert(contentsOf: leads, at: 0)
                first = leadStart
            }
        }
        return Content(paragraphs: paragraphs, firstBlock: first, lastBlock: last)
    }
}
