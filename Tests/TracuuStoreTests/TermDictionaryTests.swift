import Foundation
import Testing
import TracuuCore
import TracuuTestSupport

@testable import TracuuStore

/// The dictionary's checks follow what is read (FORMAT.md, "Term
/// dictionary"): its indexes at open, a block when first decoded; and a
/// dictionary written before those checksums existed still reads.
@Suite struct TermDictionaryTests {
    /// One segment of 400 random documents: a few hundred term blocks.
    static func segment(_ folder: TemporaryDirectory) throws -> (path: String, segmentID: UInt64, bytes: [UInt8]) {
        var random = SeededRandom(seed: 11)
        let docs = (0..<400).map { ModelDocument.random($0, &random) }
        let reader = try SegmentRoundTripTests.build(docs, at: folder.path)
        let segment = try #require(reader.segments.first)
        let path = folder.child(segment.info.fileName(.dictionary))
        return (path, segment.info.segmentID, PackagePaths.read(path))
    }

    static func open(_ bytes: [UInt8], in folder: TemporaryDirectory, segmentID: UInt64) throws(StoreError) -> TermDictionaryReader {
        let path = folder.child("probe.tdict")
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return try TermDictionaryReader(file: try MappedFile(path: path, name: "probe.tdict"), segmentID: segmentID)
    }

    /// Every term with its info, and every term's fold group, in order.
    static func contents(_ dictionary: TermDictionaryReader) throws -> [String] {
        var lines: [String] = []
        var terms = try dictionary.terms()
        while let (term, info) = try terms.next() {
            lines.append("\(term) \(info.ordinal) \(info.docFreq) \(info.postingsOffset)+\(info.postingsLength) \(info.positionsOffset)+\(info.positionsLength)")
            let key = [term[0]] + TestSchema.fold(Array(term.dropFirst()))
            lines.append("  fold \(try dictionary.foldGroup(key)?.ordinals ?? [])")
        }
        return lines
    }

    /// The trailer fields of a version 6 dictionary.
    struct Trailer {
        var termCount: UInt64, termBlocks: UInt32, foldBlocks: UInt32
        var termIndex: Int, foldIndex: Int, fieldTable: Int, blockSize: UInt32

        init(_ file: MappedFile) throws {
            let body = file.buffer.count - FileFraming.footerSize
            var reader = file.reader(offset: body - TermDictionaryWriter.trailerSize, end: body)
            (termCount, termBlocks, foldBlocks) = (try reader.u64(), try reader.u32(), try reader.u32())
            (termIndex, foldIndex, fieldTable) = (Int(try reader.u64()), Int(try reader.u64()), Int(try reader.u64()))
            blockSize = try reader.u32()
        }
    }

    /// The dictionary at `path` (version 10) as version 9 wrote it: fold
    /// entries without their group's document count. The fold blocks are
    /// coded again, so their offsets, checksums and everything after them
    /// move.
    static func version9Layout(_ path: String) throws -> [UInt8] {
        let file = try MappedFile(path: path, name: "t")
        let bytes = Array(file.buffer)
        let trailer = try Trailer(file)
        let entrySize = TermDictionaryWriter.entrySize(extras: 0)
        let foldKeys = trailer.foldIndex + Int(trailer.foldBlocks) * entrySize
        var offsets: [Int] = []
        for block in 0..<Int(trailer.foldBlocks) {
            var reader = file.reader(offset: trailer.foldIndex + block * entrySize + 8)
            offsets.append(Int(try reader.u64()))
        }
        let foldStart = offsets.first ?? trailer.termIndex
        var blocks = ByteWriter()
        var newOffsets: [Int] = []
        var checksums: [UInt32] = []
        for (block, offset) in offsets.enumerated() {
            var reader = file.reader(offset: offset, end: block + 1 < offsets.count ? offsets[block + 1] : trailer.termIndex)
            var out = ByteWriter()
            while !reader.isAtEnd {
                out.varint(try reader.varint())  // prefix length
                let suffixLength = try reader.varintInt()
                out.varint(suffixLength)
                out.append(try reader.bytes(suffixLength))
                let count = try reader.varintInt()
                out.varint(count)
                #expect(try reader.varintInt() > 0, "every group's count is recorded")
                for _ in 0..<count { out.varint(try reader.varint()) }
            }
            newOffsets.append(foldStart + blocks.count)
            checksums.append(CRC32C.checksum(out.bytes))
            blocks.append(out.bytes)
        }
        let shift = blocks.count - (trailer.termIndex - foldStart)
        #expect(shift < 0)
        let trailerStart = bytes.count - FileFraming.footerSize - TermDictionaryWriter.trailerSize
        var out = ByteWriter()
        out.append(bytes[0..<8])
        out.u32(9)
        out.append(bytes[12..<foldStart])
        out.append(blocks.bytes)
        out.append(bytes[trailer.termIndex..<trailer.foldIndex])
        for block in 0..<Int(trailer.foldBlocks) {
            let entry = trailer.foldIndex + block * entrySize
            out.append(bytes[entry..<(entry + 8)])
            out.u64(UInt64(newOffsets[block]))
            out.u32(checksums[block])
            out.u32(0)
        }
        out.append(bytes[foldKeys..<trailerStart])
        out.u64(trailer.termCount)
        out.u32(trailer.termBlocks)
        out.u32(trailer.foldBlocks)
        out.u64(UInt64(trailer.termIndex + shift))
        out.u64(UInt64(trailer.foldIndex + shift))
        out.u64(UInt64(trailer.fieldTable + shift))
        out.u32(trailer.blockSize)
        out.u32(CRC32C.checksum(Array(out.bytes[(trailer.termIndex + shift)...])))
        return StoredFieldsTests.withFooter(out)
    }

    /// Version 9 recorded no document count per fold group: such a
    /// dictionary reads the same terms and groups, its counts unknown
    /// (a search then counts the union from the postings).
    @Test func version9DictionariesAreStillRead() throws {
        let folder = TemporaryDirectory()
        let (path, segmentID, bytes) = try Self.segment(folder)
        let currentReader = try Self.open(bytes, in: folder, segmentID: segmentID)
        let old = try Self.version9Layout(path)
        let oldReader = try Self.open(old, in: folder, segmentID: segmentID)
        #expect(try Self.contents(oldReader) == Self.contents(currentReader))
        var current = currentReader.foldGroups()
        var before = oldReader.foldGroups()
        var groups = 0
        while let group = try current.next() {
            let same = try #require(try before.next())
            #expect(same.key == group.key && same.ordinals == group.ordinals)
            #expect(group.docFreq != nil && same.docFreq == nil)
            groups += 1
        }
        #expect(try before.next() == nil)
        #expect(groups >= 20)
    }

    /// The dictionary at `path` (version 9) in the varint-coded index
    /// layout of versions 6 and 7 (`version` 6 or 7: with block checksums
    /// and the indexes' checksum) or of version 5 (without them).
    static func varintLayout(_ path: String, version: UInt32) throws -> [UInt8] {
        let file = try MappedFile(path: path, name: "t")
        let bytes = Array(file.buffer)
        let trailer = try Trailer(file)
        let checksums = version >= 6
        /// The fixed-width entries of `range` as varint-coded ones.
        func recode(_ range: Range<Int>, count: Int, extras: Int) throws -> [UInt8] {
            let entrySize = TermDictionaryWriter.entrySize(extras: extras)
            let keys = range.lowerBound + count * entrySize
            var out = ByteWriter()
            var reader = file.reader(offset: range.lowerBound, end: keys)
            for _ in 0..<count {
                let keyStart = Int(try reader.u32())
                let keyLength = Int(try reader.u32())
                out.lengthPrefixed(Array(bytes[(keys + keyStart)..<(keys + keyStart + keyLength)]))
                for _ in 0..<(1 + extras) { out.varint(try reader.u64()) }
                let checksum = try reader.u32()
                _ = try reader.u32()
                if checksums { out.u32(checksum) }
            }
            #expect(reader.isAtEnd)
            return out.bytes
        }
        let termIndex = try recode(trailer.termIndex..<trailer.foldIndex, count: Int(trailer.termBlocks), extras: 2)
        let foldIndex = try recode(trailer.foldIndex..<trailer.fieldTable, count: Int(trailer.foldBlocks), extras: 0)
        let trailerStart = bytes.count - FileFraming.footerSize - TermDictionaryWriter.trailerSize
        var out = ByteWriter()
        out.append(bytes[0..<8])
        out.u32(version)
        out.append(bytes[12..<trailer.termIndex])
        out.append(termIndex)
        let foldIndexOffset = out.count
        out.append(foldIndex)
        let fieldTableOffset = out.count
        out.append(bytes[trailer.fieldTable..<trailerStart])
        out.u64(trailer.termCount)
        out.u32(trailer.termBlocks)
        out.u32(trailer.foldBlocks)
        out.u64(UInt64(trailer.termIndex))
        out.u64(UInt64(foldIndexOffset))
        out.u64(UInt64(fieldTableOffset))
        out.u32(trailer.blockSize)
        if checksums { out.u32(CRC32C.checksum(Array(out.bytes[trailer.termIndex...]))) }
        return StoredFieldsTests.withFooter(out)
    }

    /// The path of `path`'s dictionary in its version 9 layout.
    static func asVersion9(_ path: String, in folder: TemporaryDirectory) throws -> String {
        let old = folder.child("version9.tdict")
        _ = FileManager.default.createFile(atPath: old, contents: Data(try version9Layout(path)))
        return old
    }

    @Test func version5DictionariesAreStillRead() throws {
        let folder = TemporaryDirectory()
        let (path, segmentID, bytes) = try Self.segment(folder)
        let current = try Self.contents(try Self.open(bytes, in: folder, segmentID: segmentID))
        let old = try Self.varintLayout(try Self.asVersion9(path, in: folder), version: 5)
        #expect(old.count < bytes.count)
        #expect(try Self.contents(try Self.open(old, in: folder, segmentID: segmentID)) == current)
        // Checked whole at open: a flipped byte in any block is refused there.
        var damaged = old
        damaged[FileFraming.headerSize + 3] ^= 0x10
        #expect(throws: StoreError.self) { _ = try Self.open(damaged, in: folder, segmentID: segmentID) }
    }

    /// Versions 6 and 7 coded the index entries as varints, decoded at open;
    /// such a dictionary reads the same as this version's.
    @Test func varintIndexesOfVersions6And7AreStillRead() throws {
        let folder = TemporaryDirectory()
        let (path, segmentID, bytes) = try Self.segment(folder)
        let current = try Self.contents(try Self.open(bytes, in: folder, segmentID: segmentID))
        let version9 = try Self.asVersion9(path, in: folder)
        for version: UInt32 in [6, 7] {
            let old = try Self.varintLayout(version9, version: version)
            #expect(try Self.contents(try Self.open(old, in: folder, segmentID: segmentID)) == current)
        }
    }

    /// A version 8 index whose checksums hold but whose entries point
    /// outside the blocks, out of order, or past the keys is refused at
    /// open, never followed.
    @Test func fixedIndexEntriesAreCheckedAtOpen() throws {
        let folder = TemporaryDirectory()
        let (path, segmentID, bytes) = try Self.segment(folder)
        let trailer = try Trailer(try MappedFile(path: path, name: "t"))
        let body = bytes.count - FileFraming.footerSize
        /// `bytes` with an index field rewritten and both checksums made to agree.
        func rewritten(at offset: Int, _ value: UInt64, width: Int) -> [UInt8] {
            var out = Array(bytes[0..<body])
            for byte in 0..<width { out[offset + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(byte))) }
            let checksum = CRC32C.checksum(Array(out[trailer.termIndex..<(body - 4)]))
            for byte in 0..<4 { out[body - 4 + byte] = UInt8(truncatingIfNeeded: checksum >> (8 * UInt32(byte))) }
            var writer = ByteWriter()
            writer.append(out)
            return StoredFieldsTests.withFooter(writer)
        }
        let second = trailer.termIndex + TermDictionaryWriter.entrySize(extras: 2)
        for (offset, value, width) in [
            (trailer.termIndex + 8, UInt64(trailer.termIndex), 8),  // a block offset among the indexes
            (second + 8, UInt64(FileFraming.headerSize), 8),  // before the first block's
            (trailer.foldIndex + 4, 1 << 30, 4),  // a key past the keys
        ] {
            let damaged = rewritten(at: offset, value, width: width)
            let error = try #require(throws: StoreError.self, "at \(offset)") {
                _ = try Self.open(damaged, in: folder, segmentID: segmentID)
            }
            #expect(error.code == .corrupt)
            #expect(error.message.contains("index entry"), "\(error.message)")
        }
        // The same rewrite with the value it had opens: the test changes only what it means to.
        let untouched = rewritten(at: second + 8, UInt64(littleEndian: bytes.withUnsafeBytes {
            $0.loadUnaligned(fromByteOffset: second + 8, as: UInt64.self)
        }), width: 8)
        #expect(try Self.contents(try Self.open(untouched, in: folder, segmentID: segmentID))
            == (try Self.contents(try Self.open(bytes, in: folder, segmentID: segmentID))))
    }

    /// A damaged block opens (nothing reads it yet), is refused when a
    /// lookup decodes it, and leaves the other blocks readable.
    @Test func aDamagedBlockIsRefusedWhenRead() throws {
        let folder = TemporaryDirectory()
        let (_, segmentID, bytes) = try Self.segment(folder)
        let healthy = try Self.open(bytes, in: folder, segmentID: segmentID)
        #expect(healthy.blockCount > 4)
        let (lastTerm, _) = try healthy.term(at: healthy.termCount - 1)
        let (firstTerm, firstInfo) = try healthy.term(at: 0)
        var damaged = bytes
        damaged[FileFraming.headerSize + 2] ^= 0x04
        let dictionary = try Self.open(damaged, in: folder, segmentID: segmentID)
        #expect(try dictionary.lookup(lastTerm) != nil)
        for _ in 0..<2 {
            let error = try #require(throws: StoreError.self) { _ = try dictionary.lookup(firstTerm) }
            #expect(error.code == .corrupt)
            #expect(error.message.contains("probe.tdict"), "\(error.message)")
        }
        #expect(firstInfo.ordinal == 0)
    }

    /// Bytes read at open (the indexes, the field table, the trailer) are
    /// checked at open.
    @Test func aDamagedIndexIsRefusedAtOpen() throws {
        let folder = TemporaryDirectory()
        let (path, segmentID, bytes) = try Self.segment(folder)
        let trailer = try Trailer(try MappedFile(path: path, name: "t"))
        let end = bytes.count - FileFraming.footerSize - 4
        for offset in [trailer.termIndex, trailer.foldIndex + 1, trailer.fieldTable, end - 10, end - 1] {
            var damaged = bytes
            damaged[offset] ^= 0x01
            let error = try #require(throws: StoreError.self, "flip at \(offset)") {
                _ = try Self.open(damaged, in: folder, segmentID: segmentID)
            }
            #expect(error.code == .corrupt)
        }
    }
}
