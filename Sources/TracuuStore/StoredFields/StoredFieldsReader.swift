import Foundation
import TracuuCore

/// Reads stored fields from a mapped `.tstore` file (FORMAT.md, "Stored
/// fields"), inflating one block per document fetched and keeping the last
/// block, since results and snippets often come from neighbouring documents.
public final class StoredFieldsReader: @unchecked Sendable {
    let file: MappedFile
    public let docCount: Int
    private let firstDocs: [Int]
    private let offsets: [Int]
    private let compressedLengths: [Int]
    private let uncompressedLengths: [Int]
    private let checksums: [UInt32]
    private let lock = NSLock()
    private var cachedBlock = -1
    private var cached: [UInt8] = []

    init(file: MappedFile, segmentID: UInt64) throws(StoreError) {
        self.file = file
        let body = try FileFraming.validate(
            file.buffer, kind: .stored, segmentID: segmentID, file: file.name, verifyChecksum: false)
        let trailerStart = body.upperBound - StoredFieldsWriter.trailerSize
        guard trailerStart >= body.lowerBound else { throw StoreError.corrupt(file.name, "no room for the trailer") }
        var trailer = file.reader(offset: trailerStart, end: body.upperBound)
        let blockCount = Int(try trailer.u32())
        docCount = Int(try trailer.u32())
        let indexOffset = Int(try trailer.u64())
        let indexChecksum = try trailer.u32()
        guard indexOffset >= body.lowerBound, indexOffset + blockCount * StoredFieldsWriter.indexEntrySize == trailerStart
        else {
            throw StoreError.corrupt(file.name, "block index at \(indexOffset) does not fit the file")
        }
        // The block index decides which block holds a document: verify it
        // whole (a few KB), and each block's checksum when it is read.
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: file.buffer[indexOffset..<trailerStart])) == indexChecksum
        else {
            throw StoreError.corrupt(file.name, "block index checksum mismatch")
        }
        var reader = file.reader(offset: indexOffset, end: trailerStart)
        var firstDocs: [Int] = []
        var offsets: [Int] = []
        var compressed: [Int] = []
        var uncompressed: [Int] = []
        var checksums: [UInt32] = []
        for _ in 0..<blockCount {
            firstDocs.append(Int(try reader.u32()))
            let offset = Int(try reader.u64())
            let length = Int(try reader.u32())
            guard offset >= body.lowerBound, offset + length <= indexOffset else {
                throw StoreError.corrupt(file.name, "block at \(offset) (\(length) bytes) lies outside the blocks")
            }
            offsets.append(offset)
            compressed.append(length)
            uncompressed.append(Int(try reader.u32()))
            checksums.append(try reader.u32())
        }
        self.checksums = checksums
        self.firstDocs = firstDocs
        self.offsets = offsets
        self.compressedLengths = compressed
        self.uncompressedLengths = uncompressed
    }

    /// The stored fields of `doc`, by field id.
    public func document(_ doc: Int) throws(StoreError) -> [UInt8: [UInt8]] {
        guard doc >= 0, doc < docCount else {
            throw StoreError.corrupt(file.name, "document \(doc) out of range (\(docCount) documents)")
        }
        var low = 0
        var high = firstDocs.count
        while low < high {
            let middle = (low + high) / 2
            if firstDocs[middle] <= doc { low = middle + 1 } else { high = middle }
        }
        let block = low - 1
        guard block >= 0 else { throw StoreError.corrupt(file.name, "no block holds document \(doc)") }
        let bytes = try blockBytes(block)
        return try bytes.withStoreBytes { (raw: UnsafeRawBufferPointer) throws(StoreError) in
            var reader = ByteReader(raw, file: file.name)
            for _ in firstDocs[block]..<doc {
                let count = try reader.varintInt()
                for _ in 0..<count {
                    _ = try reader.u8()
                    try reader.skip(try reader.varintInt())
                }
            }
            var fields: [UInt8: [UInt8]] = [:]
            for _ in 0..<(try reader.varintInt()) {
                let id = try reader.u8()
                fields[id] = Array(try reader.bytes(try reader.varintInt()))
            }
            return fields
        }
    }

    func blockBytes(_ block: Int) throws(StoreError) -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        if block == cachedBlock { return cached }
        let region = UnsafeRawBufferPointer(
            rebasing: file.buffer[offsets[block]..<offsets[block] + compressedLengths[block]])
        guard CRC32C.checksum(region) == checksums[block] else {
            throw StoreError.corrupt(file.name, "block \(block) at offset \(offsets[block]): checksum mismatch")
        }
        guard let inflated = Zstd.decompress(region, length: uncompressedLengths[block]) else {
            throw StoreError.corrupt(file.name, "block \(block) at offset \(offsets[block]) does not inflate")
        }
        cachedBlock = block
        cached = inflated
        return inflated
    }

    var blockCount: Int { offsets.count }
}
