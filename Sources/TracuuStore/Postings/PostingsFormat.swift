/// Constants of the postings layout (FORMAT.md, "Postings").
public enum PostingsFormat {
    /// Documents per block; a term with fewer has only a tail.
    public static let blockSize = 128
    /// Doc id past every real one: a cursor at the end reports it.
    public static let noMoreDocs: Int32 = .max
}

/// Where a term's data lives and how many documents have it.
public struct TermInfo: Sendable, Equatable {
    /// Position of the term in the segment's sorted dictionary.
    public var ordinal: Int
    public var docFreq: Int
    public var postingsOffset: Int
    public var positionsOffset: Int
    /// Whether the term's field records positions.
    public var hasPositions: Bool
    /// The term's bytes in `.tpost` (skip data and doc codes) and their CRC-32C.
    public var postingsLength: Int = 0
    public var postingsChecksum: UInt32 = 0
    /// The term's bytes in `.tpos` and their CRC-32C (0 without positions).
    public var positionsLength: Int = 0
    public var positionsChecksum: UInt32 = 0

    public init(ordinal: Int, docFreq: Int, postingsOffset: Int, positionsOffset: Int, hasPositions: Bool) {
        self.ordinal = ordinal
        self.docFreq = docFreq
        self.postingsOffset = postingsOffset
        self.positionsOffset = positionsOffset
        self.hasPositions = hasPositions
    }
}
