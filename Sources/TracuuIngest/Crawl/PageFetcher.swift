import CTracuuHTTP
import FoundationEssentials
import TracuuCore

/// One GET of one address, exactly as a crawler archives it: the status,
/// the header block and the body as they came (no redirect followed, no
/// content decoding asked for), through libcurl (see CTracuuHTTP.h).
public struct FetchedPage: Sendable {
    public var status: Int
    /// Status line and headers as received, CRLF-separated.
    public var headerBlock: [UInt8]
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]
    /// Where a redirect points, resolved against the address.
    public var redirectURL: String?

    /// GETs `address`; throws for a transfer that failed (refused,
    /// timed out, over `maxBytes`) with the reason.
    public static func fetch(
        _ address: String, userAgent: String, timeoutSeconds: Int, maxBytes: Int
    ) throws(IngestError) -> FetchedPage {
        var raw = CTracuuHTTP_Response()
        let code = CTracuuHTTP_get_raw(address, userAgent, URLFetcher.accept, max(1, timeoutSeconds), maxBytes, &raw)
        defer { CTracuuHTTP_free(&raw) }
        if raw.too_large != 0 {
            throw IngestError(.tooLarge, source: address, reason: "the page is over the \(maxBytes)-byte limit")
        }
        if code != 0 {
            throw IngestError(.unreadable, source: address, reason: raw.error.map { String(cString: $0) } ?? "the request failed")
        }
        let block = raw.headers.map { Array(UnsafeBufferPointer(start: UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), count: raw.headers_length)) } ?? []
        // The header block parses as a response without a body.
        let headers = (try? HTTPResponseBlock(block[...]))?.headers ?? [:]
        return FetchedPage(
            status: raw.status, headerBlock: block, headers: headers,
            body: raw.body.map { Array(UnsafeBufferPointer(start: $0, count: raw.body_length)) } ?? [],
            redirectURL: raw.redirect_url.map { String(cString: $0) })
    }
}

extension FetchedPage {
    /// The responses a WARC archive holds, by target address (the last one
    /// of an address wins). A record cut short (a crawl killed while
    /// writing) ends the reading with a note to `onProblem`; what came
    /// before it stands.
    public static func archived(
        in path: String, onProblem: (String) -> Void
    ) throws(IngestError) -> [String: FetchedPage] {
        let reader = try WARCReader(path: path)
        var pages: [String: FetchedPage] = [:]
        while true {
            let record: WARCReader.Record?
            do throws(IngestError) {
                record = try reader.next()
            } catch {
                onProblem(error.description)
                break
            }
            guard let record else { break }
            guard record.type == "response", var uri = record.fields["warc-target-uri"],
                let response = try? HTTPResponseBlock(record.block)
            else { continue }
            if uri.hasPrefix("<") && uri.hasSuffix(">") { uri = String(uri.dropFirst().dropLast()) }
            let headerLength = record.block.count - response.body.count
            pages[uri] = FetchedPage(
                status: response.status, headerBlock: Array(record.block.prefix(headerLength)), headers: response.headers,
                body: Array(response.body),
                redirectURL: response.headers["location"].flatMap { CrawlLinks.canonical($0, relativeTo: URL(string: uri)) })
        }
        return pages
    }
}
