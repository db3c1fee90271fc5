import Testing
import TracuuCore
import TracuuTestSupport

/// `ByteTable` against a dictionary: random keys of every length (across
/// the word-load boundaries of its hash and equality), growth, clearing,
/// the empty key, and keys numbered in insertion order.
@Suite struct ByteTableTests {
    @Test func agreesWithADictionary() {
        var random = SeededRandom(seed: 7)
        let table = ByteTable(capacity: 4)
        var model: [[UInt8]: Int32] = [:]
        var order: [[UInt8]] = []
        for round in 0..<3 {
            for step in 0..<20_000 {
                let length = Int(random.next() % 20)
                // A small alphabet, so keys repeat and collide often.
                let key = (0..<length).map { _ in UInt8(0x61 + random.next() % 3) }
                let found = key.withUnsafeBufferPointer { table.find($0) }
                #expect(found == model[key], "round \(round) step \(step)")
                if found == nil {
                    let value = Int32(model.count)
                    key.withUnsafeBufferPointer { table.insert($0, hash: ByteTable.hash($0), value: value) }
                    model[key] = value
                    order.append(key)
                }
            }
            #expect(table.count == model.count)
            for (index, key) in order.enumerated() {
                #expect(Array(table.key(at: index)) == key)
                #expect(table.value(at: index) == model[key])
            }
            table.removeAll()
            model.removeAll()
            order.removeAll()
            #expect([UInt8]("a".utf8).withUnsafeBufferPointer { table.find($0) } == nil)
            #expect([UInt8]().withUnsafeBufferPointer { table.find($0) } == nil)
        }
    }

    /// Memory populated for writing (`MADV_POPULATE_WRITE`) still reads as
    /// zeros, across huge pages and a ragged end, and takes writes.
    @Test func memoryPopulatedForWritingStartsZeroed() {
        for count in [1, 1_000, 1 << 20, (3 << 20) + 17] {
            let (values, block) = ZeroedMemory.allocateForWriting(UInt32.self, count: count)
            defer { ZeroedMemory.free(block) }
            let buffer = UnsafeMutableBufferPointer(start: values, count: count)
            #expect(buffer.allSatisfy { $0 == 0 }, "\(count) values")
            for index in stride(from: 0, to: count, by: 997) { buffer[index] = UInt32(truncatingIfNeeded: index) }
            #expect(stride(from: 0, to: count, by: 997).allSatisfy { buffer[$0] == UInt32(truncatingIfNeeded: $0) })
        }
    }
}
