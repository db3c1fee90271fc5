/// One unit of ingestion work, before extraction: a file to read, one line of
/// a JSONL corpus, a URL to fetch, or a page out of a WARC archive. Cheap to pass between threads, so the
/// indexing pipeline can enumerate inputs on one thread and extract on others.
public enum RawInput: Sendable, Equatable {
    case file(path: String, format: FileFormat)
    case record(line: [UInt8], file: String, lineNumber: Int)
    case url(String)
    /// A page kept in a WARC archive; `record` is `file#record N`.
    case archived(ArchivedPage, record: String)

    /// The file, `file:line` or URL this input is known by in messages.
    public var location: String {
        switch self {
        case .file(let path, _): path
        case .record(_, let file, let lineNumber): "\(file):\(lineNumber)"
        case .url(let url): url
        case .archived(_, let record): record
        }
    }
}

/// How a file's content is read.
public enum FileFormat: String, Sendable, Equatable {
    case html
    case text
    case jsonl
    /// A WARC archive (`.warc`, `.warc.gz`): every HTML response in it is a page.
    case warc
    /// Decided from the first bytes (a file named explicitly with an unknown extension).
    case sniff

    /// The format a file name implies, or nil for files a folder walk skips.
    public static func of(fileName: String) -> FileFormat? {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".jsonl.gz") || lower.hasSuffix(".ndjson")
            || lower.hasSuffix(".ndjson.gz")
        {
            return .jsonl
        }
        if lower.hasSuffix(".warc") || lower.hasSuffix(".warc.gz") { return .warc }
        for suffix in [".html", ".htm", ".xhtml", ".shtml"] where lower.hasSuffix(suffix) { return .html }
        if lower.hasSuffix(".txt") { return .text }
        return nil
    }
}
