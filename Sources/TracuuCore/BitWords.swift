/// Bitsets kept as arrays of 64-bit words (bit `i` of word `w` stands for
/// `w * 64 + i`): a segment's deletions, a query's matching documents.
extension Array where Element == UInt64 {
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
