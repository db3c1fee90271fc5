import Foundation
import Testing
import TracuuTestSupport

@testable import TracuuStore

@Suite struct CommitTests {
    func writer(_ path: String, faults: FaultInjector = FaultInjector()) throws -> IndexWriter {
        let directory = try IndexDirectory(path: path, create: true, faults: faults)
        return try IndexWriter(directory: directory, schema: TestSchema.schema, fold: TestSchema.fold)
    }

    func doc(_ key: String, _ words: String) -> ModelDocument {
        ModelDocument(key: key, words: words.split(separator: " ").map(String.init), date: 0)
    }

    @Test func deletionsAndSnapshots() throws {
        let folder = TemporaryDirectory()
        let first = try writer(folder.path)
        for key in ["a", "b", "c"] { try first.add(doc(key, "hội nhập \(key)").input) }
        try first.commit(userData: [:])
        let before = try IndexReader.open(path: folder.path)
        #expect(try first.deleteDocuments(withTerm: [TestSchema.key] + Array("b".utf8)) == 1)
        try first.add(doc("d", "quốc tế").input)
        try first.commit(userData: ["note": "second"])
        first.close()

        let after = try IndexReader.open(path: folder.path)
        #expect(after.liveDocCount == 3)
        #expect(after.commit.userData["note"] == "second")
        #expect(try after.documents(withTerm: [TestSchema.key] + Array("b".utf8)).isEmpty)
        #expect(try after.documents(withTerm: [TestSchema.key] + Array("c".utf8)) == [2])
        // The old snapshot still sees what it saw, even though the commit it
        // came from has been replaced on disk.
        #expect(before.liveDocCount == 3)
        #expect(try before.documents(withTerm: [TestSchema.key] + Array("b".utf8)) == [1])
        _ = try IndexChecker().check(after)
        // Only the newest commit is kept.
        let commits = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("commit_") }
        #expect(commits == ["commit_00000002"])
    }

    @Test func fullyDeletedSegmentIsDropped() throws {
        let folder = TemporaryDirectory()
        let writer = try writer(folder.path)
        try writer.add(doc("a", "một").input)
        try writer.commit(userData: [:])
        try writer.add(doc("b", "hai").input)
        try writer.commit(userData: [:])
        try writer.deleteDocuments(withTerm: [TestSchema.key] + Array("a".utf8))
        try writer.commit(userData: [:])
        writer.close()
        let reader = try IndexReader.open(path: folder.path)
        #expect(reader.segments.count == 1)
        #expect(reader.liveDocCount == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.child("s000001.tpost")))
    }

    @Test func secondWriterIsRefusedWithThePid() throws {
        let folder = TemporaryDirectory()
        let first = try writer(folder.path)
        do {
            _ = try writer(folder.path)
            Issue.record("a second writer was allowed")
        } catch let error as StoreError {
            #expect(error.code == .locked)
            #expect(error.message.contains("pid \(ProcessInfo.processInfo.processIdentifier)"))
        }
        first.close()
        _ = try writer(folder.path)  // free again once released
    }

    /// Index files are not fsynced as they are finished but by the commit
    /// that first lists them, each once: the new segment's files, new
    /// deletion files, the pending commit file and the folder.
    @Test func aCommitFsyncsTheFilesNewToIt() throws {
        let folder = TemporaryDirectory()
        let faults = FaultInjector()
        let writer = try writer(folder.path, faults: faults)
        for key in ["a", "b"] { try writer.add(doc(key, "hội nhập").input) }
        try writer.flush()
        #expect(faults.count(.fsync) == 0)
        try writer.commit(userData: [:])
        let first = try IndexReader.open(path: folder.path).commit
        #expect(faults.count(.fsync) == first.segments[0].files.count + 2)

        try writer.deleteDocuments(withTerm: [TestSchema.key] + Array("a".utf8))
        try writer.add(doc("c", "quốc tế").input)
        try writer.commit(userData: [:])
        let second = try IndexReader.open(path: folder.path).commit
        let newFiles = second.fileNames.subtracting(first.fileNames).subtracting([second.fileName])
        #expect(newFiles.count == second.segments[1].files.count + 1)  // and s000001's deletions
        #expect(faults.count(.fsync) == first.segments[0].files.count + 2 + newFiles.count + 2)

        try writer.commit(userData: [:])  // nothing new: the commit file and the folder
        #expect(faults.count(.fsync) == first.segments[0].files.count + 2 + newFiles.count + 4)
        writer.close()
    }

    @Test(arguments: FaultInjector.Operation.allCases.filter { $0 != .delete })
    func failedCommitKeepsTheLastOne(operation: FaultInjector.Operation) throws {
        let folder = TemporaryDirectory()
        let healthy = try writer(folder.path)
        try healthy.add(doc("a", "trước").input)
        try healthy.commit(userData: [:])
        healthy.close()

        let faults = FaultInjector()
        let failing = try writer(folder.path, faults: faults)
        try failing.add(doc("b", "sau").input)
        faults.fail(operation, after: 1)
        #expect(throws: StoreError.self) { try failing.commit(userData: [:]) }
        failing.close()

        let reader = try IndexReader.open(path: folder.path)
        #expect(reader.liveDocCount == 1)
        #expect(reader.commit.generation == 1)
        _ = try IndexChecker().check(reader)
        // A new writer cleans up whatever the failed one left behind.
        let next = try writer(folder.path)
        next.close()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { $0.hasPrefix("s000002") || $0.hasPrefix("pending_") })
    }

    /// Each commit's attachments come from a reader of exactly its own
    /// segments and deletions, before it lands, and are read back with it.
    @Test func attachmentsComeFromTheCommitsOwnSegments() throws {
        let folder = TemporaryDirectory()
        let directory = try IndexDirectory(path: folder.path, create: true)
        let described: IndexWriter.Attachments = { reader in
            ["live": Array("\(reader.liveDocCount) in \(reader.segments.map(\.info.name))".utf8)]
        }
        let writer = try IndexWriter(
            directory: directory, schema: TestSchema.schema, fold: TestSchema.fold, attachments: described)
        for key in ["a", "b"] { try writer.add(doc(key, "hội nhập").input) }
        try writer.commit(userData: [:])
        var reader = try IndexReader.open(path: folder.path)
        #expect(reader.commit.attachments == ["live": Array("2 in [\"s000001\"]".utf8)])
        try writer.deleteDocuments(withTerm: [TestSchema.key] + Array("a".utf8))
        try writer.add(doc("c", "quốc tế").input)
        try writer.commit(userData: [:])
        writer.close()
        reader = try IndexReader.open(path: folder.path)
        #expect(reader.commit.attachments == ["live": Array("2 in [\"s000001\", \"s000002\"]".utf8)])
        _ = try IndexChecker().check(reader)

        // A writer without the hook commits none.
        let plain = try self.writer(folder.path)
        try plain.add(doc("d", "một").input)
        try plain.commit(userData: [:])
        plain.close()
        #expect(try IndexReader.open(path: folder.path).commit.attachments.isEmpty)
    }

    /// Attachments that cannot be worked out fail the commit, which then
    /// leaves the last one standing, as any other failed commit does.
    @Test func failedAttachmentsKeepTheLastCommit() throws {
        let folder = TemporaryDirectory()
        let first = try writer(folder.path)
        try first.add(doc("a", "trước").input)
        try first.commit(userData: [:])
        first.close()
        let directory = try IndexDirectory(path: folder.path)
        let failing = try IndexWriter(
            directory: directory, schema: TestSchema.schema, fold: TestSchema.fold,
            attachments: { _ throws(StoreError) in throw StoreError(.io, "no attachments today") })
        try failing.add(doc("b", "sau").input)
        #expect(throws: StoreError.self) { try failing.commit(userData: [:]) }
        failing.close()
        let reader = try IndexReader.open(path: folder.path)
        #expect(reader.commit.generation == 1)
        #expect(reader.liveDocCount == 1)
        _ = try IndexChecker().check(reader)
    }

    @Test func emptyFolderIsNoIndex() throws {
        let folder = TemporaryDirectory()
        do {
            _ = try IndexReader.open(path: folder.path)
            Issue.record("opened an empty folder")
        } catch {
            #expect(error.code == .noIndex)
        }
    }
}

@Suite struct RebuildTests {
    @Test func rebuildWorksOverADamagedIndex() throws {
        let folder = try CorruptionTests.freshIndex()
        let dictionary = try CorruptionTests.file(folder, ".tdict")
        _ = FileManager.default.createFile(atPath: dictionary, contents: Data([1, 2, 3]))
        let directory = try IndexDirectory(path: folder.path)
        #expect(throws: StoreError.self) {
            _ = try IndexWriter(directory: directory, schema: TestSchema.schema, fold: TestSchema.fold)
        }
        let writer = try IndexWriter(directory: directory, schema: TestSchema.schema, fold: TestSchema.fold, mode: .rebuild)
        try writer.add(ModelDocument(key: "new", words: ["một"], date: 0).input)
        try writer.commit(userData: [:])
        writer.close()
        let reader = try IndexReader.open(path: folder.path)
        #expect(reader.liveDocCount == 1)
        #expect(reader.commit.generation == 3)
        _ = try IndexChecker().check(reader)
        #expect(!FileManager.default.fileExists(atPath: dictionary))
    }
}
