import FoundationEssentials
import TracuuCore
import TracuuText

/// What a page says about itself outside the visible text: its title tags,
/// meta tags, JSON-LD and `<time>` elements, read in one pass over the tree.
struct HTMLMetadata {
    var documentTitle: String?
    var headings: [String] = []
    /// meta name/property/itemprop (lower-cased) → content, first occurrence wins.
    var meta: [String: String] = [:]
    var jsonLD: [Any] = []
    /// Raw text of JSON-LD scripts that do not parse (trailing commas,
    /// unescaped quotes): searched for "datePublished" by hand.
    var brokenJSONLD: [String] = []
    /// `<time>` and microformat `<abbr>` stamps marked as the publication
    /// (pubdate, itemprop, class "published"). Unmarked ones are weighed by
    /// where they stand, with the visible datelines (`PageDate`).
    var publishedTimes: [String] = []
    /// Elements other than meta/time marked itemprop="datePublished".
    var itempropDates: [String] = []
    var canonicalURL: String?
    private static let microformatWords = ClassWords(["published", "date", "updated"])

    /// The page's other scripts (data layers, app state), read only when a
    /// date is still missing late in `PageDate`: their text is often most
    /// of a page's bytes. Valid while the document is.
    var scripts: [HTMLNode] = []

    /// Update stamps (`<abbr class="updated">`): used only when nothing says published.
    var modifiedDates: [String] = []

    init(root: HTMLNode) {
        root.visitElements { node in
            switch node.name {
            case "title":
                if documentTitle == nil { documentTitle = collapseWhitespace(node.textContent) }
            case "h1":
                let text = collapseWhitespace(node.textContent)
                if !text.isEmpty { headings.append(text) }
            case "meta":
                let content = node.attribute("content") ?? node.attribute("value")
                if let content, !content.isEmpty {
                    for key in ["property", "name", "itemprop", "http-equiv"] {
                        if let name = node.attribute(key)?.lowercased(), meta[name] == nil {
                            meta[name] = content
                        }
                    }
                }
            case "script":
                if node.attribute("type")?.lowercased().contains("ld+json") == true {
                    let text = node.textContent
                    if let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) {
                        jsonLD.append(value.tree)
                    } else {
                        brokenJSONLD.append(text)
                    }
                } else {
                    scripts.append(node)
                }
                return false
            case "abbr":
                // Microformats: <abbr class="published" title="2017-07-23T17:06:45">23. Juli 2017</abbr>.
                let classes = node.classAndID
                if HTMLMetadata.microformatWords.matches(classes) {
                    let value = node.attribute("title") ?? collapseWhitespace(node.textContent)
                    if classes.contains("published") {
                        publishedTimes.append(value)
                    } else if classes.contains("updated") {
                        modifiedDates.append(value)
                    }
                }
            case "style", "noscript", "template":
                return false
            case "time":
                if node.attribute("pubdate") != nil || node.attribute("itemprop", is: "datepublished")
                    || node.classAndID.contains("publish")
                {
                    publishedTimes.append(node.attribute("datetime") ?? collapseWhitespace(node.textContent))
                }
            case "link":
                if node.attribute("rel")?.lowercased() == "canonical", let href = node.attribute("href") {
                    canonicalURL = href
                }
            default:
                if node.attribute("itemprop", is: "datepublished") {
                    itempropDates.append(node.attribute("content") ?? node.attribute("datetime") ?? node.textContent)
                }
            }
            return true
        }
    }

    // MARK: Title

    /// The headline: og:title, twitter:title, the first `<h1>`, then `<title>`
    /// without the site name.
    var title: String? {
        let candidates = [meta["og:title"], meta["twitter:title"], headings.first, meta["title"], documentTitle]
        for candidate in candidates {
            guard let candidate else { continue }
            let cleaned = HTMLMetadata.removingSiteName(collapseWhitespace(candidate), siteName: meta["og:site_name"])
            if cleaned.count >= 3 { return cleaned }
        }
        return nil
    }

    /// The page's own summary (og:description, description), when long
    /// enough to stand for an article whose text is drawn by scripts.
    var summary: String? {
        for key in ["og:description", "description", "twitter:description"] {
            if let text = meta[key].map(collapseWhitespace), text.count >= 80 { return text }
        }
        return nil
    }

    /// Words that mark a title segment as the site's name rather than the
    /// headline's ("Báo Thế giới", "Cổng thông tin điện tử tỉnh", "VnExpress").
    static let siteWords = [
        "bao ", "cong thong tin", "cong ttdt", "trang thong tin", "tap chi", "online", "news", ".vn", ".com", ".net",
        "vnexpress", "tuoi tre", "thanh nien", "dan tri", "vietnamplus", "ttxvn", "website", "portal",
    ]

    /// "Sở Ngoại vụ triển khai công tác - Cổng thông tin tỉnh" → the headline.
    ///
    /// Separators that never occur inside Vietnamese headlines ("|", "–",
    /// "»", "::") split off the site name wherever it is; " - " does occur in
    /// headlines ("Việt Nam - Lào ký hiệp định"), so a segment after it is
    /// only removed when it names a site (or is the page's og:site_name).
    static func removingSiteName(_ title: String, siteName: String? = nil) -> String {
        var result = title
        if let siteName, !siteName.isEmpty, result != siteName {
            for separator in [" | ", " - ", " – ", " — ", " :: ", " » "] {
                if result.hasSuffix(separator + siteName) { result = String(result.dropLast((separator + siteName).count)) }
                if result.hasPrefix(siteName + separator) { result = String(result.dropFirst((siteName + separator).count)) }
            }
        }
        for separator in [" | ", " – ", " — ", " :: ", " » "] where result.contains(separator) {
            let parts = result.components(separatedBy: separator).map { $0.trimmingCharacters(in: " ") }
            if let longest = parts.max(by: { $0.count < $1.count }), longest.count >= 3 { result = longest }
        }
        while let range = result.ranges(of: " - ").last {
            let tail = String(result[range.upperBound...])
            let key = Folding.matchKey(tail) + " "
            guard tail.split(separator: " ").count <= 8, siteWords.contains(where: { key.contains($0) }) else { break }
            result = String(result[..<range.lowerBound])
        }
        return result
    }
}
