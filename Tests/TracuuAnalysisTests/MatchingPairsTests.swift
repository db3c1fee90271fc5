import Testing
import TracuuTestSupport

@testable import TracuuAnalysis

/// The table of spellings that must and must not match, and how closely
/// (Fixtures/matching_pairs.tsv): each row is analyzed like text and query
/// would be, then graded.
@Suite struct MatchingPairsTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var query: String
        var candidate: String
        var relation: String
        var why: String
        var testDescription: String { "\(query) ~ \(candidate): \(relation) (\(why))" }
    }

    static let rows: [Row] = {
        let text = String(decoding: PackagePaths.read(PackagePaths.fixture("TracuuAnalysisTests", "matching_pairs.tsv")), as: UTF8.self)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { unescape(String($0)) }
            return Row(query: fields[0], candidate: fields[1], relation: fields[2], why: fields.count > 3 ? fields[3] : "")
        }
    }()

    /// `\u{XXXX}` → the code point.
    static func unescape(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: "\\u{") {
            result += rest[..<range.lowerBound]
            let after = rest[range.upperBound...]
            guard let close = after.firstIndex(of: "}"), let value = UInt32(after[..<close], radix: 16),
                let scalar = Unicode.Scalar(value)
            else { break }
            result.unicodeScalars.append(scalar)
            rest = after[after.index(after: close)...]
        }
        return result + rest
    }

    /// Analyzes like indexing does: one term per word, joined by spaces.
    static func term(_ text: String) -> String { Analyzer().termSequence(text).map(\.term).joined(separator: " ") }

    @Test func tableIsLargeEnough() {
        #expect(Self.rows.count >= 60)
        #expect(Set(Self.rows.map(\.relation)) == ["exact", "variant", "unaccented", "folded", "none"])
    }

    @Test(arguments: rows)
    func relation(_ row: Row) {
        let query = Self.term(row.query)
        let candidate = Self.term(row.candidate)
        #expect(!query.isEmpty && !candidate.isEmpty)
        let queryWords = query.split(separator: " ").map(String.init)
        let candidateWords = candidate.split(separator: " ").map(String.init)
        #expect(queryWords.count == candidateWords.count, "\(query) vs \(candidate)")
        for (q, c) in zip(queryWords, candidateWords) {
            if row.relation == "none" {
                #expect(TermForms.foldKey(q) != TermForms.foldKey(c), "\(q) and \(c) share a fold key")
            } else {
                #expect(TermForms.foldKey(q) == TermForms.foldKey(c), "\(q) and \(c) do not share a fold key")
                #expect(MatchTier.of(query: q, candidate: c).description == MatchTier.named(row.relation)?.description)
            }
        }
    }

    /// Which forms a query word finds at all (`MatchTier.Grader.match`):
    /// typed with marks, its reading and the same letters without any
    /// mark, not the other words of its tier table row; typed bare, every
    /// form with its letters.
    @Test(arguments: [
        ("bàn", "bàn", true), ("bàn", "ban", true), ("bàn", "bán", false), ("bàn", "bạn", false),
        ("hòa", "hoà", true), ("hòa", "hoa", true), ("hòa", "hóa", false), ("ngoại", "ngoai", true),
        ("ngoại", "ngoài", false), ("nhật", "nhat", true), ("nhật", "nhất", false), ("đông", "dong", true),
        ("đông", "đong", false), ("đông", "đồng", false), ("đông", "dông", false), ("lý", "lí", true),
        ("mỹ", "mì", false), ("ngoai", "ngoài", true), ("ban", "bán", true), ("dong", "đồng", true),
        ("my", "mỹ", true),
    ])
    func whichFormsAWordFinds(query: String, candidate: String, found: Bool) {
        let match = MatchTier.Grader(query: query).match(candidate)
        #expect((match != nil) == found)
        if let match { #expect(match == MatchTier.of(query: query, candidate: candidate)) }
    }
}

@Suite struct VietnameseSpellingTests {
    @Test(arguments: [
        ("hoà", "hòa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"), ("uỷ", "ủy"), ("thoả", "thỏa"),
        ("hoàn", "hoàn"), ("hoàng", "hoàng"), ("toàn", "toàn"), ("thuế", "thuế"), ("người", "người"),
        ("quý", "quý"), ("quỳ", "quỳ"), ("già", "già"), ("ngoài", "ngoài"), ("khuỷu", "khuỷu"),
        ("huỳnh", "huỳnh"), ("thuyền", "thuyền"), ("rượu", "rượu"), ("qúy", "quý"),
    ])
    func tonePlacement(written: String, canonical: String) {
        #expect(VietnameseSpelling.placingTone(written) == canonical)
    }

    @Test func iyRuleKeepsTheTone() {
        #expect(VietnameseSpelling.canonicalIY("lý") == "lí")
        #expect(VietnameseSpelling.canonicalIY("quý") == "quí")  // never "qúy"
        #expect(VietnameseSpelling.canonicalIY("mỹ") == "mĩ")
        #expect(VietnameseSpelling.canonicalIY("tuy") == "tuy")
        #expect(VietnameseSpelling.canonicalIY("y") == "y")
        #expect(VietnameseSpelling.canonicalIY("yêu") == "yêu")
    }

    @Test func nonVietnameseWordsAreLeftAlone() {
        for word in ["café", "asean", "2017", "naïve", "köln", "fly", "sky"] {
            #expect(VietnameseSpelling.placingTone(word) == word)
        }
    }

    @Test func bareQueriesWeighEveryFormFully() {
        for tier in MatchTier.allCases { #expect(tier.weight(queryIsBare: true) == 1) }
        #expect(MatchTier.exact.weight(queryIsBare: false) > MatchTier.variant.weight(queryIsBare: false))
        #expect(MatchTier.variant.weight(queryIsBare: false) > MatchTier.unaccented.weight(queryIsBare: false))
        #expect(MatchTier.unaccented.weight(queryIsBare: false) > MatchTier.folded.weight(queryIsBare: false))
    }
}
