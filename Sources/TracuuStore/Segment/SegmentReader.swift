/// One committed segment opened for reading: its mapped files and its
/// deletions as of the commit that named it.
public final class SegmentReader: @unchecked Sendable {
    public let info: SegmentInfo
    public let dictionary: TermDictionaryReader
    public let columns: ColumnsReader
    public let stored: StoredFieldsReader
    public let deletions: DeletionSet?
    let postingsFile: MappedFile
    let positionsFile: MappedFile
    private let postingsEnd: Int
    private let positionsEnd: Int
    /// Terms' postings and positions that have passed their checksum since
    /// this segment was opened (`PostingsCursor.part`).
    private let verifiedTerms: VerifiedParts

    init(directory: IndexDirectory, info: SegmentInfo) throws(StoreError) {
        self.info = info
        // Every file must have the length the commit recorded: a cheap check
        // that catches truncation before any byte is decoded.
        for file in info.files {
            guard let size = directory.size(file.name) else {
                throw StoreError.corrupt(file.name, "the file is missing (segment \(info.name))")
            }
            guard size == file.length else {
                throw StoreError.corrupt(file.name, "\(size) bytes on disk, the commit recorded \(file.length) (truncated?)")
            }
        }
        // Dictionaries are checked a block at a time as searches decode
        // them, so their pages are left to fault in as they are read.
        dictionary = try TermDictionaryReader(
            file: try directory.map(info.fileName(.dictionary)), segmentID: info.segmentID)
        columns = try ColumnsReader(
            file: try directory.map(info.fileName(.columns), populate: true), segmentID: info.segmentID)
        // Hits' frames are copied out with pread (`StoredFieldsReader`).
        stored = try StoredFieldsReader(
            file: try directory.map(info.fileName(.stored), readable: true), segmentID: info.segmentID)
        postingsFile = try directory.map(info.fileName(.postings))
        positionsFile = try directory.map(info.fileName(.positions))
        postingsEnd = try FileFraming.validate(
            postingsFile.buffer, kind: .postings, segmentID: info.segmentID, file: postingsFile.name,
            verifyChecksum: false
        ).upperBound
        positionsEnd = try FileFraming.validate(
            positionsFile.buffer, kind: .positions, segmentID: info.segmentID, file: positionsFile.name,
            verifyChecksum: false
        ).upperBound
        if info.deletionGeneration > 0 {
            deletions = try DeletionSet.read(
                try directory.map(info.fileName(.deletions)), segmentID: info.segmentID, docCount: info.docCount)
            guard deletions!.count == info.deletedCount else {
                throw StoreError.corrupt(
                    info.fileName(.deletions), "holds \(deletions!.count) deletions, the commit recorded \(info.deletedCount)")
            }
        } else {
            deletions = nil
        }
        verifiedTerms = VerifiedParts(count: 2 * dictionary.termCount)
        guard columns.docCount == info.docCount, stored.docCount == info.docCount else {
            throw StoreError.corrupt(info.name, "files disagree on the number of documents")
        }
    }

    /// The files every search reads some of: the dictionary and the
    /// postings. Not the positions (phrases and proximity only), nor the
    /// stored documents (copied out with `pread`); the columns are mapped
    /// whole when the segment opens.
    var searchedFiles: [MappedFile] { [dictionary.file, postingsFile] }

    /// Drops the segment's mapped pages from the resident set (see
    /// `MappedFile.dropResidentPages`).
    func dropResidentPages() {
        for file in [dictionary.file, columns.file, stored.file, postingsFile, positionsFile] { file.dropResidentPages() }
    }

    public var docCount: Int { info.docCount }
    public var liveCount: Int { info.liveCount }

    @inline(__always)
    public func isDeleted(_ doc: Int) -> Bool { deletions?.contains(doc) ?? false }

    /// A cursor over the postings of a term found in this segment's dictionary.
    public func postings(_ info: TermInfo, withPositions: Bool = true) throws(StoreError) -> PostingsCursor {
        try PostingsCursor(
            postings: postingsFile, positions: withPositions && info.hasPositions ? positionsFile : nil, info: info,
            postingsEnd: postingsEnd, positionsEnd: positionsEnd, verified: verifiedTerms)
    }
}
