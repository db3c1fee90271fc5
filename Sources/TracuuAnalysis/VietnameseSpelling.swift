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
    /// A letter of a syllable: its base (a–z or đ) with the numbers of its
    /// shape and tone marks (`VietnameseLetters`; 0: none).
    struct Letter {
        var base: UInt32
        var shape = 0
        var tone = 0
    }

    /// The term with its tone mark re-placed by the traditional rule and a
    /// lone "y" after a consonant written "i".
    public static func canonical(_ term: String) -> String {
        guard let result = rewrite(term, placeTone: true, iy: true) else { return term }
        return result
    }

    /// Every spelling `canonical` makes the same as the term's: the term
    /// with its tone mark on any of its letters, and a final "i" written
    /// "y" or the other way round, those of them with the term's canonical
    /// form ("hòa": "hoà", "hòa"; "lý": "lí", "lý"; "ngoài": "ngoaì",
    /// "ngoài", "ngòai"). A name's alias words count these alone, so they
    /// are looked up one by one instead of reading every form that shares
    /// the word's letters.
    public static func spellings(of term: String) -> [String] {
        guard let letters = letters(of: term), !letters.isEmpty else { return [term] }
        let target = canonical(term)
        let tone = letters.first { $0.tone != 0 }?.tone ?? 0
        var untoned = letters
        for index in untoned.indices { untoned[index].tone = 0 }
        var shapes = [untoned]
        let last = untoned.count - 1
        if untoned[last].base == 0x69 || untoned[last].base == 0x79 {  // i, y
            var swapped = untoned
            swapped[last].base = untoned[last].base == 0x69 ? 0x79 : 0x69
            shapes.append(swapped)
        }
        // A few strings, told apart by their bytes: a Set of Strings hashed
        // each through Unicode normalization, and was a quarter of looking
        // up an alias's words ("WTO": six words, four segments, two fields).
        var found = [term]
        func add(_ spelling: String) {
            if !found.contains(where: { $0.utf8.elementsEqual(spelling.utf8) }) { found.append(spelling) }
        }
        for shape in shapes {
            if tone == 0 {
                add(spelled(shape))
                continue
            }
            for index in shape.indices {
                var placed = shape
                placed[index].tone = tone
                add(spelled(placed))
            }
        }
        // NFC throughout, so byte order is the order of their code points.
        return found.filter { canonical($0).utf8.elementsEqual(target.utf8) }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
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
        guard var letters = letters(of: term) else { return nil }
        let toned = letters.indices.filter { letters[$0].tone != 0 }
        guard toned.count <= 1 else { return nil }
        let tone = toned.first.map { letters[$0].tone } ?? 0
        if let index = toned.first, placeTone { letters[index].tone = 0 }

        guard let firstVowel = letters.firstIndex(where: { isVowel($0.base) }) else { return nil }
        var nucleusStart = firstVowel
        let followedByVowel = firstVowel + 1 < letters.count && isVowel(letters[firstVowel + 1].base)
        if followedByVowel && letters[firstVowel].shape == 0 && firstVowel == 1
            && ((letters[0].base == 0x71 && letters[1].base == 0x75) || (letters[0].base == 0x67 && letters[1].base == 0x69))
        {
            nucleusStart += 1  // "qu" and "gi" own their "u" and "i"
        }
        var nucleusEnd = nucleusStart
        while nucleusEnd < letters.count && isVowel(letters[nucleusEnd].base) { nucleusEnd += 1 }
        let hasFinal = nucleusEnd < letters.count
        guard isFinal(letters[nucleusEnd...].map(\.base)) else { return nil }
        let nucleus = nucleusStart..<nucleusEnd
        guard !nucleus.isEmpty, nucleus.count <= 3 else { return nil }

        if placeTone, tone != 0 {
            let target: Int
            if let shaped = nucleus.last(where: { letters[$0].shape != 0 }) {
                target = shaped
            } else if hasFinal {
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
        if iy, nucleus.count == 1, !hasFinal, nucleusStart > 0, letters[nucleusStart].base == 0x79 {
            letters[nucleusStart].base = 0x69
        }
        return spelled(letters)
    }

    /// The term's letters, nil when it holds anything but lower-case
    /// letters (a–z, đ) and shape and tone marks. Vietnamese vowels are
    /// taken apart by table; a word with any other code point goes through
    /// ICU's NFD, which the table agrees with.
    static func letters(of term: String) -> [Letter]? {
        var letters: [Letter] = []
        letters.reserveCapacity(term.utf8.count)
        let table = VietnameseLetters.shared
        for scalar in term.unicodeScalars {
            let value = scalar.value
            if isBase(value) {
                letters.append(Letter(base: value))
            } else if let parts = table.parts(of: value) {
                letters.append(Letter(base: parts.base, shape: parts.shape, tone: parts.tone))
            } else if VietnameseLetters.shape(of: value) != nil || VietnameseLetters.tone(of: value) != nil {
                guard mark(value, on: &letters) else { return nil }
            } else {
                return decomposedLetters(of: term)
            }
        }
        return letters
    }

    /// `letters(of:)` through ICU's NFD, for words the table does not cover.
    static func decomposedLetters(of term: String) -> [Letter]? {
        var letters: [Letter] = []
        for scalar in Normalizer.normalize(term, .nfd).unicodeScalars {
            let value = scalar.value
            if isBase(value) {
                letters.append(Letter(base: value))
            } else {
                guard mark(value, on: &letters) else { return nil }
            }
        }
        return letters
    }

    /// Puts a shape or tone mark on the last letter; false when the value is
    /// neither, when there is no letter, or when the letter has one already.
    private static func mark(_ value: UInt32, on letters: inout [Letter]) -> Bool {
        guard !letters.isEmpty else { return false }
        if let tone = VietnameseLetters.tone(of: value) {
            guard letters[letters.count - 1].tone == 0 else { return false }
            letters[letters.count - 1].tone = tone
            return true
        }
        if let shape = VietnameseLetters.shape(of: value) {
            guard letters[letters.count - 1].shape == 0 else { return false }
            letters[letters.count - 1].shape = shape
            return true
        }
        return false
    }

    /// The letters written out in NFC: by table, or through ICU when a mark
    /// sits on a letter no precomposed vowel has.
    static func spelled(_ letters: [Letter]) -> String {
        var scalars = String.UnicodeScalarView()
        let table = VietnameseLetters.shared
        for letter in letters {
            if letter.shape == 0 && letter.tone == 0 {
                scalars.append(Unicode.Scalar(letter.base)!)
            } else if let value = table.compose(.init(base: letter.base, shape: letter.shape, tone: letter.tone)) {
                scalars.append(Unicode.Scalar(value)!)
            } else {
                return Normalizer.normalize(decomposed(letters), .nfc)
            }
        }
        return String(scalars)
    }

    /// The letters with their marks as combining characters (shape, then tone).
    static func decomposed(_ letters: [Letter]) -> String {
        var scalars = String.UnicodeScalarView()
        for letter in letters {
            scalars.append(Unicode.Scalar(letter.base)!)
            if letter.shape != 0 { scalars.append(Unicode.Scalar(VietnameseLetters.shapeMarks[letter.shape - 1])!) }
            if letter.tone != 0 { scalars.append(Unicode.Scalar(VietnameseLetters.toneMarks[letter.tone - 1])!) }
        }
        return String(scalars)
    }

    /// Whether a code point is a letter's base: a–z or đ.
    static func isBase(_ value: UInt32) -> Bool { (value >= 0x61 && value <= 0x7A) || value == 0x111 }

    static func isVowel(_ base: UInt32) -> Bool { VietnameseLetters.bases.contains(base) }

    /// Whether the letters after the nucleus are a syllable's final
    /// consonants: none, or c ch m n ng nh p t.
    static func isFinal(_ bases: [UInt32]) -> Bool {
        switch bases.count {
        case 0: return true
        case 1: return [0x63, 0x6D, 0x6E, 0x70, 0x74].contains(bases[0])  // c m n p t
        case 2: return (bases[0] == 0x63 && bases[1] == 0x68) || (bases[0] == 0x6E && (bases[1] == 0x67 || bases[1] == 0x68))
        default: return false
        }
    }
}
