/// Chooses which segments to merge so that the number of segments stays
/// logarithmic in the index size and deleted documents do not pile up.
///
/// Tiered by size, in the spirit of Lucene's TieredMergePolicy but
/// simpler: a segment's tier is ⌊log_f(live bytes / floor)⌋ with `f` the
/// merge factor, segments below the floor counting as floor-sized (so a
/// burst of tiny flushes is merged early). When a tier holds `f` segments,
/// its `f` smallest merge into one segment of the next tier. A segment
/// whose deleted share reaches `reclaimRatio` is rewritten on its own (with
/// the smallest others of its tier, if the tier has any). Each document is
/// thus rewritten about log_f(N) times over the life of an index of N
/// floors, and an index holds at most (f − 1) segments per tier.
public struct MergePolicy: Sendable {
    public var mergeFactor = 10
    public var floorBytes: UInt64 = 4 << 20
    public var reclaimRatio = 0.3
    /// Segments above this many live bytes are only merged by `optimize`.
    public var maxMergedBytes: UInt64 = 4 << 30

    public init() {}

    /// A segment as the policy sees it.
    public struct Candidate: Sendable {
        public var name: String
        public var bytes: UInt64
        public var docCount: Int
        public var deletedCount: Int

        public init(name: String, bytes: UInt64, docCount: Int, deletedCount: Int) {
            self.name = name
            self.bytes = bytes
            self.docCount = docCount
            self.deletedCount = deletedCount
        }

        var liveBytes: UInt64 {
            docCount == 0 ? 0 : UInt64(Double(bytes) * Double(docCount - deletedCount) / Double(docCount))
        }
        var deletedRatio: Double { docCount == 0 ? 0 : Double(deletedCount) / Double(docCount) }
    }

    /// The names of the segments to merge next, or nil when none need it.
    /// `segments` are those not already being merged.
    public func nextMerge(_ segments: [Candidate]) -> [String]? {
        let eligible = segments.filter { $0.liveBytes <= maxMergedBytes }
        var tiers: [Int: [Candidate]] = [:]
        for segment in eligible { tiers[tier(segment.liveBytes), default: []].append(segment) }
        for level in tiers.keys.sorted() {
            let members = tiers[level]!.sorted { $0.liveBytes < $1.liveBytes }
            if members.count >= mergeFactor { return members.prefix(mergeFactor).map(\.name) }
        }
        if let worst = eligible.filter({ $0.deletedRatio >= reclaimRatio }).max(by: { $0.deletedRatio < $1.deletedRatio }) {
            let companions = (tiers[tier(worst.liveBytes)] ?? [])
                .filter { $0.name != worst.name }
                .sorted { $0.liveBytes < $1.liveBytes }
                .prefix(mergeFactor - 1)
            return [worst.name] + companions.map(\.name)
        }
        return nil
    }

    func tier(_ liveBytes: UInt64) -> Int {
        var level = 0
        var bound = floorBytes * UInt64(mergeFactor)
        while liveBytes >= bound && level < 20 {
            level += 1
            bound = bound.multipliedReportingOverflow(by: UInt64(mergeFactor)).partialValue
        }
        return level
    }
}
