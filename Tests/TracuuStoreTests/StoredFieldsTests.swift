import Foundation
import Testing
import TracuuCore
import TracuuTestSupport

@testable import TracuuStore

/// Stored fields: one zstd frame per document with a dictionary the writer
/// trains once (version 5), merges that copy frames as they are, and the
/// layouts of versions 3 and 4 still read.
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

    /// The fields the schema keeps apart (the body, field 4 here) follow
    /// the others in a frame of their own: a reader that leaves them out
    /// decompresses the first frame alone, and gets every other field.
    @Test func fieldsKeptApartHaveAFrameOfTheirOwn() throws {
        let folder = TemporaryDirectory()
        let docs = Self.articles(700, wordsEach: 500)
        let reader = try SegmentRoundTripTests.build(docs, at: folder.path)
        let segment = try #require(reader.segments.first)
        let frames = try #require(segment.stored.frames)
        for doc in [0, 1, 350, 699] {
            let full = try segment.stored.document(doc)
            let head = try segment.stored.document(doc, includingApart: false)
            #expect(head[1] == Array(docs[doc].key.utf8))
            #expect(head[4] == nil, "the body is left out")
            #expect(full[1] == head[1])
            #expect(full[4] == Array(docs[doc].words.joined(separator: " ").utf8))
            // Two zstd frames back to back, the first holding the key alone.
            let region = try frames.frame(doc).bytes
            let first = try #require(ZstdDictionary.Decompressor.firstFrameLength(region))
            #expect(first < 64 && first < region.count)
            let rest = UnsafeRawBufferPointer(rebasing: region[first...])
            #expect(ZstdDictionary.Decompressor.firstFrameLength(rest) == rest.count)
        }
        #expect(try Self.storedText(reader) == Self.expected(docs))
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

    /// The documents of a segment as serialized (FORMAT.md's `Document`).
    static func serialized(_ segment: SegmentReader) throws -> [[UInt8]] {
        try (0..<segment.docCount).map { doc in
            let fields = try segment.stored.document(doc)
            return StoredFieldsWriter.serialize(fields.keys.sorted().map { ($0, fields[$0]!) })
        }
    }

    /// Every frame of a segment, compressed, as stored.
    static func frames(_ segment: SegmentReader) throws -> [[UInt8]] {
        let frames = try #require(segment.stored.frames)
        return try (0..<segment.docCount).map { Array(try frames.frame($0).bytes) }
    }

    @Test func aWriterTrainsOneDictionaryForAllItsSegments() throws {
        let folder = TemporaryDirectory()
        let docs = Self.articles(1_200, wordsEach: 500)
        let reader = try SegmentRoundTripTests.build(docs, at: folder.path, flushEvery: 400)
        #expect(reader.segments.count == 3)
        let dictionaries = reader.segments.map(\.stored.lastDictionary)
        #expect(dictionaries[0] != nil && (dictionaries[0]?.count ?? 0) > 1_000)
        #expect(dictionaries.allSatisfy { $0 == dictionaries[0] }, "one dictionary, trained once")
        #expect(try Self.storedText(reader) == Self.expected(docs))
        _ = try IndexChecker().check(reader)
    }

    /// One training at a time: the indexing threads reach the sample size
    /// together, and each used to train a dictionary only to drop it.
    @Test func oneThreadAtATimeClaimsTheTraining() throws {
        let shared = SharedDictionary()
        #expect(shared.claimTraining())
        #expect(!shared.claimTraining(), "claimed twice")
        shared.releaseClaim()  // that thread had too little to train on
        #expect(shared.claimTraining())
        let samples = Self.articles(300, wordsEach: 500).map { Array(($0.key + " " + $0.words.joined(separator: " ")).utf8) }
        let trained = try #require(CompressionDictionary.train(samples))
        #expect(shared.publish(trained) === trained)
        #expect(!shared.claimTraining(), "a dictionary is known: nothing to train")
    }

    /// While another thread trains the shared dictionary, a writer past its
    /// own sample size holds its documents and takes the published
    /// dictionary; only far past it (four samples) does it train its own.
    @Test func aWriterWaitsForTheDictionaryAnotherThreadTrains() throws {
        let docs = Self.articles(2_600, wordsEach: 500)  // about 3 KB each
        // As the writer holds them: the body apart, in a `Document` of its own.
        let bytes = docs.map { doc in
            var document = ByteWriter()
            _ = StoredFieldsWriter.serialize(doc.input.stored, apart: TestSchema.schema.storedApart, into: &document)
            return document.count
        }
        // The documents that add up to one sample, and to four, as stored.
        var total = 0
        let oneSample = bytes.firstIndex { total += $0; return total >= StoredFieldsWriter.sampleTarget }! + 1
        total = 0
        let fourSamples = bytes.firstIndex { total += $0; return total >= 4 * StoredFieldsWriter.sampleTarget }! + 1

        let folder = TemporaryDirectory()
        let writer = try IndexWriter(
            directory: IndexDirectory(path: folder.path, create: true), schema: TestSchema.schema, fold: TestSchema.fold)
        #expect(writer.sharedDictionary.claimTraining())  // another thread is training
        for doc in docs.prefix(oneSample + 100) { try writer.add(doc.input) }
        #expect(writer.sharedDictionary.current == nil, "a second dictionary was trained meanwhile")
        let other = try #require(CompressionDictionary.train(docs.prefix(300).map { Array($0.words.joined(separator: " ").utf8) }))
        #expect(writer.sharedDictionary.publish(other) === other)
        for doc in docs[(oneSample + 100)...].prefix(10) { try writer.add(doc.input) }
        try writer.commit(userData: [:])
        writer.close()
        let reader = try IndexReader.open(path: folder.path)
        #expect(reader.segments.first?.stored.lastDictionary == other.bytes)
        #expect(try Self.storedText(reader) == Self.expected(Array(docs.prefix(oneSample + 110))))

        // A claim never published: the writer trains its own at four samples.
        let lone = TemporaryDirectory()
        let stuck = try IndexWriter(
            directory: IndexDirectory(path: lone.path, create: true), schema: TestSchema.schema, fold: TestSchema.fold)
        #expect(stuck.sharedDictionary.claimTraining())
        for doc in docs.prefix(fourSamples - 1) { try stuck.add(doc.input) }
        #expect(stuck.sharedDictionary.current == nil)
        try stuck.add(docs[fourSamples - 1].input)
        #expect(stuck.sharedDictionary.current != nil, "held past four samples")
        stuck.close()
    }

    /// Segments that share a dictionary merge by copying their frames: the
    /// merged file holds the dictionary once and every frame byte for byte.
    @Test func mergesCopyFramesWithoutRecompressing() throws {
        let folder = TemporaryDirectory()
        let docs = Self.articles(900, wordsEach: 400)
        let before = try SegmentRoundTripTests.build(docs, at: folder.path, flushEvery: 300)
        let framesBefore = try before.segments.flatMap { try Self.frames($0) }
        let directory = try IndexDirectory(path: folder.path)
        let writer = try IndexWriter(directory: directory, schema: TestSchema.schema, fold: TestSchema.fold)
        #expect(try writer.forceMerge(userData: [:]) == before.segments.count)
        writer.close()
        let after = try IndexReader.open(path: folder.path)
        let merged = try #require(after.segments.first)
        #expect(after.segments.count == 1)
        #expect(merged.stored.dictionaryLength == before.segments[0].stored.dictionaryLength)
        #expect(try Self.frames(merged) == framesBefore)
        #expect(try Self.storedText(after) == Self.expected(docs))
        _ = try IndexChecker().check(after)
    }

    /// Two writers, two dictionaries (the second run rebuilds nothing but
    /// adds to an index whose dictionary it reuses, so force a fresh one by
    /// building each part in its own folder and merging a copy): the merged
    /// segment keeps both, each document naming its own.
    @Test func aMergeKeepsEachSourcesDictionary() throws {
        let folder = TemporaryDirectory()
        let first = Self.articles(500, wordsEach: 400)
        var random = SeededRandom(seed: 99)
        let second = (0..<500).map { index in
            ModelDocument(
                key: "other-\(index)", words: (0..<400).map { _ in "z\(random.next() % 700)" }, date: 18_001)
        }
        _ = try SegmentRoundTripTests.build(first, at: folder.path)
        let directory = try IndexDirectory(path: folder.path)
        var writer = try IndexWriter(directory: directory, schema: TestSchema.schema, fold: TestSchema.fold, mode: .append)
        // A writer adding to an index starts from its dictionary; drop it
        // to get a second, different one for this test.
        writer.sharedDictionary.forgetForTesting()
        for doc in second { try writer.add(doc.input) }
        try writer.commit(userData: [:])
        writer.close()
        let two = try IndexReader.open(path: folder.path)
        #expect(two.segments.count == 2)
        #expect(two.segments[0].stored.lastDictionary != two.segments[1].stored.lastDictionary)
        writer = try IndexWriter(directory: directory, schema: TestSchema.schema, fold: TestSchema.fold)
        try writer.forceMerge(userData: [:])
        writer.close()
        let merged = try IndexReader.open(path: folder.path)
        let frames = try #require(merged.segments.first?.stored.frames)
        #expect(frames.dictionaryCount == 2)
        #expect(try frames.frame(0).dictionary == 0)
        #expect(try frames.frame(999).dictionary == 1)
        #expect(try Self.storedText(merged) == Self.expected(first + second))
        _ = try IndexChecker().check(merged)
    }

    /// A few articles added to an index compress with its dictionary
    /// instead of going without one.
    @Test func addingToAnIndexReusesItsDictionary() throws {
        let folder = TemporaryDirectory()
        let docs = Self.articles(600, wordsEach: 500)
        _ = try SegmentRoundTripTests.build(Array(docs[..<597]), at: folder.path)
        let directory = try IndexDirectory(path: folder.path)
        let writer = try IndexWriter(directory: directory, schema: TestSchema.schema, fold: TestSchema.fold)
        for doc in docs[597...] { try writer.add(doc.input) }
        try writer.commit(userData: [:])
        writer.close()
        let reader = try IndexReader.open(path: folder.path)
        #expect(reader.segments.count == 2)
        #expect(reader.segments[1].docCount == 3)
        #expect(reader.segments[1].stored.lastDictionary == reader.segments[0].stored.lastDictionary)
        #expect(try Self.storedText(reader) == Self.expected(docs))
    }

    /// An index written before version 5 (one dictionary per segment,
    /// version 4) still reads, and a merge copies its frames.
    @Test func version4FramesAreStillReadAndMerged() throws {
        let folder = TemporaryDirectory()
        let docs = Self.articles(400, wordsEach: 400)
        let reader = try SegmentRoundTripTests.build(docs, at: folder.path)
        let segment = try #require(reader.segments.first)
        let dictionary = try #require(segment.stored.lastDictionary)
        let old = try Self.version4File(
            try Self.serialized(segment), dictionary: dictionary, segmentID: segment.info.segmentID)
        let path = folder.child("old.tstore")
        _ = FileManager.default.createFile(atPath: path, contents: Data(old))
        let stored = try StoredFieldsReader(file: try MappedFile(path: path, name: "old.tstore"), segmentID: segment.info.segmentID)
        #expect(stored.docCount == docs.count)
        #expect(stored.dictionaryLength == dictionary.count)
        for doc in [0, 399, 200, 17] {
            #expect(String(decoding: try stored.document(doc)[1] ?? [], as: UTF8.self) == docs[doc].key)
        }
        try stored.verifyAll()
        let frames = try #require(stored.frames)
        #expect(frames.dictionaryCount == 1)
        #expect(try frames.frame(5).dictionary == 0)
    }

    /// A `.tstore` file in version 4's layout (FORMAT.md keeps its grammar).
    static func version4File(_ documents: [[UInt8]], dictionary: [UInt8], segmentID: UInt64) throws -> [UInt8] {
        var file = Self.header(version: 4, segmentID: segmentID)
        file.append(dictionary)
        let compressor = ZstdDictionary.Compressor(dictionary: dictionary)
        var index = ByteWriter()
        for document in documents {
            let frame = compressor.compress(document)
            index.u64(UInt64(file.count))
            index.u32(CRC32C.checksum(frame))
            file.append(frame)
        }
        let indexOffset = file.count
        file.append(index.bytes)
        file.u32(UInt32(documents.count))
        file.u32(UInt32(dictionary.count))
        file.u32(CRC32C.checksum(dictionary))
        file.u64(UInt64(indexOffset))
        file.u32(CRC32C.checksum(index.bytes))
        return Self.withFooter(file)
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
        var file = Self.header(version: 3, segmentID: segmentID)
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
        return Self.withFooter(file)
    }

    /// The header of an old-version stored file (FORMAT.md, "Common structure").
    static func header(version: UInt32, segmentID: UInt64) -> ByteWriter {
        var file = ByteWriter()
        file.append(Array("TRCU".utf8))
        file.append(Array("STOR".utf8))
        file.u32(version)
        file.u32(0)
        file.u64(segmentID)
        return file
    }

    /// The file's bytes with its footer (length, CRC32C, magic).
    static func withFooter(_ body: ByteWriter) -> [UInt8] {
        var file = body
        let bodyLength = file.count
        let checksum = CRC32C.checksum(file.bytes)
        file.u64(UInt64(bodyLength))
        file.u32(checksum)
        file.append(Array("UCRT".utf8))
        return file.bytes
    }
}
