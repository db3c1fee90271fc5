import TracuuQuery
import TracuuStore

/// `tracuu optimize`: merges the whole index into one segment, dropping
/// deleted articles, for an archive that will be searched much more than
/// it is updated (one dictionary lookup per term instead of one per
/// segment, and exact collection statistics per segment).
public struct Optimizer {
    public let indexPath: String

    public init(indexPath: String) { self.indexPath = indexPath }

    public struct Report: Sendable {
        public var segmentsBefore: Int
        /// Segments merged: 0 when the index was one segment without
        /// deletions already, which is left as it is.
        public var merged: Int
        public var articles: Int
        public var bytesBefore: UInt64
        public var bytesAfter: UInt64
    }

    public func run() throws -> Report {
        let before = try IndexLocation.openReader(indexPath)
        let writer = try IndexWriter.articles(directory: before.directory, mode: .append)
        defer { writer.close() }
        // Keep the index's provenance and settings as they are.
        let merged = try writer.forceMerge(userData: writer.lastCommit?.userData ?? before.commit.userData)
        let after = try IndexLocation.openReader(indexPath)
        return Report(
            segmentsBefore: before.segments.count, merged: merged, articles: after.liveDocCount, bytesBefore: before.byteSize,
            bytesAfter: after.byteSize)
    }
}
