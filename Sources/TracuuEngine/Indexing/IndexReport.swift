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

    /// Whether the run added or replaced any article.
    public var changed: Bool { added + updated > 0 }
}
