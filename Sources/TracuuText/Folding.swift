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
        var copy = text
        if let unmarked = copy.withUTF8({ LatinLetters.shared.unmarked(utf8: $0) }) {
            return String(decoding: unmarked, as: UTF8.self)
        }
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
