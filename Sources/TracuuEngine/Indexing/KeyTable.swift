/// An open-addressing hash map from 32-bit keys to non-negative 32-bit
/// values, each pair packed in one 64-bit slot, in manually managed memory.
///
/// Why not `Dictionary<UInt32, Int32>`: the republication registry does
/// eight lookups and eight updates for every article indexed, under the
/// run's lock, and a Swift dictionary's generic hashing and copy-on-write
/// checks made that a visible share of indexing (and of the time the other
/// worker waited). Eight bytes a slot and a load of up to three quarters
/// keep it as small as the dictionary it replaces: the registry grows with
/// the index while `tracuu index` runs.
///
/// - Complexity: lookups and inserts are O(1) expected; the table doubles
///   when three quarters full.
final class KeyTable {
    /// Per slot: the key in the high 32 bits, the value + 1 in the low 32
    /// (0: an empty slot).
    private var slots: UnsafeMutablePointer<UInt64>
    private var size: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 10) {
        var size = 16
        while size * 3 < capacity * 4 { size <<= 1 }
        self.size = size
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
    }

    deinit { slots.deallocate() }

    /// Bytes held.
    var memoryBytes: Int { size * 8 }

    @inline(__always)
    private static func home(_ key: UInt32, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func slot(_ key: UInt32) -> Int {
        let mask = size - 1
        var index = KeyTable.home(key, mask)
        while slots[index] != 0 && UInt32(truncatingIfNeeded: slots[index] >> 32) != key { index = (index + 1) & mask }
        return index
    }

    subscript(key: UInt32) -> Int32? {
        let content = slots[slot(key)]
        return content == 0 ? nil : Int32(truncatingIfNeeded: content & 0xFFFF_FFFF) - 1
    }

    /// Sets `key`'s value (≥ 0); returns the value it replaced, if any.
    @discardableResult
    func updateValue(_ value: Int32, forKey key: UInt32) -> Int32? {
        precondition(value >= 0, "KeyTable holds non-negative values")
        var index = slot(key)
        let old = slots[index]
        if old == 0 {
            if (count + 1) * 4 > size * 3 {
                grow()
                index = slot(key)
            }
            count += 1
        }
        slots[index] = UInt64(key) << 32 | UInt64(UInt32(value) + 1)
        return old == 0 ? nil : Int32(truncatingIfNeeded: old & 0xFFFF_FFFF) - 1
    }

    private func grow() {
        let old = slots
        let oldSize = size
        size *= 2
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0, count: size)
        for index in 0..<oldSize where old[index] != 0 {
            slots[slot(UInt32(truncatingIfNeeded: old[index] >> 32))] = old[index]
        }
        old.deallocate()
    }
}
