import FoundationEssentials
import TracuuCore
import TracuuText

/// The date evidence of `HTMLMetadata`: what a page says for machines about
/// when it was published or updated, and the date in its URL. `PageDate`
/// weighs these against the visible datelines.
extension HTMLMetadata {
    /// A publication stamp in a page's scripts (`"published_at": "..."`):
    /// weak evidence, used late.
    var scriptDate: String? {
        for script in scripts {
            if let stamp = HTMLMetadata.scriptDate(script.textContent) { return stamp }
        }
        return nil
    }

    static let publishedMetaKeys = [
        "article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
        "publish-date", "publish_date", "published_time", "published-date", "date_published", "dc.date.issued",
        "dc.date.created", "dcterms.issued", "dcterms.created", "dc.date", "dcterms.date", "date",
        "sailthru.date", "parsely-pub-date", "citation_publication_date", "citation_date", "article.published",
        "og:published_time", "created", "cxenseparse:recs:publishtime", "originalpublicationdate",
        "bepress_citation_date", "bepress_citation_online_date", "citation_online_date", "article:published",
        "article.created", "dc.created", "dc.date.published", "publication_date", "pub_date", "pdate",
        "displaydate", "article_date_original", "og:pubdate", "rnews:datepublished", "datecreated", "date.created",
        "date.published", "published", "release_date", "content_create_date", "ptime",
    ]
    /// Meta keys of the last update: a page's date when it says nothing else.
    static let modifiedMetaKeys = [
        "article:modified_time", "og:updated_time", "datemodified", "dc.date.modified", "dcterms.modified",
        "last-modified", "lastmod", "revised", "modified", "og:article:modified_time", "article.updated",
        "updated_time", "date.modified", "utime",
    ]

    /// The publication date from JSON-LD, meta tags, itemprop and `<time>`, in that order.
    var publicationDate: PublicationDate? {
        // A stamp in UTC ("…Z", "+00:00") dates a late-evening story a day
        // later than its publisher did; a local stamp of the same moment,
        // when the page has one, keeps the publisher's day.
        var utc: Day?
        for key in HTMLMetadata.publishedMetaKeys {
            guard let text = meta[key], let day = Timestamp.day(text) else { continue }
            if Timestamp.isUTC(text) {
                if utc == nil { utc = day }
                continue
            }
            if let utc, abs(Int(utc.number) - Int(day.number)) > 1 {
                return PublicationDate(day: utc, source: .meta, confidence: .high)
            }
            return PublicationDate(day: day, source: .meta, confidence: .high)
        }
        if let utc { return PublicationDate(day: utc, source: .meta, confidence: .high) }
        for object in jsonLD {
            if let text = HTMLMetadata.findPublished(in: object), let day = Timestamp.day(text) {
                return PublicationDate(day: day, source: .jsonLD, confidence: .high)
            }
        }
        for text in itempropDates {
            if let day = Timestamp.day(text) {
                return PublicationDate(day: day, source: .meta, confidence: .high)
            }
        }
        for text in brokenJSONLD {
            if let value = HTMLMetadata.quotedValue(after: "\"datePublished\"", in: text), let day = Timestamp.day(value) {
                return PublicationDate(day: day, source: .jsonLD, confidence: .high)
            }
        }
        for time in publishedTimes {
            if let day = Timestamp.day(time) {
                return PublicationDate(day: day, source: .time, confidence: .high)
            }
        }
        return nil
    }

    /// The date of the last update, from JSON-LD, meta tags or microformats:
    /// the best evidence left when a page never says when it was published.
    var modificationDate: PublicationDate? {
        for object in jsonLD {
            if let text = HTMLMetadata.findValue("dateModified", in: object) ?? HTMLMetadata.findValue("dateCreated", in: object),
                let day = Timestamp.day(text)
            {
                return PublicationDate(day: day, source: .jsonLD, confidence: .low)
            }
        }
        for key in HTMLMetadata.modifiedMetaKeys {
            if let text = meta[key], let day = Timestamp.day(text) {
                return PublicationDate(day: day, source: .meta, confidence: .low)
            }
        }
        for text in modifiedDates {
            if let day = Timestamp.day(text) { return PublicationDate(day: day, source: .time, confidence: .low) }
        }
        return nil
    }

    /// Keys under which scripts (data layers, app state) keep the
    /// publication time, most specific first.
    static let scriptDateKeys = [
        "\"datePublished\"", "\"publishedDate\"", "\"published_at\"", "\"publishDate\"", "\"publish_date\"",
        "\"first-publication\"", "\"publishedFirst\"", "'publishdate'", "\"createdAt\"", "\"created_at\"",
        "\"dateCreated\"",
    ]
    private static let scriptDateWords = ClassWords(["ublish", "reated"])

    /// The first publication stamp found in a script's text.
    static func scriptDate(_ text: String) -> String? {
        guard text.utf8.count < 2 << 20, scriptDateWords.matches(text) else { return nil }
        for key in scriptDateKeys {
            if let value = quotedValue(after: key, in: text), Timestamp.day(value) != nil { return value }
        }
        return nil
    }

    /// The string after `key` and a colon in hand-scanned JSON.
    static func quotedValue(after key: String, in text: String) -> String? {
        var text = text
        let needle = Array(key.utf8)
        return text.withUTF8 { bytes -> String? in
            guard var i = ByteSearch.firstIndex(of: needle, in: bytes) else { return nil }
            i += needle.count
            while i < bytes.count, [0x20, 0x3A, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
            guard i < bytes.count, bytes[i] == 0x22 || bytes[i] == 0x27 else { return nil }
            let quote = bytes[i]
            let start = i + 1
            var end = start
            while end < bytes.count, bytes[end] != quote, end - start < 64 { end += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// `datePublished` anywhere in a JSON-LD value (objects, arrays, @graph),
    /// preferring article-like objects.
    static func findPublished(in value: Any) -> String? { findValue("datePublished", in: value) }

    /// `key` in JSON-LD, looked for breadth first (the page's own object
    /// before the objects it mentions), in article-typed objects first: a
    /// page's graph also dates its videos, its author page and its
    /// breadcrumb.
    static func findValue(_ key: String, in value: Any) -> String? {
        var queue: [Any] = [value]
        var fallback: String?
        var index = 0
        while index < queue.count {
            let item = queue[index]
            index += 1
            if let array = item as? [Any] {
                queue.append(contentsOf: array)
                continue
            }
            guard let object = item as? [String: Any] else { continue }
            if let found = object[key] as? String {
                if isArticleType(object["@type"]) { return found }
                if fallback == nil { fallback = found }
            }
            for (name, nested) in object where name != "@context" && (nested is [String: Any] || nested is [Any]) {
                queue.append(nested)
            }
        }
        return fallback
    }

    private static func isArticleType(_ type: Any?) -> Bool {
        let names = (type as? [Any])?.compactMap { $0 as? String } ?? [(type as? String) ?? ""]
        return names.contains { name in
            name.hasSuffix("Article") || name == "BlogPosting" || name == "Report" || name == "LiveBlogPosting"
                || name == "WebPage" || name == "ItemPage"
        }
    }

    /// A date in a URL's path: /2019/01/22/, /2019-01-22/, or a compact
    /// -20190122 stamp.
    static func urlDay(_ url: String) -> Day? {
        // Every form below has a run of four digits (the year or more).
        var run = 0
        guard url.utf8.contains(where: { byte in
            run = byte >= 0x30 && byte <= 0x39 ? run + 1 : 0
            return run == 4
        }) else { return nil }
        let parts = url.split(whereSeparator: { "/?#&=_".contains($0) }).map(String.init)
        for (index, part) in parts.enumerated() {
            if part.count == 4, let year = Int(part), (1990...2100).contains(year), index + 2 < parts.count,
                let month = Int(parts[index + 1]), parts[index + 1].count <= 2,
                case let dayDigits = parts[index + 2].prefix(while: \.isNumber), (1...2).contains(dayDigits.count),
                let day = Int(dayDigits), let result = Day(year: year, month: month, day: day)
            {
                return result
            }
            if let result = Timestamp.day(part), part.count >= 8, part.first?.isNumber == true { return result }
        }
        return nil
    }
}
