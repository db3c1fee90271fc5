import TracuuCore

/// A small direct-mapped cache of the most recently seen tokens in front of
/// the analyzer's full token table.
///
/// Why: a news corpus has hundreds of thousands of raw forms (names,
/// numbers, capitalizations), so the full table spans megabytes and nearly
/// every lookup there misses the CPU caches; but most tokens are a few
/// thousand frequent syllables. This cache keeps 4,096 of them, each with
/// its bytes inline (up to 15), in 128 KiB — one cache line per lookup.
final class HotTokenCache {
    private struct Entry {
        var hash: UInt32 = 0
        /// Term index + 1; 0 when empty.
        var term: Int32 = 0
        var length: UInt8 = 0
        var bytes: (UInt64, UInt64) = (0, 0)
    }

    static let size = 4096
    static let maxLength = 15
    private let entries: UnsafeMutablePointer<Entry>

    init() {
        entries = .allocate(capacity: HotTokenCache.size)
        entries.initialize(repeating: Entry(), count: HotTokenCache.size)
    }

    deinit { entries.deallocate() }

    /// The term index cached for `key`, or nil.
    @inline(__always)
    func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32) -> Int32? {
        guard key.count <= HotTokenCache.maxLength else { return nil }
        let entry = entries + (Int(hash) & (HotTokenCache.size - 1))
        guard entry.pointee.term != 0, entry.pointee.hash == hash, Int(entry.pointee.length) == key.count else {
            return nil
        }
        // Compare in place (the stored bytes are zero-padded to 16, so the
        // word loads of ByteTable.equal never leave the entry).
        let same = withUnsafePointer(to: &entry.pointee.bytes) { stored in
            ByteTable.equal(UnsafeRawPointer(stored).assumingMemoryBound(to: UInt8.self), key)
        }
        return same ? entry.pointee.term - 1 : nil
    }

    @inline(__always)
    func store(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32, term: Int32) {
        guard key.count <= HotTokenCache.maxLength else { return }
        entries[Int(hash) & (HotTokenCache.size - 1)] = Entry(
            hash: hash, term: term + 1, length: UInt8(key.count), bytes: HotTokenCache.pack(key))
    }

    func removeAll() {
        entries.update(repeating: Entry(), count: HotTokenCache.size)
    }

    /// The key's bytes in two words, zero-padded.
    @inline(__always)
    static func pack(_ key: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            if let base = key.baseAddress { raw.baseAddress!.copyMemory(from: base, byteCount: key.count) }
        }
        return words
    }
}
