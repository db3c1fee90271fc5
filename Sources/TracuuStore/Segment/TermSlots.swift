import TracuuCore

/// The segment builder's terms: one 64-byte slot per term holding
/// everything it needs while a segment is built — its key, where its
/// doc-code and position streams write, the last document it was added to
/// and its document frequency — numbered densely in order of first use.
///
/// Why one slot: adding a document touches every distinct word in it
/// (about 300 for a news article); with the state spread over several
/// arrays each would cost several cache misses, which profiling showed to
/// dominate indexing. Here it costs the slot and the slice being written.
///
/// Two ways to find a slot:
/// - **By dense id** (`slot(field:denseID:)`): the analyzer numbers words
///   0, 1, 2, … in order of first sight, so a per-field array maps an id
///   straight to its slot, with no hashing. The common syllables come
///   first, so their entries and slots sit together and stay in cache;
///   a hash table scatters them over megabytes.
/// - **By any 64-bit key** (`slot(for:)`): an open-addressing table, for
///   terms given as bytes and for syllable-pair ids.
final class TermSlots {
    struct Slot {
        /// The key given to `slot(for:)`, or the field in the top 8 bits
        /// and the dense id below (the same key space `SegmentBuilder` uses).
        var key: UInt64
        var docs: SlicePool.Stream
        /// The term's fold group + 1 (0: none), in the two paddings the
        /// streams leave, so the slot stays 64 bytes.
        private var groupLow: UInt16
        /// Unused (first == 0) for fields without positions.
        var positions: SlicePool.Stream
        private var groupHigh: UInt8
        var lastDoc: Int32
        var docFreq: Int32

        init(key: UInt64) {
            self.key = key
            docs = .none
            groupLow = 0
            positions = .none
            groupHigh = 0
            lastDoc = 0
            docFreq = 0
        }

        /// The term's group in the builder's `FoldGroupCounts`, or -1 for
        /// a term of a field without fold map.
        var group: Int32 {
            get { (Int32(groupHigh) << 16 | Int32(groupLow)) - 1 }
            set {
                precondition(newValue < 1 << 24 - 1, "fold groups fit in 24 bits")
                let stored = newValue + 1
                groupLow = UInt16(truncatingIfNeeded: stored)
                groupHigh = UInt8(truncatingIfNeeded: stored >> 16)
            }
        }
    }

    /// Slots in order of creation.
    private var slots: UnsafeMutablePointer<Slot>
    private var capacity: Int
    private(set) var count = 0

    /// Hash index for `slot(for:)`: per entry the key + 1 (0: empty) and the slot number.
    private var table: UnsafeMutablePointer<(key: UInt64, slot: Int32)>
    private var tableSize: Int
    private var tableCount = 0

    /// Per field byte, dense id → slot number + 1 (0: none yet).
    private var direct: [UnsafeMutablePointer<Int32>?] = Array(repeating: nil, count: 256)
    private var directCapacity: [Int] = Array(repeating: 0, count: 256)

    init(capacity: Int = 1 << 14) {
        self.capacity = max(16, capacity)
        slots = HugePages.allocate(Slot.self, count: self.capacity)
        var size = 16
        while size < capacity { size <<= 1 }
        tableSize = size
        table = .allocate(capacity: size)
        table.initialize(repeating: (0, 0), count: size)
    }

    deinit {
        slots.deallocate()
        table.deallocate()
        for map in direct { map?.deallocate() }
    }

    var memoryBytes: Int {
        capacity * MemoryLayout<Slot>.stride + tableSize * MemoryLayout<(UInt64, Int32)>.stride
            + directCapacity.reduce(0, +) * 4
    }

    @inline(__always)
    private static func home(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The slot of term `id` of `field`, ids being small and dense (see the
    /// type's notes); `isNew` tells whether it was just created (its
    /// streams are then to be set up by the caller). The pointer is valid
    /// until the next insertion.
    @inline(__always)
    func slot(field: UInt8, denseID id: Int, isNew: inout Bool) -> UnsafeMutablePointer<Slot> {
        let fieldIndex = Int(field)
        if id >= directCapacity[fieldIndex] { growDirect(fieldIndex, toHold: id) }
        let map = direct[fieldIndex].unsafelyUnwrapped
        let number = map[id]
        if number != 0 {
            isNew = false
            return slots + Int(number - 1)
        }
        let created = append(key: UInt64(field) << 56 | UInt64(id))
        map[id] = Int32(created + 1)
        isNew = true
        return slots + created
    }

    /// Reads, ahead of their use, the slots of dense ids `ids` of `field`
    /// and the bytes their document and position streams write next.
    ///
    /// Why: adding a document touches the slot and the stream of every
    /// distinct word in it, each likely out of cache. Updated one after
    /// another, each miss waits for the previous word's work; read first in
    /// a loop of independent loads, the misses overlap in the CPU and the
    /// updates then find them in cache. The value read is kept in `warmed`
    /// only so the loads are not optimized away.
    func warm(field: UInt8, denseIDs ids: UnsafeBufferPointer<UInt64>) {
        let fieldIndex = Int(field)
        guard let map = direct[fieldIndex] else { return }
        let limit = directCapacity[fieldIndex]
        var sum: UInt64 = 0
        for id in ids where Int(id) < limit {
            let number = map[Int(id)]
            guard number != 0 else { continue }
            let slot = slots + Int(number - 1)
            sum &+= UInt64(slot.pointee.docs.writeAt.load(as: UInt8.self))
            if slot.pointee.positions.first != 0 {
                sum &+= UInt64(slot.pointee.positions.writeAt.load(as: UInt8.self))
            }
        }
        warmed = sum
    }

    /// See `warm`.
    private(set) var warmed: UInt64 = 0

    /// The slot of `key`; `isNew` as above.
    @inline(__always)
    func slot(for key: UInt64, isNew: inout Bool) -> UnsafeMutablePointer<Slot> {
        let stored = key &+ 1
        let mask = tableSize - 1
        var index = TermSlots.home(key, mask)
        while true {
            let found = table[index].key
            if found == stored {
                isNew = false
                return slots + Int(table[index].slot)
            }
            if found == 0 {
                if (tableCount + 1) * 2 > tableSize {
                    growTable()
                    return slot(for: key, isNew: &isNew)
                }
                let created = append(key: key)
                table[index] = (stored, Int32(created))
                tableCount += 1
                isNew = true
                return slots + created
            }
            index = (index + 1) & mask
        }
    }

    /// The key and state of slot `number` (0 ..< count).
    func slot(at number: Int) -> (key: UInt64, state: UnsafeMutablePointer<Slot>) {
        (slots[number].key, slots + number)
    }

    private func append(key: UInt64) -> Int {
        if count == capacity {
            let bigger = HugePages.allocate(Slot.self, count: capacity * 2)
            bigger.moveInitialize(from: slots, count: count)
            slots.deallocate()
            slots = bigger
            capacity *= 2
        }
        (slots + count).initialize(to: Slot(key: key))
        count += 1
        return count - 1
    }

    private func growDirect(_ field: Int, toHold id: Int) {
        var newCapacity = max(1024, directCapacity[field])
        while newCapacity <= id { newCapacity *= 2 }
        let bigger = HugePages.allocate(Int32.self, count: newCapacity)
        bigger.initialize(repeating: 0, count: newCapacity)
        if let old = direct[field] {
            bigger.update(from: old, count: directCapacity[field])
            old.deallocate()
        }
        direct[field] = bigger
        directCapacity[field] = newCapacity
    }

    private func growTable() {
        let old = table
        let oldSize = tableSize
        tableSize *= 2
        let mask = tableSize - 1
        table = HugePages.allocate((key: UInt64, slot: Int32).self, count: tableSize)
        table.initialize(repeating: (0, 0), count: tableSize)
        for index in 0..<oldSize where old[index].key != 0 {
            var target = TermSlots.home(old[index].key &- 1, mask)
            while table[target].key != 0 { target = (target + 1) & mask }
            table[target] = old[index]
        }
        old.deallocate()
    }
}
