import TracuuCore

// Small text clean-ups every extractor uses: white space collapsed the way a
// browser shows it, and edges trimmed of a set of characters.

/// Collapses runs of white space (NBSP included) into one space and trims.
func collapseWhitespace(_ text: String) -> String {
    var text = text
    return text.withUTF8 { collapseWhitespace(bytes: $0).text }
}

/// `collapseWhitespace` over UTF-8 bytes, also counting the scalars of the
/// result (the HTML walk gathers a block's bytes and needs both).
func collapseWhitespace(bytes: UnsafeBufferPointer<UInt8>) -> (text: String, scalars: Int) {
    // Works on UTF-8 bytes: iterating Characters (grapheme clusters) made
    // this a tenth of extraction time. Every white-space scalar of Unicode
    // is matched by its encoding, plus the zero-width space and BOM.
    var output = [UInt8]()
    output.reserveCapacity(bytes.count)
    var scalars = 0
    var pendingSpace = false
    var i = 0
    let count = bytes.count
    while i < count {
        let byte = bytes[i]
        var width = 0
        if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
            width = 1
        } else if byte == 0xC2, i + 1 < count, bytes[i + 1] == 0x85 || bytes[i + 1] == 0xA0 {
            width = 2
        } else if byte == 0xC2, i + 1 < count, bytes[i + 1] == 0xAD {
            // A soft hyphen marks where a word may break; it is not a
            // character of the word ("can\u{AD}di\u{AD}da\u{AD}ture").
            i += 2
            continue
        } else if byte == 0xE1, i + 2 < count, bytes[i + 1] == 0x9A, bytes[i + 2] == 0x80 {
            width = 3
        } else if byte == 0xE2, i + 2 < count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x8C || bytes[i + 2] == 0x8D {
            // Zero-width (non-)joiners: invisible, and not word breaks.
            i += 3
            continue
        } else if byte == 0xE2, i + 2 < count {
            let b1 = bytes[i + 1]
            let b2 = bytes[i + 2]
            // U+2000–U+200B, U+2028, U+2029, U+202F, U+205F
            if (b1 == 0x80 && (b2 <= 0x8B || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF)) || (b1 == 0x81 && b2 == 0x9F) {
                width = 3
            }
        } else if byte == 0xE3, i + 2 < count, bytes[i + 1] == 0x80, bytes[i + 2] == 0x80 {
            width = 3
        } else if byte == 0xEF, i + 2 < count, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF {
            width = 3
        }
        if width > 0 {
            pendingSpace = !output.isEmpty
            i += width
            continue
        }
        if pendingSpace {
            output.append(0x20)
            scalars += 1
            pendingSpace = false
        }
        output.append(byte)
        if byte & 0xC0 != 0x80 { scalars += 1 }
        i += 1
    }
    return (String(decoding: output, as: UTF8.self), scalars)
}

extension String {
    /// The text without leading and trailing characters from `set`, which
    /// is compared scalar by scalar (every character in these sets is one).
    func trimmingCharacters(in set: String) -> String { trimmingScalars(Set(set.unicodeScalars)) }

    func trimmingScalars(_ trim: Set<Unicode.Scalar>) -> String { trimmed { trim.contains($0) } }
}
