import TracuuCore

/// A small direct-mapped cache of the most recently seen tokens in front of
/// the analyzer's full token table, that also remembers each token's slot
/// in the document being analyzed.
///
/// Why: a news corpus has hundreds of thousands of raw forms (names,
/// numbers, capitalizations), so the full table spans megabytes and nearly
/// every lookup there misses the CPU caches; but most tokens are a few
/// thousand frequent syllables. This cache keeps 16,384 of them in 512 KiB
/// (two-way sets, 89 % of tokens on a 16,384-entry direct-mapped one),
/// each in 32 bytes: its bytes inline (up to 15, zero-padded: text tokens
/// never hold a zero byte, so the padding cannot be mistaken for a key),
/// its term, and the (document stamp, slot) pair the analyzer would
/// otherwise read from its per-term table. A token found here costs one
/// cache line: profiling showed the per-term table's load to be a sixth of
/// the analyzer's time.
final class HotTokenCache {
    struct Entry {
        var bytes: (UInt64, UInt64) = (0, 0)
        /// Term index + 1; 0 when empty.
        var term: Int32 = 0
        /// The analyzer's document stamp (high 32 bits) and the term's slot
        /// in that document (low 32 bits); stale when the stamp is old.
        var stampSlot: UInt64 = 0
    }

    static let size = 16384
    static let maxLength = 15
    /// Two-way sets: each pair of entries shares a 64-byte cache line, the
    /// most recently used first.
    private let entries: UnsafeMutablePointer<Entry>
    private let block: UnsafeMutableRawPointer

    /// Zeroed memory (an all-zero entry is empty), so a query's analyzer,
    /// which never uses this cache, never touches its pages.
    init() {
        (entries, block) = ZeroedMemory.allocate(Entry.self, count: HotTokenCache.size, alignment: 64)
    }

    deinit { ZeroedMemory.free(block) }

    /// A token's bytes as two zero-padded words. `readable` is how many
    /// bytes may be read from the token's start (it lies in a longer text):
    /// with 16, two word loads and a mask replace a copy.
    @inline(__always)
    static func pack(_ key: UnsafeBufferPointer<UInt8>, readable: Int) -> (UInt64, UInt64) {
        let count = key.count
        let raw = UnsafeRawPointer(key.baseAddress!)
        if readable >= 16 {
            let first = raw.loadUnaligned(as: UInt64.self)
            if count <= 8 {
                return (count == 8 ? first : first & ((1 &<< UInt64(count * 8)) &- 1), 0)
            }
            let second = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            return (first, second & ((1 &<< UInt64((count - 8) * 8)) &- 1))
        }
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: raw, byteCount: count) }
        return words
    }

    /// The first entry of the set a packed key hashes to.
    @inline(__always)
    static func set(_ words: (UInt64, UInt64)) -> Int {
        let mixed = (words.0 &* 0x9E37_79B9_7F4A_7C15) ^ (words.1 &* 0xC2B2_AE3D_27D4_EB4F)
        return Int(truncatingIfNeeded: mixed >> 51) & (HotTokenCache.size - 2)
    }

    /// The entry holding `words` (a key of at most `maxLength` bytes), or
    /// nil. A hit in the set's second way swaps it to the first.
    @inline(__always)
    func find(_ words: (UInt64, UInt64)) -> UnsafeMutablePointer<Entry>? {
        let first = entries + HotTokenCache.set(words)
        if first.pointee.bytes.0 == words.0 && first.pointee.bytes.1 == words.1 && first.pointee.term != 0 {
            return first
        }
        let second = first + 1
        guard second.pointee.bytes.0 == words.0 && second.pointee.bytes.1 == words.1 && second.pointee.term != 0 else {
            return nil
        }
        swap(&first.pointee, &second.pointee)
        return first
    }

    /// Stores `words` for `term` first in its set (the set's older entry
    /// moves second, its second is dropped).
    @inline(__always)
    func store(_ words: (UInt64, UInt64), term: Int32) -> UnsafeMutablePointer<Entry> {
        let first = entries + HotTokenCache.set(words)
        (first + 1).pointee = first.pointee
        first.pointee = Entry(bytes: words, term: term + 1, stampSlot: 0)
        return first
    }

    func removeAll() {
        entries.update(repeating: Entry(), count: HotTokenCache.size)
    }

    /// Forgets every remembered slot (the analyzer's stamps wrapped around).
    func clearSlots() {
        for index in 0..<HotTokenCache.size { entries[index].stampSlot = 0 }
    }
}
