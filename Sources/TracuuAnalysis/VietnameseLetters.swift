/// The precomposed Vietnamese vowels, taken apart and put together without
/// ICU: each is a base vowel, at most one shape mark (ˆ ˘ ̛) and at most
/// one tone mark.
///
/// Why: `VietnameseSpelling` compares words by their canonical spelling,
/// and every query word's fold group is graded form by form (dozens of
/// forms in every segment). With an NFD and an NFC through ICU per form,
/// that grading was 4 % of a batch of one-word queries. The 72 lower-case
/// vowels cover the words the index holds (terms are case-folded); any
/// other code point (a capital, another script's letter, a mark on a
/// consonant) sends the word back to ICU whole. `VietnameseLettersTests`
/// checks every entry against ICU's NFD and NFC, so the two paths agree.
///
/// Flat arrays, not dictionaries: a search process builds this before its
/// first word, and a dictionary type's first use costs the Swift runtime a
/// scan of every protocol conformance in the binary.
struct VietnameseLetters: Sendable {
    static let shared = VietnameseLetters()

    /// Shape marks in the order `Parts.shape` numbers them (1, 2, 3; 0 is none).
    static let shapeMarks: [UInt32] = [0x302, 0x306, 0x31B]
    /// Tone marks in the order `Parts.tone` numbers them (1 … 5; 0 is none).
    static let toneMarks: [UInt32] = [0x300, 0x301, 0x309, 0x303, 0x323]
    /// The base vowels, in the order of `composed`'s rows.
    static let bases: [UInt32] = [0x61, 0x65, 0x69, 0x6F, 0x75, 0x79]  // a e i o u y

    /// Twelve vowels (a ă â e ê i o ô ơ u ư y), each with its six tones in
    /// the order of `toneMarks` after the toneless one.
    static let table = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"
    /// Each row's base letter (index into `bases`) and shape.
    static let rows: [(base: Int, shape: Int)] = [
        (0, 0), (0, 2), (0, 1), (1, 0), (1, 1), (2, 0), (3, 0), (3, 1), (3, 3), (4, 0), (4, 3), (5, 0),
    ]

    /// A vowel taken apart: its base letter, shape and tone numbers.
    struct Parts: Equatable {
        var base: UInt32
        var shape: Int
        var tone: Int
    }

    /// Per code point of the blocks (`slot`), the vowel's parts packed
    /// (base << 8 | shape << 4 | tone), 0 when it is none of the 72.
    private var packed: [UInt32]
    /// Per (base, shape, tone) (`index`), the code point, 0 when none.
    private var composed: [UInt32]

    private init() {
        packed = Array(repeating: 0, count: VietnameseLetters.slots)
        composed = Array(repeating: 0, count: VietnameseLetters.bases.count * 4 * 6)
        let scalars = Array(VietnameseLetters.table.unicodeScalars)
        precondition(scalars.count == VietnameseLetters.rows.count * 6, "six tones a vowel")
        for (row, (base, shape)) in VietnameseLetters.rows.enumerated() {
            for tone in 0..<6 {
                let value = scalars[row * 6 + tone].value
                let parts = Parts(base: VietnameseLetters.bases[base], shape: shape, tone: tone)
                if let slot = VietnameseLetters.slot(value) {
                    packed[slot] = parts.base << 8 | UInt32(shape << 4 | tone)
                }
                composed[VietnameseLetters.index(base: base, shape: shape, tone: tone)] = value
            }
        }
    }

    /// ASCII a–z, then Latin-1 to Latin Extended-B, then Latin Extended
    /// Additional: where the 72 lie.
    private static let slots = 0x7B + (0x250 - 0xC0) + (0x1F00 - 0x1E00)

    private static func slot(_ value: UInt32) -> Int? {
        switch value {
        case 0..<0x7B: Int(value)
        case 0xC0..<0x250: 0x7B + Int(value - 0xC0)
        case 0x1E00..<0x1F00: 0x7B + (0x250 - 0xC0) + Int(value - 0x1E00)
        default: nil
        }
    }

    private static func index(base: Int, shape: Int, tone: Int) -> Int { (base * 4 + shape) * 6 + tone }

    /// The vowel's parts when `value` is one of the 72 (plain "a" … "y"
    /// included).
    func parts(of value: UInt32) -> Parts? {
        guard let slot = VietnameseLetters.slot(value) else { return nil }
        let entry = packed[slot]
        guard entry != 0 else { return nil }
        return Parts(base: entry >> 8, shape: Int(entry >> 4 & 0xF), tone: Int(entry & 0xF))
    }

    /// The code point NFC makes of a base vowel with a shape and a tone
    /// mark, when they form one of the 72.
    func compose(_ parts: Parts) -> UInt32? {
        guard let base = VietnameseLetters.bases.firstIndex(of: parts.base) else { return nil }
        let value = composed[VietnameseLetters.index(base: base, shape: parts.shape, tone: parts.tone)]
        return value == 0 ? nil : value
    }

    /// The number a combining mark has as a shape (1 … 3) or a tone
    /// (1 … 5), nil when it is neither.
    static func shape(of mark: UInt32) -> Int? { shapeMarks.firstIndex(of: mark).map { $0 + 1 } }
    static func tone(of mark: UInt32) -> Int? { toneMarks.firstIndex(of: mark).map { $0 + 1 } }
}
