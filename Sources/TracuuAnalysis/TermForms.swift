import TracuuText

/// The forms of a word that matching compares.
///
/// - The **term** is what the index stores: NFKC with full case folding (so
///   fullwidth letters, NBSP-split forms, ligatures and case all collapse),
///   default-ignorables removed, and "ð" (U+00F0, the lower case of the "Ð"
///   U+00D0 that old Vietnamese sites typed for "Đ") read as "đ". Tone-mark
///   placement is kept as written, so "hoà" and "hòa" are two terms that
///   `MatchTier.variant` joins at query time.
/// - The **unaccented key** drops every tone and vowel mark but keeps "đ":
///   "không dấu" text.
/// - The **fold key** also turns "đ" into "d": the widest net, and the key of
///   the index's fold map (term groups that share a fold key).
public enum TermForms {
    /// The index term for a raw token (UTF-8 bytes as they appear in the text).
    public static func term(raw: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        if let number = number(raw) { return number }
        if raw.allSatisfy({ $0 < 0x80 }) {
            return raw.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        }
        return replacingEth(Normalizer.caseFoldedWord(raw))
    }

    /// Numbers are written many ways: "1.221" and "1221" (thousands dots),
    /// "04" and "4" (leading zeros of dates and document numbers). Their term
    /// drops both, so any spelling finds the others; a decimal comma stays.
    static func number(_ raw: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let first = raw.first, first >= 0x30, first <= 0x39,
            raw.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2C })
        else { return nil }
        var digits = raw.filter { $0 != 0x2E }
        var leading = 0
        while leading < digits.count - 1, digits[leading] == 0x30, digits[leading + 1] != 0x2C { leading += 1 }
        digits.removeFirst(leading)
        return digits
    }

    /// The index term for a word given as a string (queries, tests).
    public static func term(_ word: String) -> String {
        var copy = word
        let bytes = copy.withUTF8 { term(raw: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The term with every combining mark removed, "đ" kept, and the i/y
    /// spelling rule applied ("lý" → "li").
    public static func unaccentedKey(_ term: String) -> String {
        let unmarked = Folding.removingMarks(term)
        return mayTakeIY(unmarked) ? Folding.removingMarks(VietnameseSpelling.canonicalIY(term)) : unmarked
    }

    /// The fold-map key: marks removed, "đ" read as "d", a lone "y" after a
    /// consonant read as "i". Every form a query word could match shares it.
    /// (Terms are case-folded already, so only lower-case letters occur.)
    public static func foldKey(_ term: String) -> String {
        let folded = Folding.folded(term)
        return mayTakeIY(folded) ? Folding.folded(VietnameseSpelling.canonicalIY(term)) : folded
    }

    /// Whether the i/y rule could change a word with these letters (marks
    /// removed). The rule rewrites only a final "y" that is the whole vowel:
    /// after a consonant ("kỹ", "lý", "ty"), or after the "qu" and "gi"
    /// that own their "u" and "i" ("quy"). A "y" in a diphthong ("thủy",
    /// "hay", "tây") or inside the word ("tuyên", "yêu") never changes, and
    /// a word without one has the keys of its letters as written. Only the
    /// few words this lets through pay for the rule's syllable parse (two
    /// ICU normalizations, most of a new word's cost in a search process's
    /// snippets and aliases). The check is wider than the rule ("squy"
    /// passes it), never narrower.
    static func mayTakeIY(_ unmarked: String) -> Bool {
        let letters = unmarked.utf8
        guard letters.count >= 2, letters.last == UInt8(ascii: "y") else { return false }
        let end = letters.endIndex
        let before = letters[letters.index(end, offsetBy: -2)]
        if !"aeiouy".utf8.contains(before) { return true }
        guard letters.count >= 3 else { return false }
        let first = letters[letters.index(end, offsetBy: -3)]
        return (first == UInt8(ascii: "q") && before == UInt8(ascii: "u"))
            || (first == UInt8(ascii: "g") && before == UInt8(ascii: "i"))
    }

    /// Fold key from and to UTF-8 bytes (the index's currency). Plain ASCII
    /// is its own key unless it holds a "y", which the i/y rule may read as
    /// "i" ("ky" is "kì"'s and "ký"'s key, "ki"; the shortcut used to keep
    /// "ky", so "hoa ky" typed in an article was out of "Hoa Kỳ"'s group).
    public static func foldKey(bytes: [UInt8]) -> [UInt8] {
        if bytes.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "y") }) { return bytes }
        return Array(foldKey(String(decoding: bytes, as: UTF8.self)).utf8)
    }

    /// True when a term carries no Vietnamese marks at all: a query word typed
    /// without tones ("ngoai"), which every toned form matches equally well.
    ///
    /// Compared as bytes: `==` on a String with marks takes the normalizing
    /// comparison, whose first use in a process cost the Swift runtime a
    /// scan of the binary's conformance records (the term is the
    /// analyzer's, NFC, so bytes decide).
    public static func isBare(_ term: String) -> Bool { Folding.folded(term).utf8.elementsEqual(term.utf8) }

    /// The letters of a term as written, without marks and with "đ" as "d"
    /// (no i/y rule): what a word typed without tones literally spells.
    public static func letters(_ term: String) -> String { Folding.folded(term) }

    /// ð (U+00F0) is what NFKC_Casefold makes of Ð (U+00D0); Vietnamese text
    /// only ever meant đ (U+0111) by either.
    static func replacingEth(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(0xC3) else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0xC3, i + 1 < bytes.count, bytes[i + 1] == 0xB0 {
                out.append(0xC4)
                out.append(0x91)
                i += 2
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }
}
