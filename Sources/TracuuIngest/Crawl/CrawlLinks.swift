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
    /// addresses resolved against `base` (or the page's `<base href>`),
    /// each once (`LinkScanner` finds them).
    public static func links(in html: [UInt8], base: String) -> [String] {
        let scanner = LinkScanner(bytes: html)
        var baseURL = URL(string: base)
        if let value = scanner.baseHref() {
            baseURL = URL(string: value, relativeTo: baseURL)?.absoluteURL ?? baseURL
        }
        var found: [String] = []
        var seen: Set<String> = []
        for href in scanner.hrefs() {
            let value = href.replacing("&amp;", with: "&")
            if let address = canonical(value, relativeTo: baseURL), seen.insert(address).inserted {
                found.append(address)
            }
        }
        return found
    }
}
