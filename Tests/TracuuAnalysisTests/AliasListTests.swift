import Dispatch
import Synchronization
import Testing
import TracuuText

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

    /// A group whose name analyzes to nothing is left out, whichever of its
    /// names is analyzed first.
    @Test func groupsWithANameOfNoTermsAreLeftOut() {
        for tsv in ["Hội nhập\t---\n", "---\tHội nhập\n"] {
            let custom = AliasList(tsv: tsv)
            #expect(custom.match(["hội", "nhập"], at: 0) == nil)
            #expect(custom.groups.isEmpty)
        }
    }

    /// Names whose first word is letters alone are found by the word's own
    /// fingerprint, before they are analyzed: it must be the fingerprint of
    /// their analyzed first term's letters, or they would never match.
    @Test func namesFoundBeforeTheyAreAnalyzedAreFoundAsAnalyzed() {
        var checked = 0
        for group in list.groups {
            for (name, terms) in zip(group.names, group.terms) {
                guard let print = AliasList.firstWordPrint(name) else { continue }
                #expect(print == FoldPrint.of(Folding.folded(terms[0])), "\(name)")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    /// Threads matching a fresh list at once analyze each group once and
    /// all see it.
    @Test func concurrentMatchesAgree() {
        let fresh = AliasList(tsv: String(decoding: PackageResources.aliases_tsv, as: UTF8.self))
        let queries = ["Hoa Kỳ", "LHQ", "liên hợp quốc", "hoa ky", "Bộ Ngoại giao", "TP.HCM", "cập nhật"].map {
            Analyzer().termSequence($0).map(\.term)
        }
        let expected = queries.map { list.match($0, at: 0)?.group.names }
        let results = Mutex<[[[String]?]]>(Array(repeating: [], count: 8))
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            let found = queries.map { fresh.match($0, at: 0)?.group.names }
            results.withLock { $0[thread] = found }
        }
        for thread in 0..<8 { #expect(results.withLock { $0[thread] } == expected) }
        #expect(expected.compactMap { $0 }.count == 6)
    }
}
