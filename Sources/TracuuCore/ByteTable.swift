/// An open-addressing hash table from byte strings to small integers, with
/// its keys packed in one arena.
///
/// Why not `Dictionary<[UInt8], Int32>`: looking a token up would first copy
/// its bytes into a new array. Here the lookup hashes and compares the bytes
/// where they lie, so the analyzer's token cache and the segment builder's
/// term table (both hit for almost every token of a news corpus) allocate
/// nothing on a hit.
///
/// - Complexity: lookups and inserts are O(key length) expected; the table
///   doubles when half full.
public struct ByteTable: Sendable {
    private var arena: [UInt8] = []
    private var keyStart: [Int32] = []
    private var keyLength: [Int32] = []
    private var hashes: [UInt32] = []
    public private(set) var values: [Int32] = []
    /// Entry index + 1, or 0 for an empty slot.
    private var slots: [Int32]
    private var mask: Int

    public init(capacity: Int = 1 << 14) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    public var count: Int { values.count }

    /// Bytes held by the table (for memory budgets).
    public var memoryBytes: Int { arena.capacity + slots.count * 4 + values.count * 16 }

    /// FNV-1a over the bytes: cheap, and good enough for the short keys of
    /// words and tokens.
    @inline(__always)
    public static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for byte in key {
            h ^= UInt32(byte)
            h = h &* 0x0100_0193
        }
        return h
    }

    /// The value stored for `key` whose `hash` the caller computed already.
    public func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32? {
        var slot = Int(hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { return nil }
            if hashes[entry - 1] == hash && equal(entry - 1, key) { return values[entry - 1] }
            slot = (slot + 1) & mask
        }
    }

    /// The value stored for `key`, or nil.
    public func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? { find(key, hash: ByteTable.hash(key)) }

    /// Inserts a key known to be absent.
    public mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32, value: Int32) {
        if (values.count + 1) * 2 > slots.count { grow() }
        keyStart.append(Int32(arena.count))
        keyLength.append(Int32(key.count))
        arena.append(contentsOf: key)
        hashes.append(hash)
        values.append(value)
        place(values.count - 1)
    }

    public func key(at entry: Int) -> ArraySlice<UInt8> {
        let start = Int(keyStart[entry])
        return arena[start..<start + Int(keyLength[entry])]
    }

    public mutating func removeAll() {
        arena.removeAll(keepingCapacity: true)
        keyStart.removeAll(keepingCapacity: true)
        keyLength.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        for i in slots.indices { slots[i] = 0 }
    }

    private func equal(_ entry: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(keyLength[entry]) == key.count else { return false }
        let start = Int(keyStart[entry])
        return arena.withUnsafeBufferPointer { stored in
            key.count == 0 || memcmp(stored.baseAddress! + start, key.baseAddress!, key.count) == 0
        }
    }

    private mutating func place(_ entry: Int) {
        var slot = Int(hashes[entry]) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entry + 1)
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for entry in values.indices { place(entry) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
