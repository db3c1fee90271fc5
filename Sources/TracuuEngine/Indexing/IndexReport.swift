/// What an indexing run did, for its summary line and `--format json`.
public struct IndexReport: Sendable {
    /// Inputs read (files, JSONL records, URLs).
    public var read = 0
    /// Articles added that the index did not have.
    public var added = 0
    /// Articles whose source was indexed before with other content.
    public var updated = 0
    /// Articles already indexed with the same content.
    public var unchanged = 0
    /// Inputs whose source appeared earlier in the same run.
    public var duplicates = 0
    /// Articles removed because their source is gone (`--prune`).
    public var pruned = 0
    /// Files in folders that are not of a type tracuu reads (README.md,
    /// PDFs) and archive records that are not pages (requests, images,
    /// redirects, errors): how many, and how many for each reason.
    public var ignored: Int { ignoredReasons.values.reduce(0, +) }
    public var ignoredReasons: [String: Int] = [:]
    /// Inputs that could not become articles, by reason code.
    public var skipped: [String: Int] = [:]
    /// The first errors, for the summary (all were printed as they happened).
    public var errors: [String] = []
    /// Bytes of article text indexed (title + body, UTF-8).
    public var textBytes = 0
    public var commits = 0
    /// Segment merges done (and committed) during the run.
    public var merges = 0
    public var seconds = 0.0

    public var skippedTotal: Int { skipped.values.reduce(0, +) }
    /// What the run did per source: each web site, folder, corpus file or
    /// archive's site (see `SourceReport.site(of:)`).
    public var sources: [String: SourceReport] = [:]

    /// Whether the run added or replaced any article.
    public var changed: Bool { added + updated > 0 }
}

/// What an indexing run did with the articles of one source.
public struct SourceReport: Sendable, Equatable {
    public var added = 0
    public var updated = 0
    public var unchanged = 0
    /// Inputs whose address came a second time in the run.
    public var duplicates = 0
    /// Articles indexed as republished copies of an article the index
    /// already had (shown under it as "also published at").
    public var republished = 0
    /// Inputs that could not become articles, by reason code.
    public var skipped: [String: Int] = [:]

    public init() {}

    /// The source an article's address belongs to: the host of a web
    /// address (a WARC record's too), the file of a corpus record
    /// (`corpus.jsonl.gz#id`), the folder of a file.
    public static func site(of address: String) -> String {
        // Byte by byte on the UTF-8 view: the run calls this for every
        // article, and Foundation's `range(of:)` went through CFString.
        let bytes = address.utf8
        var index = bytes.startIndex
        var hash: String.Index?
        var lastSlash: String.Index?
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":"), bytes[index...].starts(with: "://".utf8) {
                let hostStart = bytes.index(index, offsetBy: 3)
                let hostEnd = bytes[hostStart...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
                return String(address[..<(hostEnd ?? bytes.endIndex)])
            }
            if byte == UInt8(ascii: "#") && hash == nil { hash = index }
            if byte == UInt8(ascii: "/") && hash == nil { lastSlash = index }
            index = bytes.index(after: index)
        }
        if let hash { return String(address[..<hash]) }
        guard let slash = lastSlash else { return "." }
        return slash == address.startIndex ? "/" : String(address[..<slash])
    }
}
