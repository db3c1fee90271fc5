import Foundation
import Testing
import TracuuCore
import TracuuTestSupport

@testable import TracuuStore

/// Stored fields: one zstd frame per document with a dictionary trained per
/// segment (version 4), and the block layout of version 3 still read.
@Suite struct StoredFieldsTests {
    /// Documents of news-like text: words drawn from a small vocabulary with
    /// recurring phrases, as articles repeat names and formulas.
    static func articles(_ count: Int, wordsEach: Int) -> [ModelDocument] {
        var random = SeededRandom(seed: 11)
        let phrases = ["bộ ngoại giao", "hợp tác quốc tế", "thủ tướng chính phủ", "đại sứ quán", "hội nghị cấp cao"]
        return (0..<count).map { index in
            var words: [String] = []
            while words.count < wordsEach {
                if random.next() % 4 == 0 {
                    words += phrases[Int(random.next() % UInt64(phrases.count))].split(separator: " ").map(String.init)
                } else {
                    words.append("w\(random.next() % 2_000)")
                }
            }
            return ModelDocument(key: "doc-\(index)", words: words, date: 18_000)
        }
    }

    static func storedText(_ reader: IndexReader) throws -> [String] {
        var texts: [String] = []
        for segment in reader.segments {
            for doc in 0..<segment.docCount {
                let fields = try segment.stored.document(doc)
                texts.append(String(decoding: fields[1] ?? [], as: UTF8.self) + "|" + String(decoding: fields[4] ?? [], as: UTF8.self))
            }
        }
        return texts
    }

    static func expected(_ docs: [ModelDocument]) -> [String] {
        docs.map { $0.key + "|" + $0.words.joined(separator: " ") }
    }

    @Test func aLargeSegmentTrainsADictionaryAndEveryDocumentReadsBack() throws {
        let folder = TemporaryDirectory()
        let docs = Self.articles(700, wordsEach: 500)  // about 3 KB each: more than the sample
        let reader = try SegmentRoundTripTests.build(docs, at: folder.path)
        let stored = try #require(reader.segments.first?.stored)
        #expect(stored.dictionaryLength > 1_000)
        #expect(try Self.storedText(reader) == Self.expected(docs))
        // Read out of order too: frames do not depend on their neighbours.
        for doc in [699, 0, 350, 1, 698] {
            #expect(String(decoding: try stored.document(doc)[1] ?? [], as: UTF8.self) == "doc-\(doc)")
        }
        let raw = docs.reduce(0) { $0 + $1.words.joined(separator: " ").utf8.count }
        let file = folder.child(reader.segments[0].info.fileName(.stored))
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        #expect(size * 3 < raw, "frames with a dictionary should compress this text at least threefold")
        _ = try IndexChecker().check(reader)
    }

    @Test func aSmallSegmentGoesWithoutADictionary() throws {
        let folder = TemporaryDirectory()
        let docs = Self.articles(3, wordsEach: 20)
        let reader = try SegmentRoundTripTests.build(docs, at: folder.path)
        #expect(reader.segments.first?.stored.dictionaryLength == 0)
        #expect(try Self.storedText(reader) == Self.expected(docs))
        _ = try IndexChecker().check(reader)
    }

    /// An index written by tracuu 0.1 (version 3: 256 KiB blocks) still
    /// reads: a `.tstore` in that layout, made here from a segment's
    /// documents, gives them back in any order and passes the checker.
    @Test func version3BlocksAreStillRead() throws {
        let folder = TemporaryDirectory()
        let docs = Self.articles(300, wordsEach: 200)
        let reader = try SegmentRoundTripTests.build(docs, at: folder.path)
        let segment = try #require(reader.segments.first)
        var documents: [[UInt8]] = []
        for doc in 0..<segment.docCount {
            let fields = try segment.stored.document(doc)
            var writer = ByteWriter()
            writer.varint(fields.count)
            for id in fields.keys.sorted() {
                writer.u8(id)
                writer.lengthPrefixed(fields[id]!)
            }
            documents.append(writer.bytes)
        }
        let path = folder.child("old.tstore")
        _ = FileManager.default.createFile(
            atPath: path, contents: Data(Self.version3File(documents, segmentID: segment.info.segmentID, perBlock: 128)))
        let old = try StoredFieldsReader(file: try MappedFile(path: path, name: "old.tstore"), segmentID: segment.info.segmentID)
        #expect(old.docCount == docs.count)
        #expect(old.dictionaryLength == 0)
        for doc in [0, 299, 128, 127, 5, 200] {
            let fields = try old.document(doc)
            #expect(String(decoding: fields[1] ?? [], as: UTF8.self) == docs[doc].key)
            #expect(String(decoding: fields[4] ?? [], as: UTF8.self) == docs[doc].words.joined(separator: " "))
        }
        try old.verifyAll()
    }

    /// A `.tstore` file in version 3's layout (FORMAT.md keeps its grammar).
    static func version3File(_ documents: [[UInt8]], segmentID: UInt64, perBlock: Int) -> [UInt8] {
        var file = ByteWriter()
        file.append(Array("TRCU".utf8))
        file.append(Array("STOR".utf8))
        file.u32(3)
        file.u32(0)
        file.u64(segmentID)
        var index = ByteWriter()
        var blocks = 0
        let compressor = ZstdDictionary.Compressor(dictionary: [])
        for first in stride(from: 0, to: documents.count, by: perBlock) {
            let block = documents[first..<min(first + perBlock, documents.count)].flatMap { $0 }
            let compressed = compressor.compress(block)
            index.u32(UInt32(first))
            index.u64(UInt64(file.count))
            index.u32(UInt32(compressed.count))
            index.u32(UInt32(block.count))
            index.u32(CRC32C.checksum(compressed))
            file.append(compressed)
            blocks += 1
        }
        let indexOffset = file.count
        file.append(index.bytes)
        file.u32(UInt32(blocks))
        file.u32(UInt32(documents.count))
        file.u64(UInt64(indexOffset))
        file.u32(CRC32C.checksum(index.bytes))
        let bodyLength = file.count
        let checksum = CRC32C.checksum(file.bytes)
        file.u64(UInt64(bodyLength))
        file.u32(checksum)
        file.append(Array("UCRT".utf8))
        return file.bytes
    }
}
