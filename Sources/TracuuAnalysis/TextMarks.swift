/// Whether an article is written with Vietnamese marks (tones, vowel marks,
/// "đ") or without them, as some text is typed ("Viet Nam va Lao").
///
/// Why: a word typed with marks also finds its letters written without any
/// mark ("lao" for "Lào", `MatchTier.Grader.match`), which is how such text
/// spells it. In an article written with marks, though, "lao" is another
/// word ("lao động", labour), and matching it made "Lào" count 8,769
/// articles of the benchmark corpus where 1,394 name Laos. So the unmarked
/// forms of a marked query word count only in articles written without
/// marks, which the indexer flags (`ArticleSchema.unmarkedTextKey`).
public enum TextMarks {
    /// A term's kind: not a word of letters (a number, a document code),
    /// letters without any mark, or letters with a mark (any letter
    /// outside ASCII: Vietnamese marks, "đ", other scripts).
    public enum Kind: UInt8, Sendable {
        case other = 0
        case plain = 1
        case marked = 2
    }

    /// The kind of an analyzed term (lower-case, NFC): by its first byte
    /// and whether any byte lies outside ASCII.
    public static func kind(of term: UnsafeBufferPointer<UInt8>) -> Kind {
        guard let first = term.first else { return .other }
        let startsWithLetter = (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")) || first >= 0x80
        guard startsWithLetter else { return .other }
        return term.contains(where: { $0 >= 0x80 }) ? .marked : .plain
    }

    /// A field's words with marks and without, each occurrence counted, from
    /// its distinct terms: slot s holds term `slotTerms[s]`, whose kind
    /// (`Kind.rawValue`) is `kinds[term]`, with `starts[s + 1] - starts[s]`
    /// occurrences. One tag read per distinct term, not per word.
    static func count(
        kinds: UnsafeBufferPointer<UInt8>, slotTerms: UnsafeBufferPointer<Int32>, starts: UnsafeBufferPointer<Int32>
    ) -> (marked: Int, plain: Int) {
        var marked = 0
        var plain = 0
        for (slot, term) in slotTerms.enumerated() {
            let occurrences = Int(starts[slot + 1] - starts[slot])
            switch kinds[Int(term)] {
            case Kind.marked.rawValue: marked += occurrences
            case Kind.plain.rawValue: plain += occurrences
            default: break
            }
        }
        return (marked, plain)
    }

    /// Whether a text of `marked` words with marks and `plain` words
    /// without is written without marks: fewer than one word in five
    /// marked. Vietnamese written with its marks has about four in five
    /// (nine articles in ten of the benchmark corpus have 70 to 90 %);
    /// typed without them, next to none; English, none.
    public static func isWrittenWithoutMarks(marked: Int, plain: Int) -> Bool {
        plain > 0 && marked * 5 < marked + plain
    }
}
