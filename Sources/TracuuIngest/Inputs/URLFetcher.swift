import CTracuuHTTP
import FoundationEssentials
import TracuuCore

/// Fetches one page over HTTP(S) for `tracuu index URL`: a plain GET with an
/// honest User-Agent, a timeout, a redirect limit and a size cap. (Crawling
/// a whole site — robots.txt, politeness, WARC output — is the crawler's
/// job, not this.) libcurl does the transfer, loaded on first use (see
/// CTracuuHTTP.h for why not URLSession).
public enum URLFetcher {
    struct Response {
        var body: [UInt8]
        var contentType: String?
        var charset: String?
    }

    /// Who is asking, for every request tracuu makes (fetching and crawling).
    public static let userAgent = "tracuu/0.1 (Vietnamese news search; +https://github.com/tracuu)"
    /// Pages first, plain text next, anything else last.
    static let accept = "text/html, text/plain;q=0.9, */*;q=0.1"
    static let maxRedirects = 5

    static func fetch(_ address: String, maxBytes: Int, timeout: TimeInterval = 30) throws(IngestError) -> Response {
        guard let url = URL(string: address), url.host != nil, ["http", "https"].contains(url.scheme?.lowercased() ?? "")
        else {
            throw IngestError(.unreadable, source: address, reason: "not a valid http(s) URL")
        }
        var raw = CTracuuHTTP_Response()
        let code = CTracuuHTTP_get(
            address, userAgent, accept, max(1, Int(timeout.rounded(.up))),
            maxBytes, maxRedirects, &raw)
        defer { CTracuuHTTP_free(&raw) }
        if code != 0 {
            let reason = raw.error.map { String(cString: $0) } ?? "the request failed"
            throw IngestError(.unreadable, source: address, reason: reason)
        }
        if raw.too_large != 0 {
            throw IngestError(.tooLarge, source: address, reason: "the page is over the \(maxBytes)-byte limit")
        }
        guard (200..<300).contains(raw.status) else {
            throw IngestError(.unreadable, source: address, reason: "HTTP status \(raw.status)")
        }
        let body = raw.body.map { Array(UnsafeBufferPointer(start: $0, count: raw.body_length)) } ?? []
        let contentType = raw.content_type.map { String(cString: $0) }
        return Response(body: body, contentType: contentType, charset: charset(in: contentType))
    }

    /// The `charset` parameter of a Content-Type header.
    static func charset(in contentType: String?) -> String? {
        guard let contentType else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmed() }
            if pair.count == 2, pair[0].lowercased() == "charset" {
                return pair[1].trimmed { $0 == "\"" || $0 == "'" }
            }
        }
        return nil
    }
}
