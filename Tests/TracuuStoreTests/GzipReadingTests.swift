import Testing
import TracuuCore
import TracuuTestSupport

/// `CompressedLineReader` reads `.gz` files through ISA-L's inflate as
/// zlib's gzread did: plain files pass through, every member is read,
/// bytes after the last member are ignored, damage is an error.
@Suite struct GzipReadingTests {
    private let folder = TemporaryDirectory("gzip")

    /// A file of the test's folder holding `bytes`.
    private func file(_ name: String, _ bytes: [UInt8]) -> String { folder.write(name, bytes: bytes) }

    private func lines(_ path: String) throws(LineReaderError) -> [String] {
        let reader = try CompressedLineReader(path: path)
        var lines: [String] = []
        while let line = try reader.nextLine() { lines.append(String(decoding: line, as: UTF8.self)) }
        return lines
    }

    /// Lines long enough, and enough of them, to cross the reader's buffers.
    private let sample: [String] = (0..<40_000).map { "{\"id\": \"\($0)\", \"body\": \"Bộ Ngoại giao \(String(repeating: "hợp tác ", count: $0 % 50))\"}" }

    @Test func readsEveryMemberOfAMultiMemberFile() throws {
        let first = Array((sample[..<25_000].joined(separator: "\n") + "\n").utf8)
        let second = Array((sample[25_000...].joined(separator: "\n") + "\n").utf8)
        let path = file("corpus.jsonl.gz", Zlib.gzip(first) + Zlib.gzip(second))
        #expect(try lines(path) == sample)
    }

    @Test func passesPlainFilesThroughAndIgnoresBytesAfterTheLastMember() throws {
        let text = Array((sample[..<1000].joined(separator: "\n") + "\n").utf8)
        #expect(try lines(file("plain.jsonl", text)) == Array(sample[..<1000]))
        #expect(try lines(file("tail.jsonl.gz", Zlib.gzip(text) + Array("not gzip".utf8))) == Array(sample[..<1000]))
        #expect(try lines(file("empty.jsonl", [])) == [])
    }

    @Test func truncatedOrDamagedDataIsAnErrorNamingTheFile() throws {
        let packed = Zlib.gzip(Array((sample.joined(separator: "\n") + "\n").utf8))
        let truncated = file("truncated.jsonl.gz", Array(packed[..<(packed.count / 2)]))
        var damaged = packed
        damaged[damaged.count - 6] ^= 0xFF  // the CRC-32 in the trailer
        let badChecksum = file("checksum.jsonl.gz", damaged)
        for (path, reason) in [(truncated, "truncated"), (badChecksum, "checksum")] {
            do {
                _ = try lines(path)
                Issue.record("\(path) read without an error")
            } catch {
                #expect(error.path == path)
                #expect(error.description.contains(reason), "\(error)")
            }
        }
    }
}
