import Testing
import TracuuCore
import TracuuTestSupport

@testable import TracuuStore

@Suite struct CRC32CTests {
    /// The check value of the CRC-32C catalogue, and the same from any split.
    @Test func knownValueAndSplits() {
        let bytes = Array("123456789".utf8)
        #expect(CRC32C.checksum(bytes) == 0xE306_9283)
        var random = SeededRandom(seed: 1)
        let data = (0..<1000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let whole = CRC32C.checksum(data)
        for split in [0, 1, 7, 8, 9, 500, 999, 1000] {
            var crc = CRC32C()
            crc.update(Array(data[..<split]))
            crc.update(Array(data[split...]))
            #expect(crc.value == whole, "split at \(split)")
        }
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }
}
