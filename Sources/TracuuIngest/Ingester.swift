import FoundationEssentials
import TracuuCore
import TracuuText
#if canImport(Glibc)
import Glibc
#endif

/// Turns raw inputs into articles: reads the bytes, decodes the charset,
/// rejects what is not text, and hands HTML to `HTMLExtractor`, text to
/// `PlainTextExtractor` and JSONL lines to `JSONLRecord`.
///
/// Stateless and `Sendable`: the indexing pipeline calls one `Ingester` from
/// several threads.
public struct Ingester: Sendable {
    /// Inputs larger than this are refused: no news article is 32 MiB, and
    /// libxml2's tree for such a file would cost ten times that in memory.
    public var maxBytes: Int

    public init(maxBytes: Int = 32 << 20) {
        self.maxBytes = maxBytes
    }

    /// The article in `input`. Throws an `IngestError` naming the input.
    public func article(from input: RawInput) throws(IngestError) -> Article {
        switch input {
        case .file(let path, let format):
            let bytes = try readFile(path)
            return try article(bytes: bytes, source: path, format: format, transportCharset: nil)
        case .record(let line, let file, let lineNumber):
            return try JSONLRecord.article(line: line, file: file, lineNumber: lineNumber)
        case .url(let url):
            let response = try URLFetcher.fetch(url, maxBytes: maxBytes)
            let format: FileFormat = response.contentType?.lowercased().contains("text/plain") == true ? .text : .html
            return try article(bytes: response.body, source: url, format: format, transportCharset: response.charset)
        case .archived(let page, _):
            var article = try article(
                bytes: page.body, source: page.uri, format: page.format, transportCharset: page.charset)
            // The capture date is the last resort: a page is published on or
            // before the day it was archived, rarely long before for news.
            if article.date == nil, let captured = page.captured, let day = Day(iso: captured.prefix(10)) {
                article.date = PublicationDate(day: day, source: .capture, confidence: .low)
            }
            return article
        }
    }

    /// The article in the bytes of a page or text file.
    public func article(
        bytes: [UInt8], source: String, format: FileFormat, transportCharset: String? = nil, id: String? = nil
    ) throws(IngestError) -> Article {
        guard !bytes.isEmpty else { throw IngestError(.empty, source: source, reason: "the file is empty") }
        guard bytes.count <= maxBytes else {
            throw IngestError(
                .tooLarge, source: source, reason: "\(bytes.count) bytes is over the \(maxBytes)-byte limit")
        }
        if let reason = BinarySniffer.reasonNotText(bytes) {
            throw IngestError(.binary, source: source, reason: reason)
        }
        let resolvedFormat = format == .sniff ? BinarySniffer.guessFormat(bytes) : format
        let decoded = CharsetDecoder.decode(
            bytes, transportCharset: transportCharset, lookForMeta: resolvedFormat == .html,
            normalize: resolvedFormat != .html)
        let articleID = id ?? ArticleID.forSource(source)
        switch resolvedFormat {
        case .html:
            return try HTMLExtractor().extract(html: decoded.text, source: source, id: articleID)
        case .warc:
            throw IngestError(.unsupported, source: source, reason: "a WARC archive is read record by record, not as a page")
        case .jsonl, .text, .sniff:
            return try PlainTextExtractor().extract(text: decoded.text, source: source, id: articleID)
        }
    }

    /// The bytes of the file at `path`, refused when over `maxBytes`.
    /// Read with POSIX calls straight into the array: Foundation's
    /// FileHandle and Data cost a copy and a few percent of extraction.
    public func readFile(_ path: String) throws(IngestError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            let reason =
                code == ENOENT ? "no such file" : code == EACCES ? "permission denied" : String(cString: strerror(code))
            throw IngestError(.unreadable, source: path, reason: reason)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw IngestError(.unreadable, source: path, reason: "cannot read: \(String(cString: strerror(errno)))")
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw IngestError(.unreadable, source: path, reason: "is a folder")
        }
        let size = Int(status.st_size)
        if size > maxBytes {
            throw IngestError(.tooLarge, source: path, reason: "\(size) bytes is over the \(maxBytes)-byte limit")
        }
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let got = read(descriptor, buffer.baseAddress! + count, size - count)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { break }
                count += got
            }
        }
        if failure != 0 {
            throw IngestError(.unreadable, source: path, reason: "cannot read: \(String(cString: strerror(failure)))")
        }
        // A file that grew since fstat (a log being written): read the rest
        // up to the limit.
        var probe: UInt8 = 0
        if read(descriptor, &probe, 1) == 1 {
            bytes.append(probe)
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while bytes.count <= maxBytes {
                let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if got <= 0 { break }
                bytes += chunk[0..<got]
            }
        }
        if bytes.count > maxBytes {
            throw IngestError(.tooLarge, source: path, reason: "over the \(maxBytes)-byte limit")
        }
        return bytes
    }
}

/// Tells text from binary data before any decoding is attempted.
enum BinarySniffer {
    /// Why `bytes` is not text, or nil when it looks like text.
    static func reasonNotText(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(8192)
        let signatures: [([UInt8], String)] = [
            ([0x25, 0x50, 0x44, 0x46], "a PDF document"), ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
            ([0xFF, 0xD8, 0xFF], "a JPEG image"), ([0x47, 0x49, 0x46, 0x38], "a GIF image"),
            ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (or DOCX/XLSX)"), ([0x1F, 0x8B], "gzip-compressed data"),
            ([0x7F, 0x45, 0x4C, 0x46], "an ELF executable"), ([0xD0, 0xCF, 0x11, 0xE0], "an MS Office document"),
        ]
        for (magic, name) in signatures where head.starts(with: magic) {
            return "binary data (\(name)), not text"
        }
        let isUTF16 = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
        if !isUTF16 {
            if head.contains(0) { return "binary data (NUL bytes), not text" }
            let controls = head.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C && $0 != 0x1B }
            if controls.count * 20 > head.count { return "binary data (control bytes), not text" }
        }
        return nil
    }

    /// HTML when the first non-blank byte opens a tag, text otherwise.
    static func guessFormat(_ bytes: [UInt8]) -> FileFormat {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let first = bytes[start...].first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        return first == UInt8(ascii: "<") ? .html : .text
    }
}
