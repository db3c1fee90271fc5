import Foundation
import TracuuCore

/// Reads stored fields from a mapped `.tstore` file (FORMAT.md, "Stored
/// fields"): in version 4, one zstd frame per document, decompressed with
/// the segment's dictionary; in version 3 (tracuu 0.1), blocks of about
/// 256 KiB, of which the last one read is kept.
public final class StoredFieldsReader: @unchecked Sendable {
    let file: MappedFile
    public let docCount: Int
    private let layout: Layout
    private let lock = NSLock()

    private enum Layout {
        case frames(Frames)
        case blocks(Blocks)
    }

    init(file: MappedFile, segmentID: UInt64) throws(StoreError) {
        self.file = file
        let body = try FileFraming.validate(
            file.buffer, kind: .stored, segmentID: segmentID, file: file.name, verifyChecksum: false)
        if FileFraming.version(file.buffer) >= 4 {
            let frames = try Frames(file: file, body: body)
            docCount = frames.docCount
            layout = .frames(frames)
        } else {
            let blocks = try Blocks(file: file, body: body)
            docCount = blocks.docCount
            layout = .blocks(blocks)
        }
    }

    /// The stored fields of `doc`, by field id.
    public func document(_ doc: Int) throws(StoreError) -> [UInt8: [UInt8]] {
        guard doc >= 0, doc < docCount else {
            throw StoreError.corrupt(file.name, "document \(doc) out of range (\(docCount) documents)")
        }
        let bytes: [UInt8]
        let start: Int
        switch layout {
        case .frames(let frames):
            bytes = try frames.document(doc, lock: lock)
            start = 0
        case .blocks(let blocks):
            (bytes, start) = try blocks.document(doc, lock: lock)
        }
        return try bytes.withStoreBytes { (raw: UnsafeRawBufferPointer) throws(StoreError) in
            var reader = ByteReader(raw, offset: start, file: file.name)
            var fields: [UInt8: [UInt8]] = [:]
            for _ in 0..<(try reader.varintInt()) {
                let id = try reader.u8()
                fields[id] = Array(try reader.bytes(try reader.varintInt()))
            }
            return fields
        }
    }

    /// Bytes of the compression dictionary (0: none, or a version 3 file).
    var dictionaryLength: Int {
        if case .frames(let frames) = layout { return frames.dictionaryLength }
        return 0
    }

    /// Reads and checks every document's bytes (`tracuu check`): each
    /// frame's or block's checksum and decompression, and the index's own
    /// checksum.
    func verifyAll() throws(StoreError) {
        switch layout {
        case .frames(let frames):
            try frames.verifyIndex()
            for doc in 0..<docCount { _ = try frames.document(doc, lock: lock) }
        case .blocks(let blocks):
            for block in 0..<blocks.count { _ = try blocks.blockBytes(block, lock: lock) }
        }
    }
}

extension StoredFieldsReader {
    /// A reader over the last `size` bytes of the body (both layouts end
    /// with a fixed-size trailer).
    fileprivate static func trailer(_ file: MappedFile, _ body: Range<Int>, size: Int) throws(StoreError) -> ByteReader {
        let start = body.upperBound - size
        guard start >= body.lowerBound else { throw StoreError.corrupt(file.name, "no room for the trailer") }
        return file.reader(offset: start, end: body.upperBound)
    }

    /// Version 4: the dictionary, then one frame per document, then an
    /// index entry per document (read in place, so opening costs nothing
    /// per document).
    fileprivate final class Frames {
        let file: MappedFile
        let docCount: Int
        private let dictionary: Range<Int>
        private let dictionaryChecksum: UInt32
        private let indexOffset: Int
        private let indexChecksum: UInt32
        /// Digested on the first document read, after its checksum passes.
        private var decompressor: ZstdDictionary.Decompressor?

        init(file: MappedFile, body: Range<Int>) throws(StoreError) {
            self.file = file
            var trailer = try StoredFieldsReader.trailer(file, body, size: StoredFieldsWriter.trailerSize)
            let trailerStart = trailer.offset
            docCount = Int(try trailer.u32())
            let dictionaryLength = Int(try trailer.u32())
            dictionaryChecksum = try trailer.u32()
            indexOffset = Int(try trailer.u64())
            indexChecksum = try trailer.u32()
            dictionary = body.lowerBound..<body.lowerBound + dictionaryLength
            guard dictionary.upperBound <= indexOffset, indexOffset >= body.lowerBound,
                indexOffset + docCount * StoredFieldsWriter.indexEntrySize == trailerStart
            else {
                throw StoreError.corrupt(
                    file.name, "dictionary (\(dictionaryLength) bytes) and document index at \(indexOffset) do not fit the file")
            }
        }

        var dictionaryLength: Int { dictionary.count }

        func verifyIndex() throws(StoreError) {
            let region = UnsafeRawBufferPointer(
                rebasing: file.buffer[indexOffset..<indexOffset + docCount * StoredFieldsWriter.indexEntrySize])
            guard CRC32C.checksum(region) == indexChecksum else {
                throw StoreError.corrupt(file.name, "document index checksum mismatch")
            }
        }

        func document(_ doc: Int, lock: NSLock) throws(StoreError) -> [UInt8] {
            // An entry is checked through its frame: a damaged offset or
            // checksum makes the frame's checksum fail.
            var entry = file.reader(offset: indexOffset + doc * StoredFieldsWriter.indexEntrySize)
            let offset = Int(try entry.u64())
            let checksum = try entry.u32()
            let end: Int
            if doc + 1 < docCount {
                var next = file.reader(offset: indexOffset + (doc + 1) * StoredFieldsWriter.indexEntrySize)
                end = Int(try next.u64())
            } else {
                end = indexOffset
            }
            guard offset >= dictionary.upperBound, offset <= end, end <= indexOffset else {
                throw StoreError.corrupt(file.name, "document \(doc): frame at \(offset)..<\(end) lies outside the frames")
            }
            let frame = UnsafeRawBufferPointer(rebasing: file.buffer[offset..<end])
            guard CRC32C.checksum(frame) == checksum else {
                throw StoreError.corrupt(file.name, "document \(doc) at offset \(offset): checksum mismatch")
            }
            guard let inflated = try digested(lock).decompress(frame, limit: StoredFieldsWriter.documentLimit) else {
                throw StoreError.corrupt(file.name, "document \(doc) at offset \(offset) does not decompress")
            }
            return inflated
        }

        private func digested(_ lock: NSLock) throws(StoreError) -> ZstdDictionary.Decompressor {
            lock.lock()
            defer { lock.unlock() }
            if let decompressor { return decompressor }
            let bytes = UnsafeRawBufferPointer(rebasing: file.buffer[dictionary])
            guard CRC32C.checksum(bytes) == dictionaryChecksum else {
                throw StoreError.corrupt(file.name, "compression dictionary checksum mismatch")
            }
            guard let made = ZstdDictionary.Decompressor(dictionary: bytes) else {
                throw StoreError.corrupt(file.name, "zstd cannot read the compression dictionary")
            }
            decompressor = made
            return made
        }
    }

    /// Version 3: documents in blocks of about 256 KiB, and a block index.
    fileprivate final class Blocks {
        static let indexEntrySize = 24
        static let trailerSize = 20

        let file: MappedFile
        let docCount: Int
        private let firstDocs: [Int]
        private let offsets: [Int]
        private let compressedLengths: [Int]
        private let uncompressedLengths: [Int]
        private let checksums: [UInt32]
        private var cachedBlock = -1
        private var cached: [UInt8] = []

        init(file: MappedFile, body: Range<Int>) throws(StoreError) {
            self.file = file
            var trailer = try StoredFieldsReader.trailer(file, body, size: Blocks.trailerSize)
            let trailerStart = trailer.offset
            let blockCount = Int(try trailer.u32())
            docCount = Int(try trailer.u32())
            let indexOffset = Int(try trailer.u64())
            let indexChecksum = try trailer.u32()
            guard indexOffset >= body.lowerBound, indexOffset + blockCount * Blocks.indexEntrySize == trailerStart else {
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

        var count: Int { offsets.count }

        /// The block holding `doc`, and where the document starts in it.
        func document(_ doc: Int, lock: NSLock) throws(StoreError) -> ([UInt8], Int) {
            var low = 0
            var high = firstDocs.count
            while low < high {
                let middle = (low + high) / 2
                if firstDocs[middle] <= doc { low = middle + 1 } else { high = middle }
            }
            let block = low - 1
            guard block >= 0 else { throw StoreError.corrupt(file.name, "no block holds document \(doc)") }
            let bytes = try blockBytes(block, lock: lock)
            let start = try bytes.withStoreBytes { (raw: UnsafeRawBufferPointer) throws(StoreError) in
                var reader = ByteReader(raw, file: file.name)
                for _ in firstDocs[block]..<doc {
                    let count = try reader.varintInt()
                    for _ in 0..<count {
                        _ = try reader.u8()
                        try reader.skip(try reader.varintInt())
                    }
                }
                return reader.offset
            }
            return (bytes, start)
        }

        func blockBytes(_ block: Int, lock: NSLock) throws(StoreError) -> [UInt8] {
            lock.lock()
            defer { lock.unlock() }
            if block == cachedBlock { return cached }
            let region = UnsafeRawBufferPointer(
                rebasing: file.buffer[offsets[block]..<offsets[block] + compressedLengths[block]])
            guard CRC32C.checksum(region) == checksums[block] else {
                throw StoreError.corrupt(file.name, "block \(block) at offset \(offsets[block]): checksum mismatch")
            }
            guard let inflated = ZstdDictionary.Decompressor.plain.decompress(region, limit: uncompressedLengths[block]),
                inflated.count == uncompressedLengths[block]
            else {
                throw StoreError.corrupt(file.name, "block \(block) at offset \(offsets[block]) does not inflate")
            }
            cachedBlock = block
            cached = inflated
            return inflated
        }
    }
}
