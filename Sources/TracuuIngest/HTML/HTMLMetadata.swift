import Foundation
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
    /// `<time>` elements: (datetime or text, hinted as the publication time).
    var times: [(value: String, isPublication: Bool)] = []
    /// Elements other than meta/time marked itemprop="datePublished".
    var itempropDates: [String] = []
    var canonicalURL: String?

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
                if node.attribute("type")?.lowercased().contains("ld+json") == true,
                    let data = node.textContent.data(using: .utf8),
                    let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
                {
                    jsonLD.append(object)
                }
                return false
            case "style", "noscript", "template":
                return false
            case "time":
                let value = node.attribute("datetime") ?? collapseWhitespace(node.textContent)
                let hint =
                    node.attribute("pubdate") != nil || node.attribute("itemprop")?.lowercased() == "datepublished"
                    || node.classAndID.contains("publish")
                times.append((value, hint))
            case "link":
                if node.attribute("rel")?.lowercased() == "canonical", let href = node.attribute("href") {
                    canonicalURL = href
                }
            default:
                if node.attribute("itemprop")?.lowercased() == "datepublished" {
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
        while let range = result.range(of: " - ", options: .backwards) {
            let tail = String(result[range.upperBound...])
            let key = Folding.matchKey(tail) + " "
            guard tail.split(separator: " ").count <= 8, siteWords.contains(where: { key.contains($0) }) else { break }
            result = String(result[..<range.lowerBound])
        }
        return result
    }

    // MARK: Publication date

    static let publishedMetaKeys = [
        "article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
        "publish-date", "publish_date", "published_time", "published-date", "date_published", "dc.date.issued",
        "dc.date.created", "dcterms.issued", "dcterms.created", "dc.date", "dcterms.date", "date",
        "sailthru.date", "parsely-pub-date", "citation_publication_date", "citation_date", "article.published",
        "og:published_time", "created", "cxenseparse:recs:publishtime", "originalpublicationdate",
    ]

    /// The publication date from JSON-LD, meta tags, itemprop and `<time>`, in that order.
    var publicationDate: PublicationDate? {
        for object in jsonLD {
            if let text = HTMLMetadata.findPublished(in: object), let day = Timestamp.day(text) {
                return PublicationDate(day: day, source: .jsonLD, confidence: .high)
            }
        }
        for key in HTMLMetadata.publishedMetaKeys {
            if let text = meta[key], let day = Timestamp.day(text) {
                return PublicationDate(day: day, source: .meta, confidence: .high)
            }
        }
        for text in itempropDates {
            if let day = Timestamp.day(text) {
                return PublicationDate(day: day, source: .meta, confidence: .high)
            }
        }
        let ordered = times.filter(\.isPublication) + times.filter { !$0.isPublication }
        for time in ordered {
            if let day = Timestamp.day(time.value) {
                return PublicationDate(day: day, source: .time, confidence: time.isPublication ? .high : .medium)
            }
        }
        return nil
    }

    /// `datePublished` anywhere in a JSON-LD value (objects, arrays, @graph),
    /// preferring article-like objects.
    static func findPublished(in value: Any) -> String? {
        if let array = value as? [Any] {
            for item in array { if let found = findPublished(in: item) { return found } }
            return nil
        }
        guard let object = value as? [String: Any] else { return nil }
        if let published = object["datePublished"] as? String { return published }
        if let graph = object["@graph"] { return findPublished(in: graph) }
        for (_, nested) in object where nested is [String: Any] || nested is [Any] {
            if let found = findPublished(in: nested) { return found }
        }
        return nil
    }

    /// A date in a URL's path: /2019/01/22/, /2019-01-22/, or a compact
    /// -20190122 stamp.
    static func urlDay(_ url: String) -> Day? {
        let parts = url.split(whereSeparator: { "/?#&=_".contains($0) }).map(String.init)
        for (index, part) in parts.enumerated() {
            if part.count == 4, let year = Int(part), (1990...2100).contains(year), index + 2 < parts.count,
                let month = Int(parts[index + 1]), parts[index + 1].count <= 2,
                let day = Int(parts[index + 2].prefix(2)), let result = Day(year: year, month: month, day: day)
            {
                return result
            }
            if let result = Timestamp.day(part), part.count >= 8, part.first?.isNumber == true { return result }
        }
        return nil
    }
}
