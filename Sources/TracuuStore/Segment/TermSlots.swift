/// The segment builder's terms: an open-addressing hash table whose slots
/// hold everything a term needs while a segment is built — its key, where
/// its doc-code and position streams write, the last document it was added
/// to and its document frequency — in one 64-byte slot.
///
/// Why one slot: adding a document touches every distinct word and
/// syllable pair in it (about 850 for a news article); with the state
/// spread over several arrays each would cost several cache misses, which
/// profiling showed to dominate indexing. Here it costs the slot and the
/// slice being written.
final class TermSlots {
    struct Slot {
        /// Key + 1; 0 marks an empty slot.
        var key: UInt64
        var docs: SlicePool.Stream
        /// Unused (first == 0) for fields without positions.
        var positions: SlicePool.Stream
        var lastDoc: Int32
        var docFreq: Int32
    }

    private var slots: UnsafeMutablePointer<Slot>
    private var size: Int
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 15) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        self.size = size
        mask = size - 1
        slots = .allocate(capacity: size)
        TermSlots.clear(slots, size)
    }

    deinit { slots.deallocate() }

    var memoryBytes: Int { size * MemoryLayout<Slot>.stride }

    private static func clear(_ slots: UnsafeMutablePointer<Slot>, _ size: Int) {
        UnsafeMutableRawPointer(slots).initializeMemory(as: UInt8.self, repeating: 0, count: size * MemoryLayout<Slot>.stride)
    }

    @inline(__always)
    private static func home(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The slot of `key`; `isNew` tells whether it was just created (its
    /// streams are then to be set up by the caller). The pointer is valid
    /// until the next insertion.
    @inline(__always)
    func slot(for key: UInt64, isNew: inout Bool) -> UnsafeMutablePointer<Slot> {
        let stored = key &+ 1
        var index = TermSlots.home(key, mask)
        while true {
            let found = slots[index].key
            if found == stored {
                isNew = false
                return slots + index
            }
            if found == 0 {
                if (count + 1) * 2 > size {
                    grow()
                    return slot(for: key, isNew: &isNew)
                }
                slots[index].key = stored
                count += 1
                isNew = true
                return slots + index
            }
            index = (index + 1) & mask
        }
    }

    /// The indexes of the occupied slots (stable until the next insertion).
    var occupied: [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(count)
        for index in 0..<size where slots[index].key != 0 { result.append(Int32(index)) }
        return result
    }

    /// The key and state at a slot index.
    func slot(at index: Int32) -> (key: UInt64, state: UnsafeMutablePointer<Slot>) {
        (slots[Int(index)].key &- 1, slots + Int(index))
    }

    private func grow() {
        let old = slots
        let oldSize = size
        size *= 2
        mask = size - 1
        slots = .allocate(capacity: size)
        TermSlots.clear(slots, size)
        for index in 0..<oldSize where old[index].key != 0 {
            var target = TermSlots.home(old[index].key &- 1, mask)
            while slots[target].key != 0 { target = (target + 1) & mask }
            slots[target] = old[index]
        }
        old.deallocate()
    }
}
