import FoundationEssentials
import TracuuAnalysis
import TracuuStore

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
    /// Worker threads for extraction, analysis and inversion (defaults to the cores).
    public var workers: Int
    /// Seconds after which a worker flushes the builders and the index is
    /// committed even below the memory budget, so a long run keeps its
    /// progress (a kill loses at most this much).
    public var commitInterval: Double
    /// Index syllable pairs for compound-word scoring (`--pairs`): nil keeps
    /// the index's setting (off for a new index).
    public var pairs: Bool?
    /// When segments are merged (tiered by size).
    public var mergePolicy = MergePolicy()
    /// The alias names each article is searched for as it is indexed (its
    /// names field): the list searches expand names with. Tests index with
    /// another list to get segments whose names a search checks by
    /// positions instead.
    package var aliasNames: NameFinder = .standard
    /// Whether each article says if it is written without marks (`TextMarks`).
    /// Tests turn it off to get segments as an index written before the
    /// flag has them.
    package var textMarks = true

    public init(
        indexPath: String, inputs: [String], memoryBudget: Int = 256 << 20, strict: Bool = false,
        rebuild: Bool = false, prune: Bool = false, workers: Int? = nil, commitInterval: Double = 60,
        pairs: Bool? = nil
    ) {
        self.pairs = pairs
        self.indexPath = indexPath
        self.inputs = inputs
        self.memoryBudget = memoryBudget
        self.strict = strict
        self.rebuild = rebuild
        self.prune = prune
        self.workers = workers ?? ProcessInfo.processInfo.activeProcessorCount
        self.commitInterval = commitInterval
    }
}
