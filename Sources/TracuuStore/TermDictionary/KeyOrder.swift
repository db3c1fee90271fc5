import Glibc

/// The order of term keys everywhere in the index (FORMAT.md): by bytes,
/// then the shorter first. One comparison on raw bytes, so the sort that
/// writes a dictionary and the lookups that read one cannot disagree, and
/// neither pays for the standard library's element-by-element
/// `lexicographicallyPrecedes`.
enum KeyOrder {
    @inline(__always)
    static func precedes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let common = min(a.count, b.count)
        let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
        return order != 0 ? order < 0 : a.count < b.count
    }
}
