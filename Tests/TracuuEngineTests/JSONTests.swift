import Foundation
import Testing

@testable import TracuuEngine

@Suite struct JSONTests {
    @Test func serializationIsOrderedAndReadable() {
        let value = JSON.object([
            ("query", .string("hội \"nhập\"\n")), ("total", .int(3)), ("score", .double(1.23456, decimals: 4)),
            ("date", .null), ("ok", .bool(true)), ("list", .array([.int(1), .string("a")])),
        ])
        #expect(value.serialized() == #"{"query":"hội \"nhập\"\n","total":3,"score":1.2346,"date":null,"ok":true,"list":[1,"a"]}"#)
        // It is valid JSON for a standard parser.
        let parsed = try? JSONSerialization.jsonObject(with: Data(value.serialized().utf8)) as? [String: Any]
        #expect(parsed?["query"] as? String == "hội \"nhập\"\n")
        #expect(JSON.double(2, decimals: 3).serialized() == "2.0")
        #expect(JSON.string("\u{1}").serialized() == #""\u0001""#)
        #expect(JSON.string("a\u{2028}b\\c\td\u{1F}").serialized() == #""a\u2028b\\c\td\u001f""#)
    }
}
