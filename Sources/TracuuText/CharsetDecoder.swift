internal import CTracuuICU

/// Turns the bytes of a page or text file into NFC text.
///
/// The order of evidence follows the HTML standard's encoding sniffing, with
/// one change that real Vietnamese pages need: bytes that are valid UTF-8 are
/// read as UTF-8 even when a `<meta>` says otherwise or comes too late
/// (VnExpress puts its UTF-8 `<title>` before `<meta charset>`).
///
/// 1. a byte-order mark;
/// 2. the transport's label (HTTP `Content-Type`), when given;
/// 3. valid UTF-8;
/// 4. the legacy Vietnamese font encodings TCVN3 and VNI (`LegacyVietnamese`),
///    unless the page declares a Vietnamese charset;
/// 5. a `<meta charset>` / `http-equiv` declaration in the first 8 KiB;
/// 6. ICU's charset detector;
/// 7. windows-1258, the Vietnamese Windows code page.
public enum CharsetDecoder {
    /// The decoded text and how its charset was chosen.
    public struct Decoded: Sendable {
        public var text: String
        /// The charset used ("UTF-8", "windows-1258", ...).
        public var charset: String
        public var evidence: Evidence
    }

    public enum Evidence: String, Sendable {
        case byteOrderMark = "bom"
        case transport = "http"
        case validUTF8 = "utf-8"
        case declared = "meta"
        case detected = "detected"
        /// A legacy Vietnamese font encoding (TCVN3, VNI), by font name or byte patterns.
        case legacyFont = "legacy-font"
        case fallback = "fallback"
    }

    /// Decodes `bytes`. `transportCharset` is the HTTP header's charset, if any;
    /// `lookForMeta` enables step 4 (for HTML). Never fails: bytes that fit no
    /// charset become U+FFFD.
    ///
    /// `normalize: false` leaves NFC to the caller: the HTML extractor
    /// normalizes only the text it keeps, not the whole page's markup.
    public static func decode(
        _ bytes: [UInt8], transportCharset: String? = nil, lookForMeta: Bool = false, normalize: Bool = true
    ) -> Decoded {
        var decoded = decodeAsIs(bytes, transportCharset: transportCharset, lookForMeta: lookForMeta)
        if normalize { decoded.text = Normalizer.normalize(decoded.text, .nfc) }
        return decoded
    }

    private static func decodeAsIs(_ bytes: [UInt8], transportCharset: String?, lookForMeta: Bool) -> Decoded {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return finish(String(decoding: bytes.dropFirst(3), as: UTF8.self), "UTF-8", .byteOrderMark)
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return finish(convert(Array(bytes.dropFirst(2)), from: "UTF-16LE") ?? "", "UTF-16LE", .byteOrderMark)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return finish(convert(Array(bytes.dropFirst(2)), from: "UTF-16BE") ?? "", "UTF-16BE", .byteOrderMark)
        }
        // One validating pass: the String is built while the bytes are checked.
        let asUTF8 = String(validating: bytes, as: UTF8.self)
        let isUTF8 = asUTF8 != nil
        if let label = transportCharset, let name = canonicalName(label), !(isUTF8 && name != "UTF-8") {
            if let text = decode(bytes, as: name) { return finish(text, name, .transport) }
        }
        if let asUTF8 {
            if let legacy = LegacyVietnamese.detect(text: asUTF8) {
                return finish(LegacyVietnamese.convert(asUTF8, legacy), legacy.rawValue, .legacyFont)
            }
            return finish(asUTF8, "UTF-8", .validUTF8)
        }
        let declared = lookForMeta ? declaredCharset(in: bytes).flatMap(canonicalName) : nil
        // TCVN3 and VNI pages declare a Western charset (or none) and rely
        // on their fonts; a page declaring a Vietnamese charset is trusted.
        if declared.map({ !$0.lowercased().contains("1258") && !$0.lowercased().contains("viscii") }) ?? true,
            let legacy = LegacyVietnamese.detect(bytes)
        {
            return finish(LegacyVietnamese.decode(bytes, legacy), legacy.rawValue, .legacyFont)
        }
        if let name = declared, name != "UTF-8" {
            if let text = decode(bytes, as: name) { return finish(text, name, .declared) }
        }
        // A page that says UTF-8 and mostly is (a few broken bytes from a
        // pasted snippet or a cut-off comment) is UTF-8, as browsers read it.
        if declared == "UTF-8" && mostlyUTF8(bytes) {
            return finish(String(decoding: bytes, as: UTF8.self), "UTF-8", .declared)
        }
        if let (name, confidence) = detect(bytes), confidence >= 50, name != "UTF-8",
            let text = decode(bytes, as: name)
        {
            return finish(text, name, .detected)
        }
        let text = convert(bytes, from: "windows-1258") ?? String(decoding: bytes, as: UTF8.self)
        return finish(text, "windows-1258", .fallback)
    }

    /// True when the bytes hold more well-formed multi-byte UTF-8 sequences
    /// than bytes that fit no sequence: mostly UTF-8, with a few errors.
    static func mostlyUTF8(_ bytes: [UInt8]) -> Bool {
        var valid = 0
        var invalid = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead <= 0xDF ? 2 : 0
            var good = length > 0 && index + length <= count
            if good {
                for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 {
                    good = false
                    break
                }
            }
            if good {
                valid += 1
                index += length
            } else {
                invalid += 1
                index += 1
            }
        }
        return valid > invalid
    }

    /// ICU's canonical name for a charset label, or nil when unknown.
    /// The corresponding ICU function is `ucnv_getAlias`.
    public static func canonicalName(_ label: String) -> String? {
        let trimmed = label.trimmingASCIIWhitespaceAndQuotes().lowercased()
        guard !trimmed.isEmpty else { return nil }
        // WHATWG maps these Latin-1 labels to windows-1252; so do browsers.
        if ["iso-8859-1", "latin1", "us-ascii", "ascii", "iso8859-1"].contains(trimmed) { return "windows-1252" }
        if ["utf8", "utf-8", "unicode-1-1-utf-8"].contains(trimmed) { return "UTF-8" }
        guard let name = CTracuuICU_canonicalCharsetName(trimmed) else { return nil }
        let canonical = String(cString: name)
        return canonical == "UTF-8" ? "UTF-8" : canonical
    }

    /// Finds a `<meta charset=…>` or `<meta http-equiv content="…; charset=…">`
    /// label in the first 8 KiB, by a byte scan (the page is not decoded yet).
    public static func declaredCharset(in bytes: [UInt8]) -> String? {
        let head = bytes.prefix(8192).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let needle = Array("charset".utf8)
        var index = head.startIndex
        while let found = head[index...].firstRange(of: needle) {
            var cursor = found.upperBound
            while cursor < head.endIndex, head[cursor] == 0x20 { cursor += 1 }
            index = found.upperBound
            guard cursor < head.endIndex, head[cursor] == UInt8(ascii: "=") else { continue }
            cursor += 1
            while cursor < head.endIndex, [0x20, 0x22, 0x27].contains(head[cursor]) { cursor += 1 }
            let start = cursor
            while cursor < head.endIndex, head[cursor] > 0x20, ![0x22, 0x27, 0x3B, 0x3E, 0x2F].contains(head[cursor]) {
                cursor += 1
            }
            if cursor > start { return String(decoding: head[start..<cursor], as: UTF8.self) }
        }
        return nil
    }

    static func decode(_ bytes: [UInt8], as name: String) -> String? {
        name == "UTF-8" ? String(decoding: bytes, as: UTF8.self) : convert(bytes, from: name)
    }

    /// The corresponding ICU functions are `ucnv_open` and `ucnv_toUChars`.
    static func convert(_ bytes: [UInt8], from charset: String) -> String? {
        if bytes.isEmpty { return "" }
        var length: Int64 = 0
        var error: Int32 = 0
        let result = bytes.withUnsafeBufferPointer {
            CTracuuICU_convertToUTF8(charset, $0.baseAddress, Int64($0.count), &length, &error)
        }
        guard let result else { return nil }
        defer { CTracuuICU_free(result) }
        return String(decoding: UnsafeBufferPointer(start: result, count: Int(length)), as: UTF8.self)
    }

    /// The corresponding ICU function is `ucsdet_detect`.
    static func detect(_ bytes: [UInt8]) -> (String, Int32)? {
        var name = [CChar](repeating: 0, count: 64)
        let confidence = bytes.withUnsafeBufferPointer {
            CTracuuICU_detectCharset($0.baseAddress, Int64($0.count), &name, Int32(name.count))
        }
        guard confidence >= 0 else { return nil }
        let label = name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard let canonical = canonicalName(label) else { return nil }
        return (canonical, confidence)
    }

    private static func finish(_ text: String, _ charset: String, _ evidence: Evidence) -> Decoded {
        Decoded(text: text, charset: charset, evidence: evidence)
    }
}

extension String {
    func trimmingASCIIWhitespaceAndQuotes() -> String {
        let scalars = unicodeScalars
        let isTrim: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" || $0 == "\n" || $0 == "\r" }
        guard let first = scalars.firstIndex(where: { !isTrim($0) }),
            let last = scalars.lastIndex(where: { !isTrim($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
