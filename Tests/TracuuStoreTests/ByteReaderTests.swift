import Testing
import TracuuTestSupport

@testable import TracuuStore

@Suite struct ByteReaderTests {
    /// Skipping varints (eight bytes at a time where it can) lands where
    /// decoding them one by one does, for every count and length mix.
    @Test func skipVarintsLandsWhereDecodingDoes() throws {
        var random = SeededRandom(seed: 3)
        var writer = ByteWriter()
        for _ in 0..<2_000 {
            // Mostly one-byte values, as positions deltas are, some long.
            let bits = random.next() % 4 == 0 ? random.next() % 40 : random.next() % 7
            writer.varint(random.next() & ((1 << bits) - 1))
        }
        let bytes = writer.bytes
        try bytes.withStoreBytes { (raw: UnsafeRawBufferPointer) throws(StoreError) in
            for _ in 0..<300 {
                let start = Int(random.next() % 1_000)
                let count = Int(random.next() % 200)
                var decoding = ByteReader(raw, file: "test")
                for _ in 0..<start { _ = try decoding.varint() }
                var skipping = decoding
                for _ in 0..<count { _ = try decoding.varint() }
                try skipping.skipVarints(count)
                #expect(skipping.offset == decoding.offset, "skip \(count) from varint \(start)")
            }
            var reader = ByteReader(raw, file: "test")
            #expect(throws: StoreError.self) { try reader.skipVarints(2_001) }
        }
    }
}
