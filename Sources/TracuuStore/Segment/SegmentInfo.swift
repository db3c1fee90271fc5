import TracuuCore

/// A segment as a commit records it (FORMAT.md, "Commit").
public struct SegmentInfo: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        public var name: String
        public var length: UInt64
        public var checksum: UInt32

        public init(name: String, length: UInt64, checksum: UInt32) {
            self.name = name
            self.length = length
            self.checksum = checksum
        }
    }

    /// `s000001`: the stem of the segment's file names.
    public var name: String
    public var segmentID: UInt64
    public var docCount: Int
    public var deletedCount: Int
    /// Generation of the current deletion file; 0 = none.
    public var deletionGeneration: UInt64
    /// The segment's files, the deletion file included when there is one.
    public var files: [File]

    public var liveCount: Int { docCount - deletedCount }

    public static func name(number: UInt64) -> String {
        "s" + NumberText.padded(Int(number), width: 6)
    }

    public func fileName(_ kind: FileKind) -> String {
        if kind == .deletions { return "\(name)_\(deletionGeneration).\(kind.fileExtension)" }
        return "\(name).\(kind.fileExtension)"
    }

    public var byteSize: UInt64 { files.reduce(0) { $0 + $1.length } }
}
