import Testing
import TracuuTestSupport

@testable import TracuuQuery

/// A count buffer given back comes out again all zeros, whatever was
/// written at the documents its word's bits name, and buffers of another
/// size or beyond the kept number are not mixed up.
@Suite struct CountBuffersTests {
    @Test func aBufferGivenBackComesOutZeroed() {
        let buffers = CountBuffers()
        var random = SeededRandom(seed: 11)
        for count in [1, 2, 3, 5, 64, 1000, 22_000] {
            for _ in 0..<5 {
                let buffer = buffers.take(count: count)
                #expect(buffer.count == count)
                #expect(buffer.allSatisfy { $0 == 0 })
                var written = DocBits(docCount: count)
                for _ in 0..<Int(random.next() % 200) {
                    let doc = Int32(random.next() % UInt64(count))
                    written.insert(doc)
                    buffer[Int(doc)] &+= UInt8(random.next() % 9 + 1)
                }
                buffers.give(buffer, written: written)
            }
        }
    }

    @Test func onlyAFewBuffersOfASizeAreKept() {
        let buffers = CountBuffers()
        let taken = (0..<(CountBuffers.keptPerSize + 8)).map { _ in buffers.take(count: 100) }
        #expect(Set(taken.map { $0.baseAddress! }).count == taken.count)
        for buffer in taken { buffers.give(buffer, written: DocBits(docCount: 100)) }
        #expect(buffers.kept(count: 100) == CountBuffers.keptPerSize)
        #expect(buffers.kept(count: 64) == 0)
        let again = (0..<(CountBuffers.keptPerSize + 8)).map { _ in buffers.take(count: 100) }
        #expect(buffers.kept(count: 100) == 0)
        #expect(again.allSatisfy { $0.allSatisfy { $0 == 0 } })
        for buffer in again { buffers.give(buffer, written: DocBits(docCount: 100)) }
    }
}
