/// Reads the encodings of FORMAT.md from a region of bytes, checking every
/// read against the region's end.
///
/// A damaged file must produce a clean `StoreError` naming it, never a crash
/// or a read past the mapping, so every accessor is bounds-checked and
/// throws. The checks cost one comparison per read.
public struct ByteReader {
    public let base: UnsafeRawPointer
    public let end: Int
    public var offset: Int
    /// The file name, for error messages.
    public let file: String

    public init(_ buffer: UnsafeRawBufferPointer, offset: Int = 0, end: Int? = nil, file: String) {
        self.init(
            base: buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, offset: offset, end: end ?? buffer.count, file: file)
    }

    /// A reader of `base[offset..<end]`, for a caller that keeps a
    /// mapping's address (and checked `end` against the mapping).
    @inline(__always)
    public init(base: UnsafeRawPointer, offset: Int, end: Int, file: String) {
        self.base = base
        self.end = end
        self.offset = offset
        self.file = file
    }

    public var remaining: Int { end - offset }
    public var isAtEnd: Bool { offset >= end }

    @inline(__always)
    public mutating func varint() throws(StoreError) -> UInt64 {
        // One byte first, on its own: nearly every doc code and position gap
        // is one, and this path has no loop to enter (a sixth fewer
        // instructions decoding a query word's postings).
        if offset < end {
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            if byte < 0x80 {
                offset &+= 1
                return UInt64(byte)
            }
        }
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { throw overrun("varint") }
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
            guard shift < 64 else { throw StoreError.corrupt(file, "varint longer than 10 bytes at offset \(offset)") }
        }
    }

    /// Skips `count` varints without decoding them: each ends at its one
    /// byte below 0x80. (Positions of the documents a cursor passes over.)
    @inline(__always)
    public mutating func skipVarints(_ count: Int) throws(StoreError) {
        var left = count
        // Eight bytes at a time while the varints to skip end past them:
        // the count of bytes below 0x80 in a word is a popcount.
        while offset + 8 <= end {
            let word = base.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let ends = (~word & 0x8080_8080_8080_8080).nonzeroBitCount
            guard ends < left else { break }
            left -= ends
            offset += 8
        }
        while left > 0 {
            guard offset < end else { throw overrun("varint") }
            if base.load(fromByteOffset: offset, as: UInt8.self) < 0x80 { left -= 1 }
            offset += 1
        }
    }

    @inline(__always)
    public mutating func varintInt() throws(StoreError) -> Int {
        let value = try varint()
        guard value <= UInt64(Int32.max) * 1024 else {
            throw StoreError.corrupt(file, "value \(value) out of range at offset \(offset)")
        }
        return Int(value)
    }

    public mutating func u8() throws(StoreError) -> UInt8 { UInt8(try fixed(1)) }
    public mutating func u16() throws(StoreError) -> UInt16 { UInt16(try fixed(2)) }
    @inline(__always) public mutating func u32() throws(StoreError) -> UInt32 { UInt32(try fixed(4)) }
    public mutating func u64() throws(StoreError) -> UInt64 { try fixed(8) }
    public mutating func i64() throws(StoreError) -> Int64 { Int64(bitPattern: try fixed(8)) }

    @inline(__always)
    public mutating func fixed(_ width: Int) throws(StoreError) -> UInt64 {
        guard offset + width <= end else { throw overrun("\(width)-byte integer") }
        // The widths the format uses, as one load each (a byte loop was
        // most of the time a search process spent opening an index: every
        // term-dictionary block carries a 4-byte checksum).
        switch width {
        case 4:
            defer { offset += 4 }
            return UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        case 8:
            defer { offset += 8 }
            return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        default: break
        }
        var value: UInt64 = 0
        for i in 0..<width {
            value |= UInt64(base.load(fromByteOffset: offset + i, as: UInt8.self)) << (8 * UInt64(i))
        }
        offset += width
        return value
    }

    @inline(__always)
    public mutating func bytes(_ count: Int) throws(StoreError) -> UnsafeRawBufferPointer {
        guard count >= 0, offset + count <= end else { throw overrun("\(count) bytes") }
        defer { offset += count }
        return UnsafeRawBufferPointer(start: base + offset, count: count)
    }

    public mutating func string() throws(StoreError) -> String {
        let length = try varintInt()
        return String(decoding: try bytes(length), as: UTF8.self)
    }

    @inline(__always)
    public mutating func skip(_ count: Int) throws(StoreError) {
        guard count >= 0, offset + count <= end else { throw overrun("skip of \(count) bytes") }
        offset += count
    }

    func overrun(_ what: String) -> StoreError {
        StoreError.corrupt(file, "reading \(what) at offset \(offset) runs past the end (\(end))")
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for bodies that throw `StoreError` (the standard
    /// library's version rethrows untyped errors).
    func withStoreBytes<R>(_ body: (UnsafeRawBufferPointer) throws(StoreError) -> R) throws(StoreError) -> R {
        var outcome: Result<R, StoreError>?
        withUnsafeBytes { raw in
            do throws(StoreError) {
                outcome = .success(try body(raw))
            } catch {
                outcome = .failure(error)
            }
        }
        return try outcome!.get()
    }
}
