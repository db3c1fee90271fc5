import FoundationEssentials
import Testing

@testable import TracuuIngest

@Suite struct JSONValueTests {
    func tree(_ text: String) throws -> Any {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)).tree
    }

    @Test func objectsArraysAndScalarsComeAsTheyWere() throws {
        let object = try #require(
            try tree(#"{"@type": ["NewsArticle"], "datePublished": "2017-06-01", "n": 3, "x": 1.5, "ok": true, "none": null}"#)
                as? [String: Any])
        #expect((object["@type"] as? [Any])?.first as? String == "NewsArticle")
        #expect(object["datePublished"] as? String == "2017-06-01")
        #expect(object["n"] as? Int == 3)
        #expect(object["x"] as? Double == 1.5)
        #expect(object["ok"] as? Bool == true)
        #expect(object["none"] is JSONValue)
        #expect(object["none"] as? String == nil)
    }

    @Test func aTopLevelScalarIsAValue() throws {
        #expect(try tree(#""2017""#) as? String == "2017")
        #expect(try tree("[1, [2, {\"a\": \"b\"}]]") is [Any])
    }

    @Test func brokenJSONIsAnError() {
        #expect(throws: (any Error).self) { try tree(#"{"a": }"#) }
        #expect(throws: (any Error).self) { try tree("") }
    }
}
