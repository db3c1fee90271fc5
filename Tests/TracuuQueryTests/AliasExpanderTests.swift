import Testing
import TracuuAnalysis

@testable import TracuuQuery

@Suite struct AliasExpanderTests {
    func expanded(_ query: String) throws -> String {
        AliasExpander().expand(try QueryParser().parse(query)).description
    }

    @Test func namesAddTheirAliases() throws {
        #expect(try expanded("Hoa Kỳ") == "(\"hoa kỳ\" OR mỹ)")
        #expect(try expanded("thuế Hoa Kỳ") == "(thuế AND (\"hoa kỳ\" OR mỹ))")
        #expect(try expanded("\"Liên Hợp Quốc\"") == "(\"liên hợp quốc\" OR \"liên hiệp quốc\" OR lhq)")
        #expect(try expanded("-BNG ngoại giao").hasPrefix("(-(bng OR \"bộ ngoại giao\")"))
    }

    /// A name that holds the typed words, or a shorter name kept, is left
    /// out: it finds nothing more and only counted the name it holds twice.
    @Test func namesHoldingAnotherNameAreLeftOut() throws {
        #expect(try expanded("Lào") == "lào")
        #expect(try expanded("lao") == "lao")
        #expect(try expanded("Trung Quốc") == "(\"trung quốc\" OR tq OR \"trung hoa\")")
        #expect(try expanded("CHDCND Lào") == "(\"chdcnd lào\" OR lào)")
        #expect(try expanded("Mỹ") == "(mỹ OR \"hoa kỳ\")")
        // A longer name that holds none of the others stays.
        #expect(try expanded("Triều Tiên") == "(\"triều tiên\" OR \"bắc hàn\")")
        #expect(try expanded("Bắc Hàn") == "(\"bắc hàn\" OR \"triều tiên\")")
    }

    @Test func holdingIsARunOfWholeWords() {
        #expect(AliasList.holds(["chdcnd", "lào"], ["lào"]))
        #expect(AliasList.holds(["chdcnd", "lào"], ["lao"]))  // typed bare: every form
        #expect(!AliasList.holds(["chdcnd", "lào"], ["chdcnd", "lào"]))  // the same length
        #expect(!AliasList.holds(["hội", "đồng", "bảo", "an"], ["hội", "an"]))  // not side by side
        #expect(!AliasList.holds(["lào", "cai"], ["lão"]))  // another tone
    }

    @Test func otherQueriesAreUntouched() throws {
        #expect(try expanded("hội nhập quốc tế") == "(hội AND nhập AND quốc AND tế)")
        #expect(try expanded("\"Hoa Kỳ và Lào\"") == "\"hoa kỳ và lào\"")
    }
}
