import Testing

@testable import TracuuAnalysis

@Suite struct AliasListTests {
    let list = AliasList.standard

    func group(_ text: String) -> [String]? {
        let terms = Analyzer().termSequence(text).map(\.term)
        guard let (group, length) = list.match(terms, at: 0), length == terms.count else { return nil }
        return group.names
    }

    @Test func shippedListLoads() {
        #expect(list.groups.count >= 30)
        #expect(list.groups.allSatisfy { $0.names.count >= 2 })
    }

    @Test func namesFindTheirGroup() {
        #expect(group("Hoa Kỳ")?.contains("Mỹ") == true)
        #expect(group("Mỹ")?.contains("Hoa Kỳ") == true)
        #expect(group("LHQ")?.contains("Liên Hợp Quốc") == true)
        #expect(group("liên hợp quốc")?.contains("LHQ") == true)
        #expect(group("Bộ Ngoại giao")?.contains("BNG") == true)
        #expect(group("UBND")?.contains("Ủy ban nhân dân") == true)
        #expect(group("Uỷ ban nhân dân")?.contains("UBND") == true)  // other tone placement
        #expect(group("hoa ky")?.contains("Mỹ") == true)  // typed without marks
        #expect(group("TP.HCM")?.contains("Thành phố Hồ Chí Minh") == true)
    }

    @Test func otherWordsDoNot() {
        #expect(group("Hòa Kỳ") == nil)  // another tone is another word
        #expect(group("cập nhật") == nil)
        #expect(group("Hoa") == nil)
    }

    @Test func longestNameWins() {
        let terms = Analyzer().termSequence("Hội đồng Bảo an Liên Hợp Quốc họp").map(\.term)
        let match = list.match(terms, at: 0)
        #expect(match?.length == 7)
    }

    @Test func listsParseTabsAndComments() {
        let custom = AliasList(tsv: "# comment\nA Bê\tAB\n\nlonely\n")
        #expect(custom.groups.count == 1)
        #expect(custom.groups[0].terms == [["a", "bê"], ["ab"]])
    }
}
