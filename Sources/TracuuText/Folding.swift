/// Diacritic folding: the letters of a word without its marks.
///
/// Shared by analysis (fold keys of index terms) and ingestion (recognizing
/// page furniture such as "Các tin khác" however it is accented or cased), so
/// both read "không dấu" text the same way.
public enum Folding {
    /// `text` with every combining mark removed after canonical
    /// decomposition; "đ" is kept. ASCII text is returned as is.
    public static func removingMarks(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        let decomposed = Normalizer.normalize(text, .nfd)
        var scalars = String.UnicodeScalarView()
        for scalar in decomposed.unicodeScalars where !isCombiningMark(scalar) {
            scalars.append(scalar)
        }
        return Normalizer.normalize(String(scalars), .nfc)
    }

    /// `text` without marks and with "đ"/"Đ" (and the look-alike "ð"/"Ð")
    /// read as "d"/"D".
    public static func folded(_ text: String) -> String {
        let unmarked = removingMarks(text)
        if unmarked.utf8.allSatisfy({ $0 < 0x80 }) { return unmarked }
        var scalars = String.UnicodeScalarView()
        for scalar in unmarked.unicodeScalars {
            switch scalar {
            case "đ", "ð": scalars.append("d")
            case "Đ", "Ð": scalars.append("D")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Case-folded, mark-free, whitespace-collapsed: the form in which fixed
    /// phrases ("các tin khác") are recognized.
    public static func matchKey(_ text: String) -> String {
        // Latin text, Vietnamese included, goes through a table of each
        // letter's key: the extractor asks this of every short block.
        if let key = ScalarKeys.shared.matchKey(text) { return key }
        return generalMatchKey(text)
    }

    /// `matchKey` by ICU, for any text: NFKC case folding, marks removed,
    /// whitespace collapsed.
    static func generalMatchKey(_ text: String) -> String {
        let folded = folded(Normalizer.normalize(text, .nfkcCasefold))
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    public static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        (0x300...0x36F).contains(scalar.value) || (0x1AB0...0x1AFF).contains(scalar.value)
            || (0x1DC0...0x1DFF).contains(scalar.value) || (0x20D0...0x20FF).contains(scalar.value)
    }
}

/// The match key of each code point in the blocks Latin and Vietnamese text
/// is written in (U+0000–U+036F, U+1E00–U+1EFF, U+2000–U+20CF), worked out
/// once by `Folding.generalMatchKey`'s own steps. A key of such text is its
/// code points' keys in a row: NFKC composes nothing across these blocks that
/// would not be taken apart again when marks are removed. That saves three
/// ICU round trips through UTF-16 and a walk over grapheme clusters per call.
struct ScalarKeys: Sendable {
    static let shared = ScalarKeys()

    private static let ranges: [ClosedRange<UInt32>] = [0x0000...0x036F, 0x1E00...0x1EFF, 0x2000...0x20CF]

    /// Per code point: where its key starts in `bytes` and how long it is;
    /// `length == spaceMark` for whitespace, `unsupported` for a key that
    /// holds a space inside (left to the general path).
    private var starts: [UInt32] = []
    private var lengths: [UInt8] = []
    private var bytes: [UInt8] = []
    private static let spaceMark: UInt8 = 0xFE
    private static let unsupported: UInt8 = 0xFF

    private init() {
        for range in ScalarKeys.ranges {
            for value in range {
                starts.append(UInt32(bytes.count))
                guard let scalar = Unicode.Scalar(value) else {
                    lengths.append(ScalarKeys.unsupported)
                    continue
                }
                let key = Folding.folded(Normalizer.normalize(String(scalar), .nfkcCasefold))
                if key.isEmpty {
                    lengths.append(0)
                } else if key.allSatisfy(\.isWhitespace) {
                    lengths.append(ScalarKeys.spaceMark)
                } else if key.contains(where: \.isWhitespace) || key.utf8.count >= Int(ScalarKeys.spaceMark) {
                    lengths.append(ScalarKeys.unsupported)
                } else {
                    lengths.append(UInt8(key.utf8.count))
                    bytes.append(contentsOf: key.utf8)
                }
            }
        }
    }

    private func slot(_ value: UInt32) -> Int? {
        if value <= 0x036F { return Int(value) }
        if value >= 0x1E00 && value <= 0x1EFF { return 0x370 + Int(value - 0x1E00) }
        if value >= 0x2000 && value <= 0x20CF { return 0x370 + 0x100 + Int(value - 0x2000) }
        return nil
    }

    /// The match key, or nil when `text` has a code point outside the table.
    func matchKey(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            guard let slot = slot(scalar.value) else { return nil }
            let length = lengths[slot]
            switch length {
            case 0: continue
            case ScalarKeys.spaceMark:
                pendingSpace = !out.isEmpty
                continue
            case ScalarKeys.unsupported: return nil
            default: break
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            let start = Int(starts[slot])
            out.append(contentsOf: bytes[start..<start + Int(length)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
