#if canImport(Glibc)
import Glibc
#endif

/// Pages in the two legacy Vietnamese encodings that fill old government
/// archives, converted to Unicode.
///
/// - **TCVN3** (ABC, fonts `.VnTime`, `.VnArial` …): one byte per letter; the
///   upper half holds precomposed Vietnamese letters (TCVN 5712, the VN3
///   repertoire; the table below is the full VN1 upper half, of which VN3 is
///   a subset, as glibc's `TCVN5712-1` decodes it).
/// - **VNI** (fonts `VNI-Times`, `VNI-Helve` …): an ASCII vowel followed by a
///   Latin-1 byte that the font draws as its marks ("aø" is "à", "eá" is
///   "ế"), a few letters as single bytes ("ñ" is "đ", "ö" is "ư").
///
/// Browsers showed such pages right only because of the font, so the page
/// declares (or defaults to) a Western charset. The encoding is recognized
/// by the font names in the page, or failing that by the byte patterns each
/// produces in Vietnamese words.
public enum LegacyVietnamese {
    public enum Encoding: String, Sendable {
        case tcvn3 = "TCVN3"
        case vni = "VNI"
    }

    /// The legacy encoding `bytes` (a page or a text file) are in, or nil.
    /// Font names decide; when none is named, the byte patterns each
    /// encoding leaves in Vietnamese words.
    public static func detect(_ bytes: [UInt8]) -> Encoding? {
        let hasHighBytes = bytes.contains { $0 >= 0x80 }
        guard hasHighBytes else { return nil }
        if let font = bytes.withUnsafeBufferPointer({ declaredFont($0) }) { return font }
        let vni = vniPairs(bytes)
        let tcvn = tcvnLetters(bytes)
        let letters = max(1, bytes.reduce(0) { $0 + (isASCIILetter($1) ? 1 : 0) })
        // In Vietnamese text about one letter in six carries a mark; in
        // Western text these patterns (a vowel followed by "ø", a soft hyphen
        // inside a word) hardly occur.
        if vni >= 5 && vni * 60 >= letters && vni > tcvn { return .vni }
        if tcvn >= 5 && tcvn * 60 >= letters { return .tcvn3 }
        return nil
    }

    /// The legacy encoding of text that is valid Unicode but was a legacy
    /// page once (saved as UTF-8 by a tool that read the bytes as Latin-1):
    /// a legacy font is named, code points U+00A0–U+00FF occur, and no
    /// letter that only Unicode Vietnamese has.
    public static func detect(text: String) -> Encoding? {
        var text = text
        // Font names first: one fast pass, and almost no page has them.
        guard let font = text.withUTF8({ declaredFont($0) }) else { return nil }
        let bytes = Array(text.utf8)
        var latin1 = 0
        var i = 0
        while i + 1 < bytes.count {
            let lead = bytes[i]
            let next = bytes[i + 1]
            switch lead {
            case 0xE1 where next == 0xBA || next == 0xBB: return nil  // U+1E80–U+1EFF: Vietnamese letters
            case 0xC4 where next == 0x82 || next == 0x83 || next == 0x90 || next == 0x91: return nil  // Ă ă Đ đ
            case 0xC6 where next == 0xA0 || next == 0xA1 || next == 0xAF || next == 0xB0: return nil  // Ơ ơ Ư ư
            case 0xC2 where next >= 0xA0, 0xC3: latin1 += 1
            default: break
            }
            i += 1
        }
        return latin1 >= 5 ? font : nil
    }

    /// Unicode (NFC) text of `bytes` in `encoding`.
    public static func decode(_ bytes: [UInt8], _ encoding: Encoding) -> String {
        // Each byte as its Latin-1 code point, which is what both tables
        // are keyed by.
        convert(bytes.map { Unicode.Scalar($0) }, encoding)
    }

    /// Converts text whose code points U+0080–U+00FF stand for legacy bytes
    /// (a legacy page saved as UTF-8 by a tool that knew no better).
    public static func convert(_ text: String, _ encoding: Encoding) -> String {
        convert(Array(text.unicodeScalars), encoding)
    }

    private static func convert(_ scalars: [Unicode.Scalar], _ encoding: Encoding) -> String {
        var output = String.UnicodeScalarView()
        switch encoding {
        case .tcvn3:
            for scalar in scalars {
                if scalar.value >= 0x80 && scalar.value <= 0xFF,
                    let mapped = Unicode.Scalar(tcvnUpperHalf[Int(scalar.value - 0x80)])
                {
                    output.append(mapped)
                } else {
                    output.append(scalar)
                }
            }
        case .vni:
            var index = 0
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                let (base, baseMarks) = vniBase(scalar)
                guard let base else {
                    output.append(scalar)
                    continue
                }
                output.append(base)
                baseMarks.forEach { output.append($0) }
                if index < scalars.count, let marks = vniMarks(after: base, baseMarks: baseMarks, scalars[index]) {
                    marks.forEach { output.append($0) }
                    index += 1
                }
            }
        }
        return Normalizer.normalize(String(output), .nfc)
    }

    // MARK: TCVN3

    /// U+0080–U+00FF read as TCVN 5712 bytes 0x80–0xFF.
    static let tcvnUpperHalf: [UInt32] = [
        0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0, 0x1EB6, 0x1EAC, 0x00C8,  // 80
        0x1EBA, 0x1EBC, 0x00C9, 0x1EB8, 0x1EC6, 0x00CC, 0x1EC8, 0x0128,  // 88
        0x00CD, 0x1ECA, 0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC, 0x1ED8,  // 90
        0x1EDC, 0x1EDE, 0x1EE0, 0x1EDA, 0x1EE2, 0x00D9, 0x1EE6, 0x0168,  // 98
        0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,  // A0
        0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,  // A8
        0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,  // B0
        0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,  // B8
        0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,  // C0
        0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,  // C8
        0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,  // D0
        0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,  // D8
        0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,  // E0
        0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,  // E8
        0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,  // F0
        0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,  // F8
    ]

    // MARK: VNI

    private static let acute: Unicode.Scalar = "\u{0301}"
    private static let grave: Unicode.Scalar = "\u{0300}"
    private static let hook: Unicode.Scalar = "\u{0309}"
    private static let tilde: Unicode.Scalar = "\u{0303}"
    private static let dot: Unicode.Scalar = "\u{0323}"

    private static let circumflex: Unicode.Scalar = "\u{0302}"
    private static let breve: Unicode.Scalar = "\u{0306}"

    /// The modifier bytes VNI puts after a vowel (folded to lower case), by
    /// what they add: a tone alone, a circumflex (â ê ô) with or without a
    /// tone, a breve (ă) with or without one.
    private static let vniTones: [UInt32: Unicode.Scalar] = [0xF9: acute, 0xF8: grave, 0xFB: hook, 0xF5: tilde, 0xEF: dot]
    private static let vniCircumflex: [UInt32: [Unicode.Scalar]] = [
        0xE2: [circumflex], 0xE1: [circumflex, acute], 0xE0: [circumflex, grave], 0xE5: [circumflex, hook],
        0xE3: [circumflex, tilde], 0xE4: [circumflex, dot],
    ]
    private static let vniBreve: [UInt32: [Unicode.Scalar]] = [
        0xEA: [breve], 0xE9: [breve, acute], 0xE8: [breve, grave], 0xFA: [breve, hook], 0xFC: [breve, tilde],
        0xEB: [breve, dot],
    ]
    private static let horn: Unicode.Scalar = "\u{031B}"

    /// The letter a VNI code point starts, with the marks it carries by
    /// itself ("ô" is "o" with a horn), or nil for anything else.
    private static func vniBase(_ scalar: Unicode.Scalar) -> (Unicode.Scalar?, [Unicode.Scalar]) {
        switch scalar.value {
        case 0x61, 0x65, 0x6F, 0x75, 0x79, 0x41, 0x45, 0x4F, 0x55, 0x59: return (scalar, [])  // a e o u y
        case 0xF4: return ("o", [horn])  // ô: ơ
        case 0xD4: return ("O", [horn])
        case 0xF6: return ("u", [horn])  // ö: ư
        case 0xD6: return ("U", [horn])
        case 0xF1: return ("\u{0111}", [])  // ñ: đ
        case 0xD1: return ("\u{0110}", [])
        case 0xED: return ("i", [acute])  // í ì æ ó ò: i with its tone
        case 0xEC: return ("i", [grave])
        case 0xE6: return ("i", [hook])
        case 0xF3: return ("i", [tilde])
        case 0xF2: return ("i", [dot])
        case 0xCD: return ("I", [acute])
        case 0xCC: return ("I", [grave])
        case 0xC6: return ("I", [hook])
        case 0xD3: return ("I", [tilde])
        case 0xD2: return ("I", [dot])
        case 0xEE: return ("y", [dot])  // î: ỵ
        case 0xCE: return ("Y", [dot])
        default: return (nil, [])
        }
    }

    /// The marks a VNI modifier byte after `base` adds, or nil when the byte
    /// is not a modifier of that letter. Modifiers come in both cases.
    private static func vniMarks(after base: Unicode.Scalar, baseMarks: [Unicode.Scalar], _ next: Unicode.Scalar)
        -> [Unicode.Scalar]?
    {
        guard next.value >= 0xC0 && next.value <= 0xFF else { return nil }
        let modifier = next.value >= 0xE0 ? next.value : next.value + 0x20  // fold to lower case
        let letter = base.properties.lowercaseMapping
        if let tone = vniTones[modifier], letter != "\u{0111}", letter != "i" || baseMarks.isEmpty {
            return [tone]
        }
        guard baseMarks.isEmpty else { return nil }
        if letter == "a" || letter == "e" || letter == "o", let marks = vniCircumflex[modifier] { return marks }
        if letter == "a", let marks = vniBreve[modifier] { return marks }
        return nil
    }

    // MARK: Detection

    private static func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

    /// Font families of the two encodings, lower-case, as they follow
    /// "vni-" and "." in a page ("VNI-Times", ".VnTime").
    private static let vniFonts: [[UInt8]] = ["times", "helve", "aptima", "book", "avo"].map { Array($0.utf8) }
    private static let abcFonts: [[UInt8]] = ["vntime", "vnarial", "vnhelvet", "vnbook"].map { Array($0.utf8) }

    /// `.VnTime`-style (ABC) or `VNI-Times`-style font names in the page.
    ///
    /// One pass over the bytes looking for "vn" in any case, then a look at
    /// what surrounds it: this runs on every page, most of which name no
    /// such font.
    private static func declaredFont(_ page: UnsafeBufferPointer<UInt8>) -> Encoding? {
        guard let base = page.baseAddress, page.count >= 4 else { return nil }
        let count = page.count
        func follows(_ word: [UInt8], at start: Int) -> Bool {
            guard start + word.count <= count else { return false }
            for offset in 0..<word.count where page[start + offset] | 0x20 != word[offset] { return false }
            return true
        }
        func fontAt(_ i: Int) -> Encoding? {
            guard i + 3 < count, page[i + 1] | 0x20 == 0x6E else { return nil }  // "vn"
            if page[i + 2] | 0x20 == 0x69, page[i + 3] == 0x2D, vniFonts.contains(where: { follows($0, at: i + 4) }) {
                return .vni  // VNI-Times, VNI-Helve …
            }
            // .VnTime, .VnArial …, or an undotted face="VnTime".
            let before = i > 0 ? page[i - 1] : 0
            if [0x2E, 0x22, 0x27, 0x3D, 0x20, 0x2C, 0x3A].contains(before),  // . " ' = space , :
                abcFonts.contains(where: { follows($0, at: i) })
            {
                return .tcvn3
            }
            return nil
        }
        // memchr jumps from "v" to "v" (and "V" to "V"): most pages name no
        // such font and have few v's.
        for letter in [Int32(0x76), Int32(0x56)] {
            var start = 0
            while start < count, let hit = memchr(base + start, letter, count - start) {
                let i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if let font = fontAt(i) { return font }
                start = i + 1
            }
        }
        return nil
    }

    /// Byte tables for the two statistics below.
    private static let vniModifiers = table(
        (Array(vniTones.keys) + Array(vniCircumflex.keys) + Array(vniBreve.keys)).map { UInt8($0) })
    private static let tcvnSymbols = table([0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBB, 0xBC, 0xBD, 0xBE])

    private static func table(_ bytes: [UInt8]) -> [Bool] {
        var flags = [Bool](repeating: false, count: 256)
        for byte in bytes { flags[Int(byte)] = true }
        return flags
    }

    /// A vowel followed by a VNI modifier byte: the shape of VNI words.
    private static func vniPairs(_ bytes: [UInt8]) -> Int {
        var count = 0
        for index in 1..<max(1, bytes.count) {
            let modifier = bytes[index] >= 0xE0 ? bytes[index] : bytes[index] &+ 0x20
            guard vniModifiers[Int(modifier)] else { continue }
            switch bytes[index - 1] | 0x20 {
            case 0x61, 0x65, 0x6F, 0x75, 0x79: count += 1
            default: break
            }
        }
        return count
    }

    /// Latin-1 symbols inside words (the soft hyphen of "ng\u{AD}êi", the
    /// "¬" of "c¬"): TCVN3 letters, which no Western word contains.
    private static func tcvnLetters(_ bytes: [UInt8]) -> Int {
        var count = 0
        for index in 1..<max(1, bytes.count) where tcvnSymbols[Int(bytes[index])] {
            if isASCIILetter(bytes[index - 1]) || (index + 1 < bytes.count && isASCIILetter(bytes[index + 1])) {
                count += 1
            }
        }
        return count
    }
}
