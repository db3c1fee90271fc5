/// An open-addressing hash table from byte strings to small integers, with
/// its keys packed in one arena.
///
/// Why not `Dictionary<[UInt8], Int32>`: looking a token up would first copy
/// its bytes into a new array. Here the lookup hashes and compares the bytes
/// where they lie, so the analyzer's token cache and the segment builder's
/// term table (both hit for almost every token of a news corpus) allocate
/// nothing on a hit. Storage is manually managed memory owned by this class:
/// no copy-on-write, bounds or exclusivity checks on the hot path, which
/// profiling showed to cost more than the hashing itself.
///
/// - Complexity: lookups and inserts are O(key length) expected; the table
///   doubles when half full.
public final class ByteTable: @unchecked Sendable {
    /// One entry per key, in insertion order: where its bytes are and its value.
    private struct Entry {
        var start: Int32
        var length: Int32
        var value: Int32
    }

    private var arena: UnsafeMutablePointer<UInt8>
    private var arenaCapacity: Int
    private var arenaCount = 0
    private var entries: UnsafeMutablePointer<Entry>
    private var entryCapacity: Int
    public private(set) var count = 0
    /// Per slot: the key's hash, its value, and where its bytes are in the
    /// arena (length 0: an empty slot; keys are never empty in practice,
    /// and an empty key is kept apart). A lookup that finds its key reads
    /// the slot and the key's bytes, nothing else: with the entry in
    /// between, each miss in the CPU caches came three deep.
    private struct Slot {
        var hash: UInt32
        var value: Int32
        var start: Int32
        var length: Int32
    }

    private var slots: UnsafeMutablePointer<Slot>
    /// The `ZeroedMemory` block holding `slots` (an empty slot is all zeros).
    private var slotBlock: UnsafeMutableRawPointer
    /// The value of the empty key, if it was inserted.
    private var emptyKeyValue: Int32?
    private var slotCount: Int
    private var mask: Int

    public init(capacity: Int = 1 << 14) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slotCount = size
        mask = size - 1
        // Mapped up front, as when the table grows: each key probes a
        // slot anywhere in the table, so left to fault in on first touch
        // a fresh page was mapped twice (read, then written) by the first
        // lookup to land there. A search's query analyzer met a few such
        // pages with every new word, each fault some 10 µs on the
        // benchmark machine: nearly all of a one-word query's parse, 60
        // µs down to 5 once mapped.
        (slots, slotBlock) = ZeroedMemory.allocateForWriting(Slot.self, count: size)
        entryCapacity = max(16, capacity)
        entries = .allocate(capacity: entryCapacity)
        arenaCapacity = max(256, capacity * 8)
        arena = .allocate(capacity: arenaCapacity)
    }

    deinit {
        ZeroedMemory.free(slotBlock)
        entries.deallocate()
        arena.deallocate()
    }

    /// Bytes held by the table (for memory budgets).
    public var memoryBytes: Int { arenaCapacity + slotCount * 16 + entryCapacity * 12 }

    /// A fast hash for short byte strings (the keys are words): whole words
    /// of the key are loaded at once — for keys under 8 bytes, two
    /// overlapping 4-byte loads or three single bytes — and mixed with two
    /// multiplications, instead of one multiplication per byte as FNV does.
    /// Only used in memory, never stored, so it may change freely.
    @inline(__always)
    public static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let count = key.count
        guard let base = key.baseAddress, count > 0 else { return 0x9E37_79B9 }
        let raw = UnsafeRawPointer(base)
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        if count >= 8 {
            var index = 0
            while index + 8 < count {
                h = (h ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                h ^= h >> 31
                index += 8
            }
            h ^= raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else if count >= 4 {
            let low = UInt64(raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            h ^= low | high << 32
        } else {
            h ^= UInt64(base[0]) << 16 | UInt64(base[count >> 1]) << 8 | UInt64(base[count - 1])
        }
        h = (h ^ (h >> 32)) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        return UInt32(truncatingIfNeeded: h)
    }

    /// The value stored for `key`, or nil.
    public func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? { find(key, hash: ByteTable.hash(key)) }

    /// The value stored for `key` whose `hash` the caller computed already.
    @inline(__always)
    public func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32? {
        if key.isEmpty { return emptyKeyValue }
        var slot = Int(hash) & mask
        while true {
            let content = slots[slot]
            if content.length == 0 { return nil }
            if content.hash == hash && Int(content.length) == key.count
                && ByteTable.equal(arena + Int(content.start), key)
            {
                return content.value
            }
            slot = (slot + 1) & mask
        }
    }

    /// Byte equality for keys of the same length, by whole-word loads (with
    /// the same overlapping loads as `hash`): keys are words, mostly shorter
    /// than a call to memcmp is worth.
    @inline(__always)
    public static func equal(_ stored: UnsafePointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = key.baseAddress else { return true }
        let count = key.count
        let a = UnsafeRawPointer(stored)
        let b = UnsafeRawPointer(base)
        if count >= 8 {
            var index = 0
            while index + 8 < count {
                if a.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    != b.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                {
                    return false
                }
                index += 8
            }
            return a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(fromByteOffset: 0, as: UInt32.self) == b.loadUnaligned(fromByteOffset: 0, as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                    == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        return stored[0] == base[0] && stored[count >> 1] == base[count >> 1] && stored[count - 1] == base[count - 1]
    }

    /// Inserts a key known to be absent.
    public func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32, value: Int32) {
        if key.isEmpty { emptyKeyValue = value }
        if (count + 1) * 2 > slotCount { growSlots() }
        if count == entryCapacity { growEntries() }
        if arenaCount + key.count > arenaCapacity { growArena(arenaCount + key.count) }
        if let base = key.baseAddress { (arena + arenaCount).update(from: base, count: key.count) }
        entries[count] = Entry(start: Int32(arenaCount), length: Int32(key.count), value: value)
        if !key.isEmpty {
            place(Slot(hash: hash, value: value, start: Int32(arenaCount), length: Int32(key.count)))
        }
        arenaCount += key.count
        count += 1
    }

    /// The key of entry `entry` (entries are numbered in insertion order).
    public func key(at entry: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: arena + Int(entries[entry].start), count: Int(entries[entry].length))
    }

    public func value(at entry: Int) -> Int32 { entries[entry].value }

    public func removeAll() {
        slots.update(repeating: Slot(hash: 0, value: 0, start: 0, length: 0), count: slotCount)
        emptyKeyValue = nil
        count = 0
        arenaCount = 0
    }

    @inline(__always)
    private func place(_ content: Slot) {
        var slot = Int(content.hash) & mask
        while slots[slot].length != 0 { slot = (slot + 1) & mask }
        slots[slot] = content
    }

    private func growSlots() {
        let old = slots
        let oldBlock = slotBlock
        let oldCount = slotCount
        slotCount *= 2
        mask = slotCount - 1
        (slots, slotBlock) = ZeroedMemory.allocateForWriting(Slot.self, count: slotCount)
        for index in 0..<oldCount where old[index].length != 0 { place(old[index]) }
        ZeroedMemory.free(oldBlock)
    }

    private func growEntries() {
        let newCapacity = entryCapacity * 2
        let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: newCapacity)
        bigger.moveInitialize(from: entries, count: count)
        entries.deallocate()
        entries = bigger
        entryCapacity = newCapacity
    }

    private func growArena(_ needed: Int) {
        var newCapacity = arenaCapacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.moveInitialize(from: arena, count: arenaCount)
        arena.deallocate()
        arena = bigger
        arenaCapacity = newCapacity
    }
}
