import FoundationEssentials
import TracuuCore

/// A commit point: which segments, with which deletions, make up the index
/// (FORMAT.md, "Commit" and "Commit protocol").
public struct Commit: Sendable, Equatable {
    public var generation: UInt64
    /// Number for the next new segment (names are never reused).
    public var nextSegment: UInt64
    /// Seconds since 1970 when the commit was written.
    public var timestamp: Int64
    /// The engine's provenance (analyzer, ICU and Unicode versions) and counters.
    public var userData: [String: String]
    public var segments: [SegmentInfo]
    /// What the engine derives from exactly these segments and deletions
    /// and would otherwise work out again in every process that opens the
    /// commit (the republication groups), by name. Kept in the commit file
    /// itself, so they are checked, and replaced, with it. Empty in commits
    /// of format versions before 7.
    public var attachments: [String: [UInt8]]

    public init(
        generation: UInt64, nextSegment: UInt64, timestamp: Int64, userData: [String: String], segments: [SegmentInfo],
        attachments: [String: [UInt8]] = [:]
    ) {
        self.generation = generation
        self.nextSegment = nextSegment
        self.timestamp = timestamp
        self.userData = userData
        self.segments = segments
        self.attachments = attachments
    }

    public static let prefix = "commit_"
    public static let pendingPrefix = "pending_commit_"

    public static func fileName(_ generation: UInt64) -> String {
        prefix + NumberText.padded(Int(generation), width: 8)
    }

    public var fileName: String { Commit.fileName(generation) }

    /// The generation in a commit file name, or nil for other names.
    public static func generation(of name: String) -> UInt64? {
        guard name.hasPrefix(prefix) else { return nil }
        return UInt64(name.dropFirst(prefix.count))
    }

    /// Every file the commit needs, itself included.
    public var fileNames: Set<String> {
        var names: Set<String> = [fileName]
        for segment in segments { for file in segment.files { names.insert(file.name) } }
        return names
    }

    /// Writes the commit by the protocol: pending file, fsync, rename, fsync folder.
    func write(to directory: IndexDirectory) throws(StoreError) {
        let pending = Commit.pendingPrefix + String(fileName.dropFirst(Commit.prefix.count))
        try directory.delete(pending)
        let output = try IndexOutput(directory: directory, name: pending, kind: .commit, segmentID: 0)
        var writer = ByteWriter()
        writer.u64(generation)
        writer.u64(nextSegment)
        writer.i64(timestamp)
        writer.varint(userData.count)
        for key in userData.keys.sorted() {
            writer.string(key)
            writer.string(userData[key]!)
        }
        writer.varint(segments.count)
        for segment in segments {
            writer.string(segment.name)
            writer.u64(segment.segmentID)
            writer.u32(UInt32(segment.docCount))
            writer.u32(UInt32(segment.deletedCount))
            writer.u64(segment.deletionGeneration)
            writer.varint(segment.files.count)
            for file in segment.files {
                writer.string(file.name)
                writer.u64(file.length)
                writer.u32(file.checksum)
            }
        }
        writer.varint(attachments.count)
        for (name, bytes) in attachments.sorted(by: { $0.key < $1.key }) {
            writer.string(name)
            writer.varint(bytes.count)
            writer.append(bytes)
        }
        try output.write(writer)
        try output.finish()
        try directory.sync([pending])
        try directory.rename(pending, to: fileName)
    }

    /// Reads and fully verifies (checksum included) a commit file.
    static func read(_ file: MappedFile) throws(StoreError) -> Commit {
        let body = try FileFraming.validate(file.buffer, kind: .commit, segmentID: 0, file: file.name, verifyChecksum: true)
        var reader = file.reader(offset: body.lowerBound, end: body.upperBound)
        let generation = try reader.u64()
        let nextSegment = try reader.u64()
        let timestamp = try reader.i64()
        var userData: [String: String] = [:]
        for _ in 0..<(try reader.varintInt()) {
            let key = try reader.string()
            userData[key] = try reader.string()
        }
        var segments: [SegmentInfo] = []
        for _ in 0..<(try reader.varintInt()) {
            let name = try reader.string()
            let segmentID = try reader.u64()
            let docCount = Int(try reader.u32())
            let deletedCount = Int(try reader.u32())
            let deletionGeneration = try reader.u64()
            var files: [SegmentInfo.File] = []
            for _ in 0..<(try reader.varintInt()) {
                let fileName = try reader.string()
                files.append(SegmentInfo.File(name: fileName, length: try reader.u64(), checksum: try reader.u32()))
            }
            guard deletedCount <= docCount else {
                throw StoreError.corrupt(file.name, "segment \(name) has \(deletedCount) deletions of \(docCount) documents")
            }
            segments.append(
                SegmentInfo(
                    name: name, segmentID: segmentID, docCount: docCount, deletedCount: deletedCount,
                    deletionGeneration: deletionGeneration, files: files))
        }
        var attachments: [String: [UInt8]] = [:]
        if FileFraming.version(file.buffer) >= 7 {
            for _ in 0..<(try reader.varintInt()) {
                let name = try reader.string()
                let length = try reader.varintInt()
                attachments[name] = Array(try reader.bytes(length))
            }
        }
        guard reader.isAtEnd else { throw StoreError.corrupt(file.name, "\(reader.remaining) unexpected bytes at the end") }
        guard Commit.generation(of: file.name) == generation else {
            throw StoreError.corrupt(file.name, "the file name says one generation, the content \(generation)")
        }
        return Commit(
            generation: generation, nextSegment: nextSegment, timestamp: timestamp, userData: userData,
            segments: segments, attachments: attachments)
    }

    /// The newest commit in `directory`, or nil when there is none.
    ///
    /// A commit file that exists is complete (it only appears by rename), so
    /// a damaged newest commit is corruption, reported, not skipped.
    public static func latest(in directory: IndexDirectory) throws(StoreError) -> Commit? {
        let generations = try directory.list().compactMap(Commit.generation(of:))
        guard let newest = generations.max() else { return nil }
        return try read(try directory.map(Commit.fileName(newest)))
    }
}
