import Foundation

/// Addresses as a crawler compares them, and the links of a page.
public enum CrawlLinks {
    /// The canonical form of an http(s) address: scheme and host lower-cased,
    /// default port and fragment dropped, an empty path made "/", dot
    /// segments resolved. nil for anything else (mailto:, javascript:, …).
    public static func canonical(_ address: String, relativeTo base: URL? = nil) -> String? {
        let trimmed = address.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, let url = URL(string: trimmed, relativeTo: base)?.absoluteURL,
            var components = URLComponents(url: url, resolvingAgainstBaseURL: true),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else { return nil }
        components.scheme = scheme
        components.host = host.lowercased()
        if (scheme == "http" && components.port == 80) || (scheme == "https" && components.port == 443) {
            components.port = nil
        }
        components.fragment = nil
        if components.path.isEmpty { components.path = "/" }
        components.path = (components.path as NSString).standardizingPath + (components.path.hasSuffix("/") && components.path != "/" ? "/" : "")
        return components.string
    }

    /// What an HTTP request line and robots.txt rules name of `url`: its
    /// path ("/" when empty) and query.
    public static func requestTarget(_ url: URL) -> String {
        (url.path.isEmpty ? "/" : url.path) + (url.query.map { "?" + $0 } ?? "")
    }

    /// The `href`s of a page's `<a>` and `<area>` elements, as canonical
    /// addresses resolved against `base` (or the page's `<base href>`).
    /// A scan of the markup, not a parse: links are all a crawler needs,
    /// and it must not stop at the markup errors libxml2 would recover from.
    public static func links(in html: [UInt8], base: String) -> [String] {
        let text = String(decoding: html, as: UTF8.self)
        var baseURL = URL(string: base)
        if let range = text.range(of: #"<base\s[^>]*href\s*=\s*["']?([^"' >]+)"#, options: [.regularExpression, .caseInsensitive]),
            let href = text[range].range(of: #"href\s*=\s*["']?"#, options: [.regularExpression, .caseInsensitive])
        {
            let value = text[href.upperBound..<range.upperBound]
            baseURL = URL(string: String(value), relativeTo: baseURL)?.absoluteURL ?? baseURL
        }
        var found: [String] = []
        var seen: Set<String> = []
        let pattern = #"<(?:a|area)\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return [] }
        let whole = NSRange(text.startIndex..., in: text)
        for match in expression.matches(in: text, range: whole) {
            for group in 1...3 {
                guard let range = Range(match.range(at: group), in: text) else { continue }
                let value = String(text[range]).replacingOccurrences(of: "&amp;", with: "&")
                if let address = canonical(value, relativeTo: baseURL), seen.insert(address).inserted {
                    found.append(address)
                }
            }
        }
        return found
    }
}
