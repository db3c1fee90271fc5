/// Vietnamese syllables built from every initial, vowel nucleus, final and
/// tone, with the tone mark (combining) after each vowel of the nucleus in
/// turn: inputs for tests that must hold for any spelling of any syllable.
enum Syllables {
    static let initials = [
        "", "b", "c", "ch", "d", "đ", "Đ", "g", "gi", "h", "k", "kh", "l", "m", "ng", "nh", "ph", "qu", "Qu", "s", "t", "th",
        "tr", "v", "x",
    ]
    static let nuclei = [
        "a", "ă", "â", "e", "ê", "i", "y", "Y", "o", "ô", "ơ", "u", "ư", "oa", "oe", "uy", "uê", "ươ", "yê", "uya", "oai", "ay",
        "ây", "uây", "iê",
    ]
    static let finals = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"]
    static let tones = ["", "\u{300}", "\u{301}", "\u{303}", "\u{309}", "\u{323}"]

    static var all: [String] {
        var syllables: [String] = []
        for initial in initials {
            for nucleus in nuclei {
                for final in finals {
                    for tone in tones {
                        for cut in 1...nucleus.count {
                            syllables.append(initial + nucleus.prefix(cut) + tone + nucleus.dropFirst(cut) + final)
                        }
                    }
                }
            }
        }
        return syllables
    }
}
