internal import CTracuuUTF8

/// Marks the bytes of UTF-8 text that stand in a word, a bit per byte,
/// judged from the bytes alone (which bytes: `CTracuuUTF8_wordBytes`).
///
/// Why: the tokenizer's fast path reads the end of a run of word characters
/// off these marks as a count of trailing bits. Walking the bytes with a
/// branch per byte mispredicted at every word's end, and Vietnamese words
/// end every few bytes. The marks are made sixteen bytes at a time.
public enum WordBytes {
    /// How many 64-bit words the marks of `count` bytes take.
    public static func markWords(count: Int) -> Int { (count + 63) / 64 }

    /// Sets bit i % 64 of `marks[i / 64]` for each byte i of `text` that
    /// stands in a word, and clears the others; `marks` holds
    /// `markWords(count: text.count)` words. The text's last byte is never
    /// set: it has no byte after it to be judged with.
    ///
    /// The corresponding C function is `CTracuuUTF8_wordBytes`.
    public static func mark(_ text: UnsafeBufferPointer<UInt8>, into marks: UnsafeMutablePointer<UInt64>) {
        guard let base = text.baseAddress else { return }
        CTracuuUTF8_wordBytes(base, text.count, marks)
    }

    /// The same marks one byte at a time (the tests' reference).
    ///
    /// The corresponding C function is `CTracuuUTF8_wordBytesScalar`.
    package static func markScalar(_ text: UnsafeBufferPointer<UInt8>, into marks: UnsafeMutablePointer<UInt64>) {
        guard let base = text.baseAddress else { return }
        CTracuuUTF8_wordBytesScalar(base, text.count, marks)
    }
}
