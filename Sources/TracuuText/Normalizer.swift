internal import CTracuuICU
import TracuuCore

/// Unicode normalization through ICU.
///
/// Swift's own `String` compares canonically equivalent strings as equal but
/// keeps their bytes, and has no compatibility or case-folding forms; an index
/// needs one byte sequence per word, so analysis and storage go through ICU.
public enum Normalizer {
    public enum Form: Sendable {
        /// Canonical composition: what stored text is kept in.
        case nfc
        /// Canonical decomposition: base letters followed by combining marks.
        case nfd
        /// Compatibility composition: fullwidth letters, ligatures, NBSP → plain forms.
        case nfkc
        /// NFKC, full case folding and removal of default-ignorable code
        /// points (soft hyphens, zero-width joiners, BOMs): the form search
        /// terms are compared in.
        case nfkcCasefold

        var code: Int32 {
            switch self {
            case .nfc: Int32(CTracuuICU_NFC)
            case .nfd: Int32(CTracuuICU_NFD)
            case .nfkc: Int32(CTracuuICU_NFKC)
            case .nfkcCasefold: Int32(CTracuuICU_NFKC_CASEFOLD)
            }
        }
    }

    /// `text` in `form`. ASCII text is returned unchanged for NFC, NFD and
    /// NFKC (it is already in all three) without calling ICU.
    /// The corresponding ICU function is `unorm2_normalize`.
    public static func normalize(_ text: String, _ form: Form) -> String {
        if form == .nfc, isSurelyNFC(text) { return text }
        if form != .nfkcCasefold, text.utf8.allSatisfy({ $0 < 0x80 }) { return text }
        var utf8 = text
        return utf8.withUTF8 { normalize(bytes: UnsafeRawBufferPointer($0), form) }
    }

    /// Normalizes UTF-8 bytes (invalid sequences become U+FFFD).
    public static func normalize(bytes: UnsafeRawBufferPointer, _ form: Form) -> String {
        if bytes.isEmpty { return "" }
        var length: Int64 = 0
        var error: Int32 = 0
        let result = CTracuuICU_normalize(
            form.code, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), Int64(bytes.count), &length, &error)
        guard let result else {
            // Only allocation failure gets here for valid forms; keep the text.
            return String(decoding: bytes, as: UTF8.self)
        }
        defer { CTracuuICU_free(result) }
        return String(decoding: UnsafeBufferPointer(start: result, count: Int(length)), as: UTF8.self)
    }

    /// NFKC_Casefold of one word, as UTF-8: from `LatinLetters` when it is
    /// written in ASCII letters and digits and the Latin blocks, by ICU
    /// otherwise.
    public static func caseFoldedWord(_ word: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        if let folded = LatinLetters.shared.caseFolded(utf8: word) { return folded }
        return Array(normalize(bytes: UnsafeRawBufferPointer(word), .nfkcCasefold).utf8)
    }

    /// A quick check that text is NFC without asking ICU: true
    /// when every code point is one that NFC never changes and that nothing
    /// combines with — below U+0300 (Latin letters with their precomposed
    /// marks), Latin Extended Additional U+1E00–U+1EFF (the precomposed
    /// Vietnamese letters) and General Punctuation U+2002–U+206F (U+2000 and
    /// U+2001 are not: NFC maps them to U+2002 and U+2003). Almost all
    /// Vietnamese text passes, so the conversion to UTF-16 and back that ICU
    /// needs is skipped; text with a combining mark or another script is
    /// checked by ICU.
    ///
    /// Works on the UTF-8 bytes (a valid String's): lead bytes below 80
    /// (ASCII), C2–CB (U+0080–U+02FF), E1 B8–BB (U+1E00–U+1EFF) and E2 80–81
    /// (U+2000–U+207F, of which U+2070 on is refused); the rule is written
    /// in `CTracuuUTF8`, the C shim that runs it.
    static func isSurelyNFC(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isSurelyNFC(utf8: $0) }
    }

    /// NFC of well-formed UTF-8 bytes, as bytes: `utf8` itself when the
    /// quick check passes (nearly always), ICU's answer otherwise.
    public static func nfc(utf8: [UInt8]) -> [UInt8] {
        let surely = utf8.withUnsafeBufferPointer { isSurelyNFC(utf8: $0) }
        if surely { return utf8 }
        return utf8.withUnsafeBytes { Array(normalize(bytes: $0, .nfc).utf8) }
    }

    /// `isSurelyNFC` on the bytes of well-formed UTF-8, sixteen at a time
    /// with no branch on the text (`UTF8Validation.isSurelyNFC`): a loop
    /// over the bytes from CC up mispredicted at nearly every Vietnamese
    /// letter of Latin Extended Additional.
    static func isSurelyNFC(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool { UTF8Validation.isSurelyNFC(bytes) }

    /// Whether `text` is already in `form`. The corresponding ICU function is `unorm2_isNormalized`.
    public static func isNormalized(_ text: String, _ form: Form) -> Bool {
        if form != .nfkcCasefold, text.utf8.allSatisfy({ $0 < 0x80 }) { return true }
        var utf8 = text
        return utf8.withUTF8 { CTracuuICU_isNormalized(form.code, $0.baseAddress, Int64($0.count)) == 1 }
    }
}

/// Versions of the Unicode machinery, recorded in every index so that a
/// change of analysis behaviour is detectable.
public enum TextLibraries {
    /// ICU's version, e.g. "72.1".
    public static var icuVersion: String { String(cString: CTracuuICU_version()) }
    /// The Unicode version of ICU's data, e.g. "15.0".
    public static var unicodeVersion: String { String(cString: CTracuuICU_unicodeVersion()) }
}
