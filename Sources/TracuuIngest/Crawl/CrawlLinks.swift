import FoundationEssentials

/// Addresses as a crawler compares them, and the links of a page.
public enum CrawlLinks {
    /// The canonical form of an http(s) address: scheme and host lower-cased,
    /// default port and fragment dropped, an empty path made "/", dot
    /// segments resolved. nil for anything else (mailto:, javascript:, …).
    public static func canonical(_ address: String, relativeTo base: URL? = nil) -> String? {
        let trimmed = address.trimmed()
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
        components.path = resolvingDotSegments(components.path)
        return components.string
    }

    /// The path with "." and ".." segments resolved and empty ones dropped,
    /// a trailing slash kept ("/a/../b/" → "/b/").
    static func resolvingDotSegments(_ path: String) -> String {
        var kept: [Substring] = []
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for segment in segments {
            switch segment {
            case "", ".": continue
            case "..": _ = kept.popLast()
            default: kept.append(segment)
            }
        }
        let endsInFolder = path.hasSuffix("/") || segments.last == "." || segments.last == ".."
        return "/" + kept.joined(separator: "/") + (endsInFolder && !kept.isEmpty ? "/" : "")
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
        if let baseTag = try? Regex(#"<base\s[^>]*href\s*=\s*["']?([^"' >]+)"#).ignoresCase(),
            let value = text.firstMatch(of: baseTag)?.output[1].substring
        {
            baseURL = URL(string: String(value), relativeTo: baseURL)?.absoluteURL ?? baseURL
        }
        var found: [String] = []
        var seen: Set<String> = []
        let pattern = #"<(?:a|area)\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))"#
        guard let expression = try? Regex(pattern).ignoresCase() else { return [] }
        for match in text.matches(of: expression) {
            for group in 1...3 {
                guard let captured = match.output[group].substring else { continue }
                let value = String(captured).replacing("&amp;", with: "&")
                if let address = canonical(value, relativeTo: baseURL), seen.insert(address).inserted {
                    found.append(address)
                }
            }
        }
        return found
    }
}
