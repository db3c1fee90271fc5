import Testing

@testable import TracuuQuery

/// Which alternatives of an OR need not drive its iteration (see
/// `DisjunctionScorer`): a phrase that holds another alternative's words
/// side by side, in the same field. Getting this wrong would drop documents,
/// so the rule is pinned here and the answers in `QueryFeatureTests`.
@Suite struct CoveredChildrenTests {
    static func word(_ term: String, field: UInt8 = 1) -> ResolvedWord {
        ResolvedWord(term: term, field: field, variants: [], readingDocFreq: 1, readingIDF: 1)
    }

    static func phrase(_ text: String, field: UInt8 = 1) -> ResolvedNode {
        .phrase(text.split(separator: " ").map { word(String($0), field: field) })
    }

    @Test func aNamesLongerAliasesAreCoveredByTheTypedWord() {
        // Lào: "chdcnd lào" and "cộng hòa dân chủ nhân dân lào" hold "lào".
        let children: [ResolvedNode] = [.word(Self.word("lào")), Self.phrase("chdcnd lào"), Self.phrase("cộng hòa dân chủ nhân dân lào")]
        #expect(SegmentPlan.coveredChildren(children) == [1, 2])
    }

    @Test func onlyConsecutiveWordsInTheSameFieldCover() {
        // "hoa kỳ" lies inside "hợp chúng quốc hoa kỳ"; "hợp kỳ" does not (not side by side).
        let children: [ResolvedNode] = [.word(Self.word("mỹ")), Self.phrase("hoa kỳ"), Self.phrase("hợp chúng quốc hoa kỳ"), Self.phrase("hợp kỳ")]
        #expect(SegmentPlan.coveredChildren(children) == [2])
        // The same word in the title field covers nothing in the text.
        let fields: [ResolvedNode] = [.word(Self.word("lào", field: 2)), Self.phrase("nhân dân lào")]
        #expect(SegmentPlan.coveredChildren(fields).isEmpty)
        // A single word is never covered (it is what drives).
        #expect(SegmentPlan.coveredChildren([.word(Self.word("lào")), .word(Self.word("lào"))]).isEmpty)
    }

    @Test func ofTwoEqualPhrasesTheFirstDrives() {
        let children: [ResolvedNode] = [Self.phrase("trung quốc"), Self.phrase("trung quốc")]
        #expect(SegmentPlan.coveredChildren(children) == [1])
        // A phrase covered by one that is covered in turn still has a driver.
        let chain: [ResolvedNode] = [Self.phrase("a b c"), Self.phrase("b c"), .word(Self.word("c"))]
        let covered = SegmentPlan.coveredChildren(chain)
        #expect(!covered.contains(2))
        #expect(covered.isSubset(of: [0, 1]))
    }
}
