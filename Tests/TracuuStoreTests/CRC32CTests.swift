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

    /// Buffers of 768 bytes and more are checksummed in three streams of 256
    /// bytes joined through a table (see CTracuuCRC.c), the rest one word at
    /// a time: every length around those boundaries, at every alignment,
    /// gives the table's answer.
    @Test func shortStreamsMatchTheTable() {
        var random = SeededRandom(seed: 3)
        let data = (0..<9000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        var lengths = Array(760...776) + Array(1530...1545) + [1000, 2303, 2304, 2305, 4096, 4099, 8191]
        lengths += (0..<40).map { _ in Int(random.next() % 8900) }
        for length in lengths {
            for start in [0, 1, 3, 7] {
                let slice = Array(data[start..<(start + length)])
                #expect(CRC32C.checksum(slice) == CRC32C.checksumByTable(slice), "length \(length) from \(start)")
            }
        }
    }

    /// Long buffers are checksummed in three interleaved streams joined at
    /// the end (see CTracuuCRC.c): they must give the table's answer at every
    /// length around the stream boundaries, and from any split.
    @Test func longBuffersMatchTheTable() {
        var random = SeededRandom(seed: 2)
        let data = (0..<(3 * 16384 * 2 + 4099)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        for length in [3 * 16384 - 1, 3 * 16384, 3 * 16384 + 1, 3 * 16384 + 8, 6 * 16384, data.count] {
            let slice = Array(data[..<length])
            #expect(CRC32C.checksum(slice) == CRC32C.checksumByTable(slice), "length \(length)")
        }
        let whole = CRC32C.checksumByTable(data)
        for split in [1, 16384, 3 * 16384 + 5, data.count - 3] {
            var crc = CRC32C()
            crc.update(Array(data[..<split]))
            crc.update(Array(data[split...]))
            #expect(crc.value == whole, "split at \(split)")
        }
        #expect(CRC32C.checksumByTable(Array("123456789".utf8)) == 0xE306_9283)
    }
}
