import Testing

@testable import TracuuAnalysis

/// Equivalences and non-equivalences of Vietnamese spelling that matching
/// must respect. Each row: two spellings, whether they are the same word
/// (`variant` tier or better), and the tier the second gets for the first.
@Suite struct ToneMarksTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var query: String
        var candidate: String
        var tier: MatchTier
        var testDescription: String { "\(query) ~ \(candidate) → \(tier)" }
    }

    static let rows: [Row] = [
        // Old and new tone placement: the same word.
        Row(query: "hòa", candidate: "hoà", tier: .variant),
        Row(query: "hoà", candidate: "hòa", tier: .variant),
        Row(query: "hóa", candidate: "hoá", tier: .variant),
        Row(query: "họa", candidate: "hoạ", tier: .variant),
        Row(query: "thỏa", candidate: "thoả", tier: .variant),
        Row(query: "khỏe", candidate: "khoẻ", tier: .variant),
        Row(query: "xòe", candidate: "xoè", tier: .variant),
        Row(query: "ủy", candidate: "uỷ", tier: .variant),
        Row(query: "thủy", candidate: "thuỷ", tier: .variant),
        Row(query: "tùy", candidate: "tuỳ", tier: .variant),
        Row(query: "lũy", candidate: "luỹ", tier: .variant),
        Row(query: "quý", candidate: "qúy", tier: .variant),  // a hand-typed misplacement
        // Closed syllables and words with a marked vowel are already unambiguous.
        Row(query: "hoàn", candidate: "hoàn", tier: .exact),
        Row(query: "hoàng", candidate: "hoàng", tier: .exact),
        Row(query: "toàn", candidate: "toàn", tier: .exact),
        Row(query: "thuế", candidate: "thuế", tier: .exact),
        Row(query: "người", candidate: "người", tier: .exact),
        // Minimal pairs: different words, found only at a looser tier.
        Row(query: "bàn", candidate: "bán", tier: .unaccented),
        Row(query: "bàn", candidate: "ban", tier: .unaccented),
        Row(query: "chò", candidate: "chó", tier: .unaccented),
        Row(query: "hòa", candidate: "hóa", tier: .unaccented),
        Row(query: "ngoại", candidate: "ngoài", tier: .unaccented),
        Row(query: "sở", candidate: "số", tier: .unaccented),
        Row(query: "đông", candidate: "dong", tier: .folded),
        Row(query: "đường", candidate: "dương", tier: .folded),
        Row(query: "đi", candidate: "di", tier: .folded),
        // Unaccented queries.
        Row(query: "ngoai", candidate: "ngoại", tier: .unaccented),
        Row(query: "vu", candidate: "vụ", tier: .unaccented),
        Row(query: "dong", candidate: "đông", tier: .folded),
    ]

    @Test(arguments: rows)
    func tier(_ row: Row) {
        #expect(MatchTier.of(query: row.query, candidate: row.candidate) == row.tier)
    }

    @Test func canonicalPlacement() {
        #expect(ToneMarks.canonical("hoà") == "hòa")
        #expect(ToneMarks.canonical("thuỷ") == "thủy")
        #expect(ToneMarks.canonical("khoẻ") == "khỏe")
        #expect(ToneMarks.canonical("quý") == "quý")  // qu owns its u
        #expect(ToneMarks.canonical("quỳ") == "quỳ")
        #expect(ToneMarks.canonical("già") == "già")  // gi owns its i
        #expect(ToneMarks.canonical("ngoài") == "ngoài")
        #expect(ToneMarks.canonical("khuỷu") == "khuỷu")
        #expect(ToneMarks.canonical("hoàn") == "hoàn")
        #expect(ToneMarks.canonical("huỳnh") == "huỳnh")
        #expect(ToneMarks.canonical("thuyền") == "thuyền")
    }

    @Test func nonVietnameseWordsAreLeftAlone() {
        #expect(ToneMarks.canonical("café") == "café")
        #expect(ToneMarks.canonical("asean") == "asean")
        #expect(ToneMarks.canonical("2017") == "2017")
        #expect(ToneMarks.canonical("naïve") == "naïve")
    }

    @Test func bareQueriesWeighEveryFormFully() {
        for tier in MatchTier.allCases {
            #expect(tier.weight(queryIsBare: true) == 1)
        }
        #expect(MatchTier.exact.weight(queryIsBare: false) > MatchTier.variant.weight(queryIsBare: false))
        #expect(MatchTier.variant.weight(queryIsBare: false) > MatchTier.unaccented.weight(queryIsBare: false))
        #expect(MatchTier.unaccented.weight(queryIsBare: false) > MatchTier.folded.weight(queryIsBare: false))
    }
}
