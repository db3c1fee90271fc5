import TracuuCore

/// The deleted documents of a segment: a bitset, written whole to a new
/// `<seg>_<gen>.tdel` file each time it changes (FORMAT.md, "Deletions").
public struct DeletionSet: Sendable, Equatable {
    public private(set) var words: [UInt64]
    public let docCount: Int
    public private(set) var count: Int = 0

    public init(docCount: Int) {
        self.docCount = docCount
        words = [UInt64](bitCount: docCount)
    }

    /// Inlinable: search tests every matching document of a segment.
    @inlinable @inline(__always)
    public func contains(_ doc: Int) -> Bool { words.containsBit(doc) }

    /// Calls `body` with each deleted document, in order.
    public func forEach(_ body: (Int) -> Void) { words.forEachSetBit(body) }

    /// Marks `doc` deleted; returns false when it already was.
    @discardableResult
    public mutating func insert(_ doc: Int) -> Bool {
        let mask: UInt64 = 1 << UInt64(doc & 63)
        if words[doc >> 6] & mask != 0 { return false }
        words[doc >> 6] |= mask
        count += 1
        return true
    }

    func write(to output: IndexOutput) throws(StoreError) {
        var writer = ByteWriter()
        writer.u32(UInt32(docCount))
        writer.u32(UInt32(count))
        let byteCount = (docCount + 7) / 8
        for index in 0..<byteCount {
            writer.u8(UInt8(truncatingIfNeeded: words[index / 8] >> UInt64(8 * (index % 8))))
        }
        try output.write(writer)
    }

    static func read(_ file: MappedFile, segmentID: UInt64, docCount: Int) throws(StoreError) -> DeletionSet {
        let body = try FileFraming.validate(
            file.buffer, kind: .deletions, segmentID: segmentID, file: file.name, verifyChecksum: true)
        var reader = file.reader(offset: body.lowerBound, end: body.upperBound)
        let storedCount = Int(try reader.u32())
        guard storedCount == docCount else {
            throw StoreError.corrupt(file.name, "holds \(storedCount) documents, the segment has \(docCount)")
        }
        let deleted = Int(try reader.u32())
        var set = DeletionSet(docCount: docCount)
        let bytes = try reader.bytes((docCount + 7) / 8)
        for (index, byte) in bytes.enumerated() where byte != 0 {
            set.words[index / 8] |= UInt64(byte) << UInt64(8 * (index % 8))
        }
        set.count = set.words.reduce(0) { $0 + $1.nonzeroBitCount }
        guard set.count == deleted else {
            throw StoreError.corrupt(file.name, "says \(deleted) deleted documents, its bits say \(set.count)")
        }
        return set
    }
}
