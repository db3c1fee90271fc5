/// Keys of varying length back to back in one array, key `i` at
/// `starts[i] ..< starts[i + 1]`: a flushing builder's term keys or fold
/// keys (`SegmentBuilder.settle`), without an array per key.
struct KeyArena {
    private(set) var bytes: [UInt8] = []
    private var starts: [Int32] = [0]

    init(capacity: Int) { starts.reserveCapacity(capacity + 1) }

    /// Appends the next key, which `write` appends to the arena's bytes.
    mutating func append(_ write: (inout [UInt8]) -> Void) {
        write(&bytes)
        starts.append(Int32(bytes.count))
    }

    subscript(index: Int32) -> ArraySlice<UInt8> { bytes[Int(starts[Int(index)])..<Int(starts[Int(index) + 1])] }

    /// `indexes` sorted by their keys (`KeyOrder`).
    ///
    /// Sorted by their first sixteen bytes as two big-endian words
    /// (zero-padded), whole keys compared only when those tie: nearly every
    /// key is a syllable shorter than that, and a memcmp call per
    /// comparison was most of the sort's time.
    func sorted(_ indexes: [Int32]) -> [Int32] {
        let starts = self.starts
        return bytes.withUnsafeBufferPointer { arena in
            var sortKeys = indexes.map { index -> (high: UInt64, low: UInt64, index: Int32) in
                let start = Int(starts[Int(index)])
                let end = Int(starts[Int(index) + 1])
                var high: UInt64 = 0
                var low: UInt64 = 0
                for offset in 0..<16 {
                    let byte = start + offset < end ? UInt64(arena[start + offset]) : 0
                    if offset < 8 { high |= byte << UInt64(56 - 8 * offset) } else { low |= byte << UInt64(120 - 8 * offset) }
                }
                return (high, low, index)
            }
            sortKeys.sort { a, b in
                if a.high != b.high { return a.high < b.high }
                if a.low != b.low { return a.low < b.low }
                func key(_ index: Int32) -> UnsafeRawBufferPointer {
                    UnsafeRawBufferPointer(
                        UnsafeBufferPointer(rebasing: arena[Int(starts[Int(index)])..<Int(starts[Int(index) + 1])]))
                }
                return KeyOrder.precedes(key(a.index), key(b.index))
            }
            return sortKeys.map(\.index)
        }
    }

    /// `KeyOrder` of two keys as -1, 0 or 1.
    static func compare(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Int {
        a.withUnsafeBytes { a in
            b.withUnsafeBytes { b in
                KeyOrder.precedes(a, b) ? -1 : (KeyOrder.precedes(b, a) ? 1 : 0)
            }
        }
    }
}
