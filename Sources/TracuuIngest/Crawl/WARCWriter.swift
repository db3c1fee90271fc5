import FoundationEssentials
import TracuuCore
#if canImport(Glibc)
import Glibc
#endif

/// Appends records to a WARC file (ISO 28500, WARC/1.1): a `warcinfo` when
/// the file is new, then a `request` and a `response` record for every page
/// fetched, each gzip-compressed on its own when the name ends in `.gz`
/// (so records can be appended to an interrupted crawl's archive and read
/// back one at a time). Each record is written with one `write` and the
/// file is synced after each page, so a kill loses at most the page in
/// flight, never a record half written.
public final class WARCWriter {
    public let path: String
    /// The file, opened for appending.
    private let descriptor: Int32
    private let compressed: Bool

    public init(path: String, software: String) throws {
        self.path = path
        compressed = path.lowercased().hasSuffix(".gz")
        let isNew = !FileManager.default.fileExists(atPath: path)
        descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw IngestError(
                .unreadable, source: path,
                reason: "cannot open the WARC file for writing: \(String(cString: strerror(errno)))")
        }
        if isNew {
            try append(
                type: "warcinfo", uri: nil, contentType: "application/warc-fields",
                block: Array("software: \(software)\r\nformat: WARC File Format 1.1\r\n".utf8))
        }
    }

    deinit { close(descriptor) }

    /// Records one fetch: the request as sent and the response as received.
    public func record(uri: String, request: String, page: FetchedPage) throws {
        let date = WARCWriter.now()
        try append(type: "request", uri: uri, date: date, contentType: "application/http; msgtype=request", block: Array(request.utf8))
        // libcurl hands over the body with chunked transfer coding undone,
        // so the header saying it was chunked is left out of the record
        // (a reader would try to undo it again).
        var block = WARCWriter.withoutTransferEncoding(page.headerBlock)
        if !block.isEmpty && !block.ends(with: [13, 10, 13, 10]) { block += [13, 10] }
        block += page.body
        try append(type: "response", uri: uri, date: date, contentType: "application/http; msgtype=response", block: block)
        guard fsync(descriptor) == 0 else {
            throw IngestError(.unreadable, source: path, reason: "cannot sync: \(String(cString: strerror(errno)))")
        }
    }

    /// The time now as a WARC-Date: ISO 8601 in UTC, to the second.
    static func now() -> String { Date().formatted(.iso8601) }

    private func append(type: String, uri: String?, date: String? = nil, contentType: String, block: [UInt8]) throws {
        let date = date ?? WARCWriter.now()
        var head = "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Date: \(date)\r\nWARC-Record-ID: <urn:uuid:\(UUID().uuidString.lowercased())>\r\n"
        if let uri { head += "WARC-Target-URI: \(uri)\r\n" }
        head += "Content-Type: \(contentType)\r\nContent-Length: \(block.count)\r\n\r\n"
        let record = Array(head.utf8) + block + Array("\r\n\r\n".utf8)
        let failure = (compressed ? Zlib.gzip(record) : record).withUnsafeBytes { Descriptor.writeAll(descriptor, $0) }
        guard failure == 0 else {
            throw IngestError(.unreadable, source: path, reason: "cannot write: \(String(cString: strerror(failure)))")
        }
    }

    static func withoutTransferEncoding(_ block: [UInt8]) -> [UInt8] {
        let lines = block.split(separator: 10, omittingEmptySubsequences: false)
        let kept = lines.filter { !String(decoding: $0, as: UTF8.self).lowercased().hasPrefix("transfer-encoding:") }
        return Array(kept.joined(separator: [10]))
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
