/// How `tracuu index` runs.
public struct IndexOptions: Sendable {
    /// Where the index lives.
    public var indexPath: String
    /// Files, folders, JSONL corpora and URLs to read.
    public var inputs: [String]
    /// Flush a segment (and commit) when buffered postings reach this many bytes.
    public var memoryBudget: Int
    /// Stop at the first input that cannot be read.
    public var strict: Bool
    /// Start from an empty index (required after an analyzer change).
    public var rebuild: Bool
    /// Delete articles whose source file no longer exists.
    public var prune: Bool
    /// Worker threads for extraction and analysis (defaults to the cores).
    public var workers: Int

    public init(
        indexPath: String, inputs: [String], memoryBudget: Int = 256 << 20, strict: Bool = false,
        rebuild: Bool = false, prune: Bool = false, workers: Int? = nil
    ) {
        self.indexPath = indexPath
        self.inputs = inputs
        self.memoryBudget = memoryBudget
        self.strict = strict
        self.rebuild = rebuild
        self.prune = prune
        self.workers = workers ?? ProcessInfo.processInfo.activeProcessorCount
    }
}

import Foundation
