import Testing

@testable import TracuuServer

@Suite struct FormQueryTests {
    @Test func decodesFormEncoding() {
        let form = FormQuery("q=h%E1%BB%99i+nh%E1%BA%ADp&from=&to=2017&bad=%ZZ%4")
        #expect(form["q"] == "hội nhập")
        #expect(form["from"] == nil)
        #expect(form["to"] == "2017")
        #expect(form["bad"] == "%ZZ%4")
        #expect(form["missing"] == nil)
    }

    @Test func encodesWhatItDecodes() {
        let encoded = FormQuery.encode([("q", "\"biên giới\" -trung & <b>"), ("from", nil), ("page", "2")])
        #expect(!encoded.contains(" ") && !encoded.contains("<") && !encoded.contains("&page") == false)
        let form = FormQuery(encoded)
        #expect(form["q"] == "\"biên giới\" -trung & <b>")
        #expect(form["page"] == "2")
        #expect(form["from"] == nil)
    }
}
