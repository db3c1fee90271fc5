/// An append-only byte buffer with the encodings of FORMAT.md: LEB128
/// varints, little-endian fixed-width integers, length-prefixed strings.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    public var count: Int { bytes.count }

    @inline(__always)
    public mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    @inline(__always)
    public mutating func varint(_ value: Int) { varint(UInt64(value)) }

    public mutating func u8(_ value: UInt8) { bytes.append(value) }

    public mutating func u16(_ value: UInt16) { fixed(UInt64(value), 2) }
    public mutating func u32(_ value: UInt32) { fixed(UInt64(value), 4) }
    public mutating func u64(_ value: UInt64) { fixed(value, 8) }
    public mutating func i64(_ value: Int64) { fixed(UInt64(bitPattern: value), 8) }

    /// The low `width` bytes of `value`, little-endian.
    public mutating func fixed(_ value: UInt64, _ width: Int) {
        for shift in 0..<width { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(shift)))) }
    }

    public mutating func append<C: Collection>(_ other: C) where C.Element == UInt8 { bytes.append(contentsOf: other) }

    /// varint length, then the bytes.
    public mutating func string(_ value: String) {
        varint(value.utf8.count)
        bytes.append(contentsOf: value.utf8)
    }

    public mutating func lengthPrefixed<C: Collection>(_ value: C) where C.Element == UInt8 {
        varint(value.count)
        bytes.append(contentsOf: value)
    }

    public mutating func padTo(multipleOf alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }

    public mutating func removeAll(keepingCapacity: Bool = true) { bytes.removeAll(keepingCapacity: keepingCapacity) }

    public mutating func take() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }
}

extension Array where Element == UInt8 {
    /// Appends `value` as an unsigned LEB128 varint.
    @inline(__always)
    mutating func appendVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        append(UInt8(v))
    }
}
