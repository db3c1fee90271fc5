import Foundation
import Testing
import TracuuTestSupport

@testable import TracuuStore

/// Damages each kind of index file and expects a clean error naming it,
/// never a crash (Lucene's TestAllFilesDetectTruncation/BitFlips).
@Suite struct CorruptionTests {
    static func freshIndex() throws -> TemporaryDirectory {
        let folder = TemporaryDirectory()
        var random = SeededRandom(seed: 3)
        let docs = (0..<400).map { ModelDocument.random($0, &random) }
        let writer = try IndexWriter(
            directory: try IndexDirectory(path: folder.path, create: true), schema: TestSchema.schema,
            fold: TestSchema.fold)
        for doc in docs { try writer.add(doc.input) }
        try writer.commit(userData: [:])
        try writer.deleteDocuments(withTerm: [TestSchema.key] + Array("doc-5".utf8))
        try writer.commit(userData: [:])
        writer.close()
        return folder
    }

    /// Opens and fully checks the index; returns the error, if any.
    static func openAndCheck(_ path: String) -> StoreError? {
        do {
            let reader = try IndexReader.open(path: path)
            _ = try IndexChecker().check(reader)
            return nil
        } catch {
            return error
        }
    }

    static let kinds = ["commit_", ".tdict", ".tpost", ".tpos", ".tcol", ".tstore", ".tdel"]

    static func file(_ folder: TemporaryDirectory, _ kind: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let name = try #require(names.first { $0.hasPrefix(kind) || $0.hasSuffix(kind) })
        return folder.child(name)
    }

    @Test func healthyIndexChecks() throws {
        let folder = try Self.freshIndex()
        #expect(Self.openAndCheck(folder.path) == nil)
    }

    @Test(arguments: kinds)
    func truncation(kind: String) throws {
        let folder = try Self.freshIndex()
        let path = try Self.file(folder, kind)
        let bytes = PackagePaths.read(path)
        for cut in [bytes.count - 1, bytes.count / 2, 10] {
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes.prefix(cut)))
            let error = try #require(Self.openAndCheck(folder.path), "truncating \(kind) to \(cut) went unnoticed")
            #expect(error.code == .corrupt)
            #expect(error.message.contains((path as NSString).lastPathComponent))
        }
    }

    @Test(arguments: kinds)
    func bitFlips(kind: String) throws {
        let folder = try Self.freshIndex()
        let path = try Self.file(folder, kind)
        let original = PackagePaths.read(path)
        var random = SeededRandom(seed: UInt64(kind.utf8.count))
        for _ in 0..<12 {
            var damaged = original
            let offset = Int(random.next() % UInt64(damaged.count))
            damaged[offset] ^= UInt8(1 << (random.next() % 8))
            _ = FileManager.default.createFile(atPath: path, contents: Data(damaged))
            let error = try #require(Self.openAndCheck(folder.path), "flip at \(offset) of \(kind) went unnoticed")
            #expect(error.code == .corrupt || error.code == .version)
        }
        _ = FileManager.default.createFile(atPath: path, contents: Data(original))
        #expect(Self.openAndCheck(folder.path) == nil)
    }

    /// What a search reads, without the checker's whole-file checksums:
    /// every term's postings and positions, every document's stored fields
    /// and columns (keyed by stored key, so results compare across runs).
    static func searchLike(_ path: String) throws(StoreError) -> [String] {
        let reader = try IndexReader.open(path: path)
        var lines: [String] = []
        for segment in reader.segments {
            var keys: [String] = []
            for doc in 0..<segment.docCount {
                keys.append(String(decoding: try segment.stored.document(doc)[1] ?? [], as: UTF8.self))
            }
            let date = segment.columns.column("DATE")
            for doc in 0..<segment.docCount where !segment.isDeleted(doc) {
                lines.append("\(keys[doc]) date \(date.map { segment.columns.value($0, doc) } ?? -1)")
            }
            var terms = try segment.dictionary.terms()
            while let (term, info) = try terms.next() {
                let cursor = try segment.postings(info, withPositions: true)
                while try cursor.next() != PostingsFormat.noMoreDocs {
                    if segment.isDeleted(Int(cursor.doc)) { continue }
                    lines.append("\(term) \(keys[Int(cursor.doc)]) \(cursor.freq) \(try cursor.positions())")
                }
            }
        }
        return lines.sorted()
    }

    /// A damaged byte anywhere must make what a search reads fail with a
    /// clean error naming the file, or leave it exactly as it was (a byte
    /// no search reads, such as a footer's copy of a checksum): never a
    /// different answer.
    @Test(arguments: kinds)
    func searchesFailCleanlyOrAnswerRight(kind: String) throws {
        let folder = try Self.freshIndex()
        let path = try Self.file(folder, kind)
        let failures = try Self.flips(
            of: path, seed: UInt64(kind.utf8.count) + 100, expected: try Self.searchLike(folder.path),
            read: { () throws(StoreError) in try Self.searchLike(folder.path) },
            changed: "changed what a search reads"
        ) { error in
            #expect(error.code == .corrupt || error.code == .version, "\(error)")
            #expect(error.message.contains((path as NSString).lastPathComponent) || error.message.contains("commit"))
        }
        #expect(failures > 12, "most flips of \(kind) should be noticed")
    }

    /// Flips one random bit of the file at `path`, 24 times over (each time
    /// from the original); each time `read` must give `expected` or fail,
    /// its error then judged by `failed`. Returns how many reads failed.
    static func flips(
        of path: String, seed: UInt64, expected: [String], read: () throws(StoreError) -> [String], changed: String,
        failed: (StoreError) -> Void
    ) throws -> Int {
        let original = PackagePaths.read(path)
        var random = SeededRandom(seed: seed)
        var failures = 0
        for _ in 0..<24 {
            var damaged = original
            let offset = Int(random.next() % UInt64(damaged.count))
            damaged[offset] ^= UInt8(1 << (random.next() % 8))
            _ = FileManager.default.createFile(atPath: path, contents: Data(damaged))
            do throws(StoreError) {
                let same = try read() == expected
                #expect(same, "flip at \(offset) of \((path as NSString).lastPathComponent) \(changed)")
            } catch {
                failures += 1
                failed(error)
            }
        }
        return failures
    }

    /// What counting a query's matches reads (`PostingsCursor.insertDocs`,
    /// which checks a term's postings after decoding them): every term's
    /// documents and counts, each term counted before anything else reads
    /// it.
    static func countLike(_ path: String) throws(StoreError) -> [String] {
        let reader = try IndexReader.open(path: path)
        var lines: [String] = []
        for segment in reader.segments {
            var terms = try segment.dictionary.terms()
            while let (term, info) = try terms.next() {
                var bits = [UInt64](repeating: 0, count: (segment.docCount + 63) / 64)
                var freqs = [UInt8](repeating: 0, count: segment.docCount)
                let cursor = try segment.postings(info, withPositions: false)
                try bits.withUnsafeMutableBufferPointer { (bits: inout UnsafeMutableBufferPointer<UInt64>) throws(StoreError) in
                    try freqs.withUnsafeMutableBufferPointer { (freqs: inout UnsafeMutableBufferPointer<UInt8>) throws(StoreError) in
                        try cursor.insertDocs(into: bits, docCount: segment.docCount, freqs: freqs)
                    }
                }
                lines.append("\(term) \(bits) \(freqs.enumerated().filter { $0.element > 0 }.map { "\($0.offset):\($0.element)" })")
            }
        }
        return lines
    }

    /// A damaged byte of the postings makes a count fail with a clean error
    /// naming the file, or leaves it as it was: the count decodes first and
    /// checks after, and what it decoded is not used before the check.
    @Test func countsFailCleanlyOrAnswerRight() throws {
        let folder = try Self.freshIndex()
        let path = try Self.file(folder, ".tpost")
        let failures = try Self.flips(
            of: path, seed: 77, expected: try Self.countLike(folder.path),
            read: { () throws(StoreError) in try Self.countLike(folder.path) }, changed: "changed a count"
        ) { error in
            #expect(error.code == .corrupt, "\(error)")
            #expect(error.message.contains((path as NSString).lastPathComponent))
        }
        #expect(failures > 12, "most flips of .tpost should be noticed")
    }

    @Test func missingFile() throws {
        let folder = try Self.freshIndex()
        try FileManager.default.removeItem(atPath: try Self.file(folder, ".tpos"))
        let error = try #require(Self.openAndCheck(folder.path))
        #expect(error.message.contains(".tpos"))
    }

    @Test func everyFileKindIsInTheFormatDocument() throws {
        let format = String(decoding: PackagePaths.read(PackagePaths.root + "/Sources/TracuuStore/FORMAT.md"), as: UTF8.self)
        for kind in FileKind.allCases {
            #expect(format.contains("`\(kind.rawValue)`"), "FORMAT.md lacks kind \(kind.rawValue)")
            if !kind.fileExtension.isEmpty { #expect(format.contains(".\(kind.fileExtension)`")) }
        }
    }
}
