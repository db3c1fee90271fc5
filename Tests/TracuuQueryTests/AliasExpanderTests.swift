import Testing
import TracuuAnalysis

@testable import TracuuQuery

@Suite struct AliasExpanderTests {
    func expanded(_ query: String) throws -> String {
        AliasExpander().expand(try QueryParser().parse(query)).description
    }

    @Test func namesAddTheirAliases() throws {
        #expect(try expanded("Hoa Kỳ") == "(\"hoa kỳ\" OR mỹ OR \"hợp chúng quốc hoa kỳ\")")
        #expect(try expanded("thuế Hoa Kỳ") == "(thuế AND (\"hoa kỳ\" OR mỹ OR \"hợp chúng quốc hoa kỳ\"))")
        #expect(try expanded("\"Liên Hợp Quốc\"") == "(\"liên hợp quốc\" OR \"liên hiệp quốc\" OR lhq)")
        #expect(try expanded("-BNG ngoại giao").hasPrefix("(-(bng OR \"bộ ngoại giao\")"))
    }

    @Test func otherQueriesAreUntouched() throws {
        #expect(try expanded("hội nhập quốc tế") == "(hội AND nhập AND quốc AND tế)")
        #expect(try expanded("\"Hoa Kỳ và Lào\"") == "\"hoa kỳ và lào\"")
    }
}
