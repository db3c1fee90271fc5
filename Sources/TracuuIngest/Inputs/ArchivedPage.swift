import TracuuCore

/// A page kept in a WARC archive, ready for extraction: what a crawler
/// received for a URL, its HTTP framing undone.
public struct ArchivedPage: Sendable, Equatable {
    /// `WARC-Target-URI`: the article's source.
    public var uri: String
    /// `WARC-Date`, `YYYY-MM-DD…`: when the page was captured, the date of
    /// last resort.
    public var captured: String?
    /// The charset of the recorded `Content-Type` header, if any.
    public var charset: String?
    public var format: FileFormat
    public var body: [UInt8]

    /// Why a record holds no page to index, in the words of the summary's
    /// skip counts (nil: it holds one).
    enum Skip: Error, Equatable {
        case notAPage(String)
    }

    /// The page in a `response` record (an HTTP response as received) or a
    /// `resource` record (the bytes alone, typed by the record), for an
    /// http(s) address. Requests, metadata, revisits and the crawler's own
    /// records are not pages: nil. Responses that
    /// are not a successful HTML or text page throw `Skip` with the reason.
    static func from(_ record: WARCReader.Record) throws(Skip) -> ArchivedPage? {
        // Only web pages: wget also archives its log and arguments as
        // `metadata://…` resources, Heritrix its DNS lookups as `dns:`.
        guard let uri = record.fields["warc-target-uri"].map(trimmedURI),
            uri.lowercased().hasPrefix("http://") || uri.lowercased().hasPrefix("https://")
        else { return nil }
        let captured = record.fields["warc-date"]
        switch record.type {
        case "response":
            let response = try HTTPResponseBlock(record.block)
            guard (200..<300).contains(response.status) else {
                throw .notAPage("archived HTTP \(response.status)")
            }
            let type = response.headers["content-type"]
            guard let format = pageFormat(type) else {
                throw .notAPage("archived \(mediaType(type) ?? "untyped") response")
            }
            return ArchivedPage(
                uri: uri, captured: captured, charset: URLFetcher.charset(in: type), format: format, body: try response.payload())
        case "resource", "conversion":
            let type = record.fields["content-type"]
            guard let format = pageFormat(type) else { throw .notAPage("archived \(mediaType(type) ?? "untyped") resource") }
            return ArchivedPage(uri: uri, captured: captured, charset: URLFetcher.charset(in: type), format: format, body: Array(record.block))
        default:
            return nil
        }
    }

    /// wget writes the URI in angle brackets (`<http://…>`), as WARC 1.0's
    /// grammar once suggested; others write it bare.
    private static func trimmedURI(_ text: String) -> String {
        text.hasPrefix("<") && text.hasSuffix(">") ? String(text.dropFirst().dropLast()) : text
    }

    private static func mediaType(_ contentType: String?) -> String? {
        contentType?.split(separator: ";").first.map { collapseWhitespace(String($0)).lowercased() }
    }

    private static func pageFormat(_ contentType: String?) -> FileFormat? {
        switch mediaType(contentType) {
        case "text/html", "application/xhtml+xml": .html
        case "text/plain": .text
        default: nil
        }
    }
}

/// An HTTP response as a crawler recorded it: status line, headers, body,
/// with chunked transfer coding and gzip or deflate content coding undone.
struct HTTPResponseBlock {
    var status: Int
    /// Header names lower-cased; a repeated header keeps its last value.
    var headers: [String: String]
    var body: ArraySlice<UInt8>

    init(_ block: ArraySlice<UInt8>) throws(ArchivedPage.Skip) {
        // The head ends at the first empty line (CRLF CRLF, or LF LF from
        // lax servers).
        var lines: [ArraySlice<UInt8>] = []
        var cursor = block.startIndex
        var bodyStart: Int?
        while cursor < block.endIndex {
            let end = block[cursor...].firstIndex(of: UInt8(ascii: "\n")) ?? block.endIndex
            var line = block[cursor..<end]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            cursor = min(end + 1, block.endIndex)
            if line.isEmpty {
                bodyStart = cursor
                break
            }
            lines.append(line)
        }
        guard let statusLine = lines.first, statusLine.starts(with: Array("HTTP/".utf8)) else {
            throw .notAPage("archived response without an HTTP status line")
        }
        let statusParts = statusLine.split(separator: UInt8(ascii: " "), maxSplits: 2)
        guard statusParts.count >= 2, let status = Int(String(decoding: statusParts[1], as: UTF8.self)) else {
            throw .notAPage("archived response with a malformed status line")
        }
        self.status = status
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            headers[String(decoding: line[..<colon], as: UTF8.self).lowercased()] = collapseWhitespace(
                String(decoding: line[(colon + 1)...], as: UTF8.self))
        }
        self.headers = headers
        body = block[(bodyStart ?? block.endIndex)...]
    }

    /// The body as the server meant it: de-chunked, then decompressed.
    func payload() throws(ArchivedPage.Skip) -> [UInt8] {
        var bytes = Array(body)
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            bytes = try HTTPResponseBlock.dechunk(bytes)
        }
        switch headers["content-encoding"]?.lowercased() {
        case nil, "", "identity":
            return bytes
        case "gzip", "x-gzip":
            guard let plain = Zlib.gunzip(bytes) else { throw .notAPage("archived gzip body that does not inflate") }
            return plain
        case let other?:
            throw .notAPage("archived body in \(other) encoding")
        }
    }

    /// Undoes chunked transfer coding: hex size line, that many bytes,
    /// CRLF, … until a zero size.
    static func dechunk(_ bytes: [UInt8]) throws(ArchivedPage.Skip) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var cursor = 0
        while cursor < bytes.count {
            guard let lineEnd = bytes[cursor...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let sizeText = String(decoding: bytes[cursor..<lineEnd], as: UTF8.self)
                .split(separator: ";").first.map { collapseWhitespace(String($0)) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else {
                throw .notAPage("archived chunked body with a bad chunk size")
            }
            cursor = lineEnd + 1
            if size == 0 { break }
            guard cursor + size <= bytes.count else {
                // A response cut short by the crawler: keep what arrived.
                output += bytes[cursor...]
                break
            }
            output += bytes[cursor..<cursor + size]
            cursor += size
            while cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\r") || bytes[cursor] == UInt8(ascii: "\n") {
                cursor += 1
            }
        }
        return output
    }
}
