/// Bitsets kept as arrays of 64-bit words (bit `i` of word `w` stands for
/// `w * 64 + i`): a segment's deletions, a query's matching documents.
extension Array where Element == UInt64 {
    /// Words for `bitCount` bits, all clear.
    @inlinable
    public init(bitCount: Int) { self.init(repeating: 0, count: (bitCount + 63) / 64) }

    /// Whether bit `bit` is set. Inlinable: searches test it per document.
    @inlinable @inline(__always)
    public func containsBit(_ bit: Int) -> Bool { self[bit >> 6] & (1 << UInt64(bit & 63)) != 0 }

    @inlinable @inline(__always)
    public mutating func insertBit(_ bit: Int) { self[bit >> 6] |= 1 << UInt64(bit & 63) }

    @inlinable @inline(__always)
    public mutating func removeBit(_ bit: Int) { self[bit >> 6] &= ~(1 << UInt64(bit & 63)) }

    /// Calls `body` with every set bit's number, ascending.
    ///
    /// Inlinable: the counting pass of a search runs it over every match.
    @inlinable
    public func forEachSetBit<E: Error>(_ body: (Int) throws(E) -> Void) throws(E) {
        for (index, word) in enumerated() {
            var rest = word
            while rest != 0 {
                try body(index << 6 | rest.trailingZeroBitCount)
                rest &= rest - 1
            }
        }
    }
}
