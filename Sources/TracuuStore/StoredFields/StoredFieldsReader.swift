import FoundationEssentials
import TracuuCore

/// Reads stored fields from a mapped `.tstore` file (FORMAT.md, "Stored
/// fields"): from version 4, one zstd frame per document (from version 9,
/// a second one after it for the fields kept apart), decompressed with its
/// dictionary; in version 3 (tracuu 0.1), blocks of about 256 KiB, of which
/// the last one read is kept.
public final class StoredFieldsReader: @unchecked Sendable {
    let file: MappedFile
    public let docCount: Int
    private let layout: Layout
    private let lock = Lock()

    private enum Layout {
        case frames(Frames)
        case blocks(Blocks)
    }

    init(file: MappedFile, segmentID: UInt64) throws(StoreError) {
        self.file = file
        let body = try FileFraming.validate(
            file.buffer, kind: .stored, segmentID: segmentID, file: file.name, verifyChecksum: false)
        let version = FileFraming.version(file.buffer)
        if version >= 4 {
            let frames = try Frames(file: file, body: body, version: version)
            docCount = frames.docCount
            layout = .frames(frames)
        } else {
            let blocks = try Blocks(file: file, body: body)
            docCount = blocks.docCount
            layout = .blocks(blocks)
        }
    }

    /// The stored fields of `doc`, by field id. Without `includingApart`,
    /// the fields the schema keeps apart (the article body) may be left
    /// out: only the document's first frame is decompressed (a file of
    /// version 8 or older has one frame, and gives every field either way).
    public func document(_ doc: Int, includingApart: Bool = true) throws(StoreError) -> [UInt8: [UInt8]] {
        guard doc >= 0, doc < docCount else {
            throw StoreError.corrupt(file.name, "document \(doc) out of range (\(docCount) documents)")
        }
        let bytes: [UInt8]
        let start: Int
        switch layout {
        case .frames(let frames):
            bytes = try frames.document(doc, lock: lock, includingApart: includingApart)
            start = 0
        case .blocks(let blocks):
            (bytes, start) = try blocks.document(doc, lock: lock)
        }
        return try bytes.withStoreBytes { (raw: UnsafeRawBufferPointer) throws(StoreError) in
            var reader = ByteReader(raw, offset: start, file: file.name)
            var fields: [UInt8: [UInt8]] = [:]
            // A block holds other documents after this one; frames hold
            // this one's `Document`s alone (two when fields are kept apart).
            repeat {
                for _ in 0..<(try reader.varintInt()) {
                    let id = try reader.u8()
                    fields[id] = Array(try reader.bytes(try reader.varintInt()))
                }
            } while !isBlocks && reader.offset < raw.count
            return fields
        }
    }

    private var isBlocks: Bool {
        if case .blocks = layout { return true }
        return false
    }

    /// Bytes of the compression dictionaries (0: none, or a version 3 file).
    var dictionaryLength: Int {
        if case .frames(let frames) = layout { return frames.dictionaryLength }
        return 0
    }

    /// The newest compression dictionary, checked (nil: none or damaged):
    /// a writer adding to the index starts from it.
    var lastDictionary: [UInt8]? {
        if case .frames(let frames) = layout { return frames.lastDictionary }
        return nil
    }

    /// For merges, which copy frames as they are: the file's frames, or nil
    /// for a version 3 file of blocks.
    var frames: FrameAccess? {
        if case .frames(let frames) = layout { return FrameAccess(frames: frames) }
        return nil
    }

    /// The frames of a version 4 or 5 file, read without decompressing.
    struct FrameAccess {
        fileprivate let frames: Frames

        var dictionaryCount: Int { frames.dictionaryCount }

        /// Dictionary `number`'s bytes, checked against their checksum.
        func dictionary(_ number: Int) throws(StoreError) -> UnsafeRawBufferPointer {
            try frames.dictionaryBytes(number)
        }

        /// `doc`'s frames, checked, with their checksum and dictionary number (-1: none).
        func frame(_ doc: Int) throws(StoreError) -> (bytes: UnsafeRawBufferPointer, checksum: UInt32, dictionary: Int) {
            try frames.frame(doc)
        }
    }

    /// Reads and checks every document's bytes (`tracuu check`): each
    /// frame's or block's checksum and decompression, and the index's own
    /// checksum.
    func verifyAll() throws(StoreError) {
        switch layout {
        case .frames(let frames):
            try frames.verifyIndex()
            for doc in 0..<docCount { _ = try frames.document(doc, lock: lock, includingApart: true) }
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

    /// Versions 4 and 5: dictionaries, then one frame per document, then an
    /// index entry per document (read in place, so opening costs nothing
    /// per document). Version 5 adds a table of dictionaries and a table of
    /// runs naming each range of documents' dictionary; a version 4 file
    /// has one dictionary (or none) for all its documents.
    fileprivate final class Frames {
        let file: MappedFile
        let docCount: Int
        /// Each dictionary's bytes and checksum.
        private let dictionaries: [(range: Range<Int>, checksum: UInt32)]
        /// Ascending first documents, and the dictionary of the documents
        /// from there to the next run (-1: none).
        private let runStarts: [Int]
        private let runDictionaries: [Int]
        /// Where the frames start (after the last dictionary).
        private let framesStart: Int
        private let indexOffset: Int
        /// Where the document index ends (`indexChecksum` covers it).
        private let checkedEnd: Int
        private let indexChecksum: UInt32
        /// Digested on a document's first use of it, after its checksum passes.
        private var decompressors: [ZstdDictionary.Decompressor?]

        init(file: MappedFile, body: Range<Int>, version: UInt32) throws(StoreError) {
            self.file = file
            var trailer = try StoredFieldsReader.trailer(
                file, body, size: version == 4 ? StoredFieldsWriter.version4TrailerSize : StoredFieldsWriter.trailerSize)
            let trailerStart = trailer.offset
            var dictionaries: [(range: Range<Int>, checksum: UInt32)] = []
            var runStarts: [Int] = [0]
            var runDictionaries: [Int] = []
            if version == 4 {
                docCount = Int(try trailer.u32())
                let length = Int(try trailer.u32())
                let checksum = try trailer.u32()
                indexOffset = Int(try trailer.u64())
                indexChecksum = try trailer.u32()
                checkedEnd = indexOffset + docCount * StoredFieldsWriter.indexEntrySize
                guard checkedEnd == trailerStart else {
                    throw StoreError.corrupt(file.name, "document index at \(indexOffset) does not fit the file")
                }
                if length > 0 { dictionaries.append((body.lowerBound..<body.lowerBound + length, checksum)) }
                runDictionaries.append(length > 0 ? 0 : -1)
            } else {
                docCount = Int(try trailer.u32())
                let dictionaryCount = Int(try trailer.u32())
                let runCount = Int(try trailer.u32())
                indexOffset = Int(try trailer.u64())
                indexChecksum = try trailer.u32()
                let tablesChecksum = try trailer.u32()
                let dictionaryTable = indexOffset + docCount * StoredFieldsWriter.indexEntrySize
                let runTable = dictionaryTable + dictionaryCount * StoredFieldsWriter.dictionaryEntrySize
                guard indexOffset >= body.lowerBound, runCount >= 1,
                    runTable + runCount * StoredFieldsWriter.runEntrySize == trailerStart
                else {
                    throw StoreError.corrupt(
                        file.name, "document index at \(indexOffset) and its tables do not fit the file")
                }
                checkedEnd = dictionaryTable
                // The tables decide which bytes are a dictionary: verify
                // them (a few dozen bytes) before trusting them.
                guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: file.buffer[dictionaryTable..<trailerStart]))
                    == tablesChecksum
                else {
                    throw StoreError.corrupt(file.name, "dictionary and run tables checksum mismatch")
                }
                var table = file.reader(offset: dictionaryTable, end: runTable)
                for _ in 0..<dictionaryCount {
                    let offset = Int(try table.u64())
                    let length = Int(try table.u32())
                    let checksum = try table.u32()
                    guard offset >= body.lowerBound, offset + length <= indexOffset else {
                        throw StoreError.corrupt(file.name, "a dictionary at \(offset) (\(length) bytes) lies outside the file")
                    }
                    dictionaries.append((offset..<offset + length, checksum))
                }
                var runs = file.reader(offset: runTable, end: trailerStart)
                runStarts = []
                for _ in 0..<runCount {
                    let first = Int(try runs.u32())
                    let dictionary = try runs.u32()
                    guard runStarts.isEmpty ? first == 0 : first > runStarts.last!, first <= docCount,
                        dictionary == StoredFieldsWriter.noDictionary || Int(dictionary) < dictionaryCount
                    else {
                        throw StoreError.corrupt(file.name, "the run table is out of order or names a missing dictionary")
                    }
                    runStarts.append(first)
                    runDictionaries.append(dictionary == StoredFieldsWriter.noDictionary ? -1 : Int(dictionary))
                }
            }
            framesStart = dictionaries.map(\.range.upperBound).max() ?? body.lowerBound
            guard framesStart <= indexOffset else {
                throw StoreError.corrupt(file.name, "the dictionaries overlap the document index at \(indexOffset)")
            }
            self.dictionaries = dictionaries
            self.runStarts = runStarts
            self.runDictionaries = runDictionaries
            decompressors = Array(repeating: nil, count: dictionaries.count)
        }

        var dictionaryLength: Int { dictionaries.reduce(0) { $0 + $1.range.count } }

        /// The newest dictionary's bytes, checked (nil: none, or damaged).
        var lastDictionary: [UInt8]? {
            guard let last = dictionaries.last else { return nil }
            let bytes = UnsafeRawBufferPointer(rebasing: file.buffer[last.range])
            return CRC32C.checksum(bytes) == last.checksum ? Array(bytes) : nil
        }

        func verifyIndex() throws(StoreError) {
            let region = UnsafeRawBufferPointer(rebasing: file.buffer[indexOffset..<checkedEnd])
            guard CRC32C.checksum(region) == indexChecksum else {
                throw StoreError.corrupt(file.name, "document index checksum mismatch")
            }
        }

        /// The dictionary number of `doc`'s frame (-1: none).
        private func dictionary(of doc: Int) -> Int {
            if runStarts.count == 1 { return runDictionaries[0] }
            var low = 0
            var high = runStarts.count
            while low < high {
                let middle = (low + high) / 2
                if runStarts[middle] <= doc { low = middle + 1 } else { high = middle }
            }
            return runDictionaries[low - 1]
        }

        /// `doc`'s compressed frames (one, or from version 9 two when some
        /// fields are kept apart), checked against their checksum, with the
        /// checksum and dictionary number (-1: none).
        func frame(_ doc: Int) throws(StoreError) -> (bytes: UnsafeRawBufferPointer, checksum: UInt32, dictionary: Int) {
            let (range, checksum) = try frameRange(doc)
            let frame = UnsafeRawBufferPointer(rebasing: file.buffer[range])
            guard CRC32C.checksum(frame) == checksum else { throw mismatch(doc, at: range.lowerBound) }
            return (frame, checksum, dictionary(of: doc))
        }

        /// `frame(doc)`'s bytes copied out of the file (`MappedFile.copy`),
        /// checked, with its dictionary number: what a hit reads, unlike a
        /// merge (which copies frames as they are, through the mapping).
        private func copiedFrame(_ doc: Int) throws(StoreError) -> (bytes: [UInt8], dictionary: Int) {
            let (range, checksum) = try frameRange(doc)
            let bytes = try file.copy(range)
            guard bytes.withUnsafeBytes({ CRC32C.checksum($0) }) == checksum else { throw mismatch(doc, at: range.lowerBound) }
            return (bytes, dictionary(of: doc))
        }

        /// The error of `doc`'s frames, at `offset`, failing their checksum.
        private func mismatch(_ doc: Int, at offset: Int) -> StoreError {
            StoreError.corrupt(file.name, "document \(doc) at offset \(offset): checksum mismatch")
        }

        /// Where `doc`'s frames lie and their checksum, from its index entry.
        private func frameRange(_ doc: Int) throws(StoreError) -> (range: Range<Int>, checksum: UInt32) {
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
            guard offset >= framesStart, offset <= end, end <= indexOffset else {
                throw StoreError.corrupt(file.name, "document \(doc): frame at \(offset)..<\(end) lies outside the frames")
            }
            return (offset..<end, checksum)
        }

        /// Dictionary `number`'s bytes, checked.
        func dictionaryBytes(_ number: Int) throws(StoreError) -> UnsafeRawBufferPointer {
            let bytes = UnsafeRawBufferPointer(rebasing: file.buffer[dictionaries[number].range])
            guard CRC32C.checksum(bytes) == dictionaries[number].checksum else {
                throw StoreError.corrupt(file.name, "compression dictionary \(number) checksum mismatch")
            }
            return bytes
        }

        var dictionaryCount: Int { dictionaries.count }

        /// `doc`'s serialized `Document`s, back to back: its first frame's,
        /// and with `includingApart` the following frame's too.
        func document(_ doc: Int, lock: Lock, includingApart: Bool) throws(StoreError) -> [UInt8] {
            let (copied, dictionary) = try copiedFrame(doc)
            let decompressor = dictionary < 0 ? ZstdDictionary.Decompressor.plain : try digested(dictionary, lock)
            // Nil: a frame that does not decompress.
            let inflated: [UInt8]? = copied.withUnsafeBytes { frames in
                var rest = frames
                var inflated: [UInt8] = []
                repeat {
                    guard let length = ZstdDictionary.Decompressor.firstFrameLength(rest),
                        let part = decompressor.decompress(
                            UnsafeRawBufferPointer(rebasing: rest[..<length]),
                            limit: StoredFieldsWriter.documentLimit - inflated.count)
                    else { return nil }
                    if inflated.isEmpty { inflated = part } else { inflated += part }
                    rest = UnsafeRawBufferPointer(rebasing: rest[length...])
                } while includingApart && !rest.isEmpty
                return inflated
            }
            guard let inflated else { throw StoreError.corrupt(file.name, "document \(doc) does not decompress") }
            return inflated
        }

        private func digested(_ number: Int, _ lock: Lock) throws(StoreError) -> ZstdDictionary.Decompressor {
            lock.lock()
            defer { lock.unlock() }
            if let decompressor = decompressors[number] { return decompressor }
            guard let made = ZstdDictionary.Decompressor(dictionary: try dictionaryBytes(number)) else {
                throw StoreError.corrupt(file.name, "zstd cannot read compression dictionary \(number)")
            }
            decompressors[number] = made
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
        func document(_ doc: Int, lock: Lock) throws(StoreError) -> ([UInt8], Int) {
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

        func blockBytes(_ block: Int, lock: Lock) throws(StoreError) -> [UInt8] {
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
