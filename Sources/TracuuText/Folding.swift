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

    /// A fingerprint of a word's letters lower-cased, without marks and
    /// with "đ" (and "ð") as "d" (`print`), and of the same letters with a
    /// final "y" as "i" (`yAsI`, nil when the word does not end in "y"):
    /// nil unless the word is ASCII letters and letters of the Latin blocks
    /// that reduce to ASCII letters (no digits: a number's term drops dots
    /// and leading zeros). For such a word the letters are `folded` of its
    /// NFKC_Casefold, which its fold key is, or with a final "y" as "i" by
    /// the i/y rule. Fingerprints are `FoldPrint`s; the snippeter compares
    /// them with its query's to leave unanalyzed the words that cannot
    /// match. Worked out from tables, with no allocation.
    public static func plainFoldPrints(utf8 word: UnsafeBufferPointer<UInt8>) -> (print: UInt64, yAsI: UInt64?)? {
        LatinLetters.shared.plainFoldPrints(utf8: word)
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

/// FNV-1a over ASCII letters: what `Folding.plainFoldPrints` computes, for
/// the fold keys it is compared with.
public enum FoldPrint {
    public static let seed: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always)
    public static func adding(_ byte: UInt8, to print: UInt64) -> UInt64 { (print ^ UInt64(byte)) &* 0x100_0000_01B3 }

    public static func of(_ text: String) -> UInt64 { text.utf8.reduce(seed) { adding($1, to: $0) } }
}
