import TracuuText

/// The spelling rules that make two written forms one Vietnamese word:
/// where the tone mark sits, and "i" or "y" after a consonant.
///
/// **Tone placement.** The canonical form puts a syllable's tone mark where
/// the traditional rule puts it, so that "hoà"/"hòa", "thuỷ"/"thủy",
/// "khoẻ"/"khỏe", "uỷ"/"ủy" compare equal.
///
/// Why a rule and not a table: the two conventions differ only in open
/// syllables whose nucleus is "oa", "oe" or "uy", but the mark can sit on the
/// wrong vowel in any syllable typed by hand ("qúy", "hoà"), and a rule fixes
/// all of them while leaving correct spellings untouched.
///
/// The rule, applied to the vowel nucleus (after the consonants "qu" and "gi",
/// which own their "u"/"i"):
/// 1. a vowel with its own mark (ă â ê ô ơ ư) takes the tone; with two ("ươ")
///    the second does;
/// 2. otherwise, with a final consonant, the last vowel does ("hoàn", "huỳnh");
/// 3. otherwise one vowel takes it, the first of two ("hòa", "thủy", "mùa"),
///    the middle of three ("ngoài", "khuỷu").
///
/// **i/y.** A syllable whose whole vowel is a lone "i" or "y" after a
/// consonant is written both ways ("lý"/"lí", "kỹ"/"kĩ", "mỹ"/"mĩ",
/// "sỹ"/"sĩ", "quy"/"qui", "công ty"/"công ti"); the canonical form writes
/// "i". A "y" that is part of a diphthong ("tuy", "thủy", "hay", "cây") or
/// opens the syllable ("y tế") is never touched.
///
/// Words that do not parse as one Vietnamese syllable (loanwords, numbers,
/// other scripts) are returned unchanged.
public enum VietnameseSpelling {
    static let toneMarks: Set<UInt32> = [0x300, 0x301, 0x303, 0x309, 0x323]
    static let shapeMarks: Set<UInt32> = [0x302, 0x306, 0x31B]
    static let vowels: Set<Unicode.Scalar> = ["a", "e", "i", "o", "u", "y"]
    static let finals: Set<String> = ["c", "ch", "m", "n", "ng", "nh", "p", "t"]

    struct Letter {
        var base: Unicode.Scalar
        var shape: Unicode.Scalar?
        var tone: Unicode.Scalar?
    }

    /// The term with its tone mark re-placed by the traditional rule and a
    /// lone "y" after a consonant written "i".
    public static func canonical(_ term: String) -> String {
        guard let result = rewrite(term, placeTone: true, iy: true) else { return term }
        return result
    }

    /// The term with only its tone mark re-placed ("hoà" → "hòa").
    public static func placingTone(_ term: String) -> String {
        guard let result = rewrite(term, placeTone: true, iy: false) else { return term }
        return result
    }

    /// The term with only the i/y rule applied (the tone stays where it is).
    public static func canonicalIY(_ term: String) -> String {
        guard let result = rewrite(term, placeTone: false, iy: true) else { return term }
        return result
    }

    static func rewrite(_ term: String, placeTone: Bool, iy: Bool) -> String? {
        if !iy && term.utf8.allSatisfy({ $0 < 0x80 }) { return nil }
        var letters: [Letter] = []
        for scalar in Normalizer.normalize(term, .nfd).unicodeScalars {
            if toneMarks.contains(scalar.value) || shapeMarks.contains(scalar.value) {
                guard !letters.isEmpty else { return nil }
                let isTone = toneMarks.contains(scalar.value)
                if isTone {
                    guard letters[letters.count - 1].tone == nil else { return nil }
                    letters[letters.count - 1].tone = scalar
                } else {
                    guard letters[letters.count - 1].shape == nil else { return nil }
                    letters[letters.count - 1].shape = scalar
                }
            } else if (scalar.value >= 0x61 && scalar.value <= 0x7A) || scalar == "đ" {
                letters.append(Letter(base: scalar))
            } else {
                return nil
            }
        }
        let toned = letters.indices.filter { letters[$0].tone != nil }
        guard toned.count <= 1 else { return nil }
        let tone = toned.first.flatMap { letters[$0].tone }
        if let index = toned.first, placeTone { letters[index].tone = nil }

        guard let firstVowel = letters.firstIndex(where: { vowels.contains($0.base) }) else { return nil }
        var nucleusStart = firstVowel
        let initial = String(String.UnicodeScalarView(letters[..<firstVowel].map(\.base)))
        let followedByVowel = firstVowel + 1 < letters.count && vowels.contains(letters[firstVowel + 1].base)
        if followedByVowel && letters[firstVowel].shape == nil
            && ((initial == "q" && letters[firstVowel].base == "u") || (initial == "g" && letters[firstVowel].base == "i"))
        {
            nucleusStart += 1
        }
        var nucleusEnd = nucleusStart
        while nucleusEnd < letters.count && vowels.contains(letters[nucleusEnd].base) { nucleusEnd += 1 }
        let final = String(String.UnicodeScalarView(letters[nucleusEnd...].map(\.base)))
        guard final.isEmpty || finals.contains(final) else { return nil }
        let nucleus = nucleusStart..<nucleusEnd
        guard !nucleus.isEmpty, nucleus.count <= 3 else { return nil }

        if placeTone, let tone {
            let target: Int
            if let shaped = nucleus.last(where: { letters[$0].shape != nil }) {
                target = shaped
            } else if !final.isEmpty {
                target = nucleus.upperBound - 1
            } else {
                switch nucleus.count {
                case 1, 2: target = nucleus.lowerBound
                default: target = nucleus.lowerBound + 1
                }
            }
            letters[target].tone = tone
        }
        // A lone "y" after a consonant (or after "qu") is the vowel "i".
        if iy, nucleus.count == 1, final.isEmpty, nucleusStart > 0, letters[nucleusStart].base == "y" {
            letters[nucleusStart].base = "i"
        }
        var scalars = String.UnicodeScalarView()
        for letter in letters {
            scalars.append(letter.base)
            if let shape = letter.shape { scalars.append(shape) }
            if let mark = letter.tone { scalars.append(mark) }
        }
        return Normalizer.normalize(String(scalars), .nfc)
    }
}
