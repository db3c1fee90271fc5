/// A key of a dictionary block, whose entries are prefix-compressed
/// (FORMAT.md): each keeps `prefix` bytes of the key before it and adds its
/// suffix. The key is rebuilt in place in one buffer kept from entry to
/// entry, and copied out only when an entry is handed out: a lookup passes
/// over half a block of keys before its own, and building each as an
/// array of its own was most of a query word's dictionary time.
struct PrefixKey {
    /// The key is `buffer[..<count]`; the buffer only grows.
    private var buffer = [UInt8](repeating: 0, count: 128)
    private(set) var count = 0

    /// Reads the next entry's key; an entry whose prefix is longer than
    /// the key before it is damage, reported as `tooLong(prefix, reader)`
    /// says (the reader just past the entry's key).
    mutating func read(
        from reader: inout ByteReader, tooLong: (_ prefix: Int, _ reader: ByteReader) -> StoreError
    ) throws(StoreError) {
        let prefix = try reader.varintInt()
        let suffix = try reader.bytes(try reader.varintInt())
        guard prefix <= count else { throw tooLong(prefix, reader) }
        let length = prefix + suffix.count
        if length > buffer.count { buffer += [UInt8](repeating: 0, count: length - buffer.count + 64) }
        if !suffix.isEmpty {
            buffer.withUnsafeMutableBytes {
                $0.baseAddress!.advanced(by: prefix).copyMemory(from: suffix.baseAddress!, byteCount: suffix.count)
            }
        }
        count = length
    }

    /// The key's first byte (its field), nil when it is empty.
    var first: UInt8? { count > 0 ? buffer[0] : nil }

    /// The key as an array of its own.
    var bytes: [UInt8] { Array(buffer[..<count]) }

    /// Whether the key sorts before `other` (`KeyOrder`).
    func precedes(_ other: [UInt8]) -> Bool {
        buffer.withUnsafeBytes { mine in
            other.withUnsafeBytes { KeyOrder.precedes(UnsafeRawBufferPointer(rebasing: mine[..<count]), $0) }
        }
    }

    func equals(_ other: [UInt8]) -> Bool { count == other.count && buffer[..<count].elementsEqual(other) }
}
