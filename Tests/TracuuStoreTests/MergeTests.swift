import Foundation
import Synchronization
import Testing
import TracuuTestSupport

@testable import TracuuStore

/// Merging must not change what the index answers: every term's documents
/// and positions, stored fields and columns stay those of the live
/// documents, compared with a brute-force model.
@Suite struct MergeTests {
    func writer(_ path: String) throws -> IndexWriter {
        try IndexWriter(
            directory: try IndexDirectory(path: path, create: true), schema: TestSchema.schema, fold: TestSchema.fold)
    }

    /// word → document key → positions, read back through postings and stored keys.
    static func inverted(_ reader: IndexReader) throws -> [String: [String: [UInt32]]] {
        var result: [String: [String: [UInt32]]] = [:]
        for segment in reader.segments {
            var keys: [String] = []
            for doc in 0..<segment.docCount {
                keys.append(String(decoding: try segment.stored.document(doc)[1] ?? [], as: UTF8.self))
            }
            var terms = try segment.dictionary.terms(from: [TestSchema.body])
            while let (term, info) = try terms.next(), term.first == TestSchema.body {
                let word = String(decoding: term.dropFirst(), as: UTF8.self)
                let cursor = try segment.postings(info, withPositions: true)
                while try cursor.next() != PostingsFormat.noMoreDocs {
                    guard !segment.isDeleted(Int(cursor.doc)) else { continue }
                    result[word, default: [:]][keys[Int(cursor.doc)]] = try cursor.positions()
                }
            }
        }
        return result
    }

    static func inverted(_ model: [String: ModelDocument]) -> [String: [String: [UInt32]]] {
        var result: [String: [String: [UInt32]]] = [:]
        for (key, doc) in model {
            for (position, word) in doc.words.enumerated() { result[word, default: [:]][key, default: []].append(UInt32(position)) }
        }
        return result
    }

    /// key → (stored words, date column) of the live documents.
    static func stored(_ reader: IndexReader) throws -> [String: (String, Int64)] {
        var result: [String: (String, Int64)] = [:]
        for segment in reader.segments {
            let date = try #require(segment.columns.column("DATE"))
            for doc in 0..<segment.docCount where !segment.isDeleted(doc) {
                let fields = try segment.stored.document(doc)
                result[String(decoding: fields[1] ?? [], as: UTF8.self)] =
                    (String(decoding: fields[4] ?? [], as: UTF8.self), segment.columns.value(date, doc))
            }
        }
        return result
    }

    static func expectMatches(_ reader: IndexReader, _ model: [String: ModelDocument]) throws {
        #expect(reader.liveDocCount == model.count)
        #expect(try inverted(reader) == inverted(model))
        let stored = try stored(reader)
        #expect(stored.count == model.count)
        for (key, doc) in model {
            #expect(stored[key]?.0 == doc.words.joined(separator: " "))
            #expect(stored[key]?.1 == doc.date)
        }
        // Every segment, flushed or merged (from segments with deletions
        // or without), records each fold group's document count; the
        // checker compares each with its terms' postings.
        for segment in reader.segments {
            var groups = segment.dictionary.foldGroups()
            var count = 0
            while let group = try groups.next() {
                #expect(group.docFreq != nil, "\(segment.info.name): \(group.key)")
                count += 1
            }
            #expect(count > 0)
        }
        _ = try IndexChecker().check(reader)
    }

    /// Commits in small batches with deletions and replacements between them.
    func churn(_ writer: IndexWriter, model: inout [String: ModelDocument], batches: Int, seed: UInt64, afterCommit: () throws -> Void = {}) throws {
        var random = SeededRandom(seed: seed)
        var next = model.count
        for _ in 0..<batches {
            for _ in 0..<25 {
                let doc = ModelDocument.random(next, &random)
                next += 1
                model[doc.key] = doc
                try writer.add(doc.input)
            }
            try writer.commit(userData: [:])
            for _ in 0..<6 {
                guard let victim = model.keys.sorted().randomElement(using: &random) else { break }
                try writer.deleteDocuments(withTerm: [TestSchema.key] + Array(victim.utf8))
                model[victim] = nil
            }
            try writer.commit(userData: [:])
            try afterCommit()
        }
    }

    @Test func optimizeMergesToOneSegmentAndAnswersTheSame() throws {
        let folder = TemporaryDirectory()
        let writer = try writer(folder.path)
        var model: [String: ModelDocument] = [:]
        try churn(writer, model: &model, batches: 8, seed: 11)
        #expect(try IndexReader.open(path: folder.path).segments.count > 4)
        #expect(try writer.forceMerge(userData: [:]) > 4)
        writer.close()
        let reader = try IndexReader.open(path: folder.path)
        #expect(reader.segments.count == 1)
        #expect(reader.segments[0].info.deletedCount == 0)
        try Self.expectMatches(reader, model)
        // Merged-away files are gone.
        let postings = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tpost") }
        #expect(postings.count == 1)
    }

    @Test func policyKeepsTheSegmentCountBounded() throws {
        let folder = TemporaryDirectory()
        let writer = try writer(folder.path)
        var policy = MergePolicy()
        policy.mergeFactor = 3
        policy.floorBytes = 1 << 20
        var model: [String: ModelDocument] = [:]
        var merges = 0
        try churn(writer, model: &model, batches: 20, seed: 5) {
            while try writer.maybeMerge(policy: policy) {
                merges += 1
                try writer.commit(userData: [:])
            }
            #expect(try IndexReader.open(path: folder.path).segments.count < policy.mergeFactor)
        }
        writer.close()
        #expect(merges >= 5)
        try Self.expectMatches(try IndexReader.open(path: folder.path), model)
    }

    /// Two workers that finish a segment together both ask for a merge:
    /// exactly one of them merges, and no article ends up in two merged
    /// segments. The sources were once marked as taken only after the lock
    /// that chose them was let go, so both could choose the same ones.
    @Test func mergesAskedForTogetherTakeEachSourceOnce() throws {
        let policy = {
            var policy = MergePolicy()
            policy.mergeFactor = 3
            return policy
        }()
        for round in 0..<150 {
            let folder = TemporaryDirectory()
            let writer = try writer(folder.path)
            var random = SeededRandom(seed: UInt64(round))
            for index in 0..<3 {
                for offset in 0..<4 { try writer.add(ModelDocument.random(index * 4 + offset, &random).input) }
                try writer.commit(userData: [:])
            }
            let merged = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: 2) { _ in
                if (try? writer.maybeMerge(policy: policy)) == true { merged.add(1, ordering: .relaxed) }
            }
            try writer.commit(userData: [:])
            writer.close()
            let merges = merged.load(ordering: .relaxed)
            #expect(merges == 1, "round \(round)")
            let reader = try IndexReader.open(path: folder.path)
            #expect(reader.liveDocCount == 12, "round \(round)")
            #expect(reader.segments.count == 1, "round \(round)")
            if merges != 1 || reader.liveDocCount != 12 { break }
        }
    }

    @Test func deletionsMadeWhileMergingCarryOver() throws {
        let folder = TemporaryDirectory()
        let writer = try writer(folder.path)
        var model: [String: ModelDocument] = [:]
        var random = SeededRandom(seed: 9)
        for index in 0..<3 {
            for offset in 0..<10 {
                let doc = ModelDocument.random(index * 10 + offset, &random)
                model[doc.key] = doc
                try writer.add(doc.input)
            }
            try writer.commit(userData: [:])
        }
        var policy = MergePolicy()
        policy.mergeFactor = 3
        #expect(try writer.maybeMerge(policy: policy))
        // The merge is written but not committed: delete from its sources now.
        for key in ["doc-3", "doc-17", "doc-29"] {
            #expect(try writer.deleteDocuments(withTerm: [TestSchema.key] + Array(key.utf8)) == 1)
            model[key] = nil
        }
        try writer.commit(userData: [:])
        writer.close()
        let reader = try IndexReader.open(path: folder.path)
        #expect(reader.segments.count == 1)
        #expect(reader.segments[0].info.deletedCount == 3)
        try Self.expectMatches(reader, model)
    }

    @Test func tiersAndReclaiming() {
        var policy = MergePolicy()
        policy.mergeFactor = 3
        policy.floorBytes = 100
        func segment(_ name: String, _ bytes: UInt64, deleted: Int = 0) -> MergePolicy.Candidate {
            .init(name: name, bytes: bytes, docCount: 100, deletedCount: deleted)
        }
        // Tiny segments count as floor-sized: three of them merge.
        #expect(policy.nextMerge([segment("a", 10), segment("b", 20), segment("c", 5000)]) == nil)
        #expect(policy.nextMerge([segment("a", 10), segment("b", 20), segment("c", 30), segment("d", 5000)]) == ["a", "b", "c"])
        // A big tier fills up too; the smallest members go first.
        #expect(
            policy.nextMerge([segment("x", 400), segment("y", 300), segment("z", 350), segment("w", 600)])
                == ["y", "z", "x"])
        // A segment with many deletions is rewritten, with small companions of its tier.
        #expect(policy.nextMerge([segment("a", 5000, deleted: 40), segment("b", 10)]) == ["a"])
        #expect(policy.nextMerge([segment("a", 500, deleted: 40), segment("b", 400)]) == ["a", "b"])
    }
}
