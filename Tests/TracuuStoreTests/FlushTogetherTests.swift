import Foundation
import Testing
import TracuuTestSupport

@testable import TracuuStore

/// Several builders written as one segment (`SegmentBuilder.flush(together:)`,
/// how the indexing threads flush) must make the segment that one builder
/// of all their documents, in the same order, makes.
@Suite struct FlushTogetherTests {
    /// Everything a segment answers with, in doc order and key order.
    struct Contents: Equatable {
        var terms: [String] = []
        var postings: [[[UInt32]]] = []  // per term, per posting: doc, freq, positions…
        var groups: [String] = []
        var stored: [[UInt8: [UInt8]]] = []
        var columns: [[Int64]] = []
    }

    static func contents(_ segment: SegmentReader) throws -> Contents {
        var result = Contents()
        var terms = try segment.dictionary.terms()
        while let (term, info) = try terms.next() {
            result.terms.append("\(term) \(info.docFreq)")
            var postings: [[UInt32]] = []
            let cursor = try segment.postings(info, withPositions: info.hasPositions)
            while try cursor.next() != PostingsFormat.noMoreDocs {
                postings.append([UInt32(cursor.doc), UInt32(cursor.freq)] + (info.hasPositions ? try cursor.positions() : []))
            }
            result.postings.append(postings)
        }
        var groups = segment.dictionary.foldGroups()
        while let group = try groups.next() {
            result.groups.append("\(group.key) \(group.ordinals) \(group.docFreq.map(String.init) ?? "?")")
        }
        for doc in 0..<segment.docCount { result.stored.append(try segment.stored.document(doc)) }
        for column in TestSchema.schema.columns {
            let reader = try #require(segment.columns.column(column.tag))
            result.columns.append((0..<segment.docCount).map { segment.columns.value(reader, $0) })
        }
        return result
    }

    /// The one segment of a writer that flushed `parts` (document ranges)
    /// each from a builder of its own, together.
    static func segment(_ documents: [ModelDocument], parts: [Range<Int>], in path: String) throws -> Contents {
        let writer = try IndexWriter(
            directory: try IndexDirectory(path: path, create: true), schema: TestSchema.schema, fold: TestSchema.fold)
        let builders = parts.map { _ in writer.makeBuilder() }
        for (builder, part) in zip(builders, parts) {
            for document in documents[part] { try builder.add(document.input) }
            builder.settle()
        }
        try writer.flush(builders)
        try writer.commit(userData: [:])
        writer.close()
        let reader = try IndexReader.open(path: path)
        #expect(reader.segments.count == 1)
        _ = try IndexChecker().check(reader)
        // The other builders' stored fields were copied, their files deleted.
        let stored = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".tstore") }
        #expect(stored.count == 1, "\(stored)")
        return try contents(reader.segments[0])
    }

    @Test(arguments: [[0..<700], [0..<300, 300..<700], [0..<1, 1..<650, 650..<700], [0..<130, 130..<260, 260..<390, 390..<700]])
    func buildersFlushedTogetherMakeOneBuildersSegment(_ parts: [Range<Int>]) throws {
        // 700 documents: the commonest words are in more than 128 of them
        // (postings in blocks, with skip data), and each part has terms
        // the others lack (rare words), shares others, and fold groups
        // whose forms ("w12", "w1") are in different parts.
        var random = SeededRandom(seed: 41)
        let documents = (0..<700).map { ModelDocument.random($0, &random) }
        let (one, several) = (TemporaryDirectory(), TemporaryDirectory())
        let whole = try FlushTogetherTests.segment(documents, parts: [0..<700], in: one.path)
        let together = try FlushTogetherTests.segment(documents, parts: parts, in: several.path)
        #expect(together.terms == whole.terms)
        #expect(together.postings == whole.postings)
        #expect(together.groups == whole.groups)
        #expect(together.stored == whole.stored)
        #expect(together.columns == whole.columns)
        #expect(whole.postings.contains { $0.count > PostingsFormat.blockSize })
    }

    /// The second builder's stored frames are copied as they are when they
    /// name the first one's dictionary (the writer's, shared), and are
    /// compressed again with it when that builder trained one of its own:
    /// either way the segment holds one dictionary and every document.
    @Test(arguments: [false, true])
    func storedFieldsAreCopiedOrCompressedAgain(secondTrainsItsOwn: Bool) throws {
        let folder = TemporaryDirectory()
        let writer = try IndexWriter(
            directory: try IndexDirectory(path: folder.path, create: true), schema: TestSchema.schema, fold: TestSchema.fold)
        let documents = StoredFieldsTests.articles(1_400, wordsEach: 400)  // each half trains a dictionary
        let first = writer.makeBuilder()
        for document in documents[..<700] { try first.add(document.input) }
        let shared = try #require(writer.sharedDictionary.current)
        if secondTrainsItsOwn { writer.sharedDictionary.forgetForTesting() }
        let second = writer.makeBuilder()
        for document in documents[700...] { try second.add(document.input) }
        #expect((writer.sharedDictionary.current !== shared) == secondTrainsItsOwn)
        second.settle()
        try writer.flush([first, second])
        try writer.commit(userData: [:])
        writer.close()
        let reader = try IndexReader.open(path: folder.path)
        let frames = try #require(reader.segments.first?.stored.frames)
        #expect(reader.segments.count == 1)
        #expect(frames.dictionaryCount == 1)
        #expect(try frames.frame(1_399).dictionary == 0)
        #expect(reader.segments[0].stored.lastDictionary == shared.bytes)
        #expect(try StoredFieldsTests.storedText(reader) == StoredFieldsTests.expected(documents))
        _ = try IndexChecker().check(reader)
    }
}
