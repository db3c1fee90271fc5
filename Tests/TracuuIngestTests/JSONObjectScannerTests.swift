import Foundation
import Testing
import TracuuTestSupport

@testable import TracuuIngest

@Suite struct JSONObjectScannerTests {
    typealias Value = JSONObjectScanner.Value

    private func members(_ line: String) throws -> [String: Value] {
        var result: [String: Value] = [:]
        for (key, value) in try JSONObjectScanner.members(Array(line.utf8)) { result[key] = value }
        return result
    }

    @Test func readsEveryKindOfValue() throws {
        let found = try members(
            #" {"id": 7, "title": null, "ok": true, "no": false, "x": -1.5e3, "tags": ["a", {"b": [1, 2]}], "body": "Hà Nội"} "#)
        #expect(found["id"] == .number("7"))
        #expect(found["title"] == .null)
        #expect(found["ok"] == .bool(true))
        #expect(found["no"] == .bool(false))
        #expect(found["x"] == .number("-1.5e3"))
        #expect(found["tags"] == .nested)
        #expect(found["body"] == .string("Hà Nội"))
        #expect(try members("{}").isEmpty)
        #expect(try members("\u{FEFF}{\"a\": \"b\"}")["a"] == .string("b"))
    }

    @Test func decodesEscapes() throws {
        let found = try members(
            #"{"a": "x\"y\\z\/\b\f\n\r\t", "b": "\u0110\u1ec7", "c": "\ud83d\ude00 \ud83d", "d": "\udc00"}"#)
        #expect(found["a"] == .string("x\"y\\z/\u{8}\u{C}\n\r\t"))
        #expect(found["b"] == .string("Đệ"))
        #expect(found["c"] == .string("😀 \u{FFFD}"))
        #expect(found["d"] == .string("\u{FFFD}"))
    }

    /// Long strings cross the eight-byte fast path at every offset: each
    /// special byte is found wherever it falls in a word.
    @Test func fastPathFindsSpecialBytesAtEveryOffset() throws {
        for offset in 0..<17 {
            let prefix = String(repeating: "ạ", count: offset / 3) + String(repeating: "a", count: offset % 3)
            let found = try members(#"{"a": ""# + prefix + #"\"q", "b": ""# + prefix + "\"}")
            #expect(found["a"] == .string(prefix + "\"q"))
            #expect(found["b"] == .string(prefix))
            #expect(throws: JSONObjectScanner.SyntaxError.self) {
                try JSONObjectScanner.members(Array(("{\"a\": \"" + prefix + "\u{1}\"}").utf8))
            }
        }
    }

    @Test func invalidUTF8BecomesReplacementCharacters() throws {
        let line: [UInt8] = Array(#"{"body": "a"#.utf8) + [0xFF, 0xC3] + Array(#"b"}"#.utf8)
        let found = try JSONObjectScanner.members(line)
        #expect(found.first?.value == .string("a\u{FFFD}\u{FFFD}b"))
    }

    /// Members named as kept in bytes come as `.utf8`, decoded and
    /// repaired as strings are, and only top-level strings do.
    @Test func namedMembersKeepTheirBytes() throws {
        let line: [UInt8] =
            Array(#"{"body": "Hà\n\u0110\ud83d", "text": 5, "title": "Hà", "x": {"body": "y"}, "raw": "a"#.utf8)
            + [0xE1, 0xBA] + Array(#"b"}"#.utf8)
        var found: [String: Value] = [:]
        for (key, value) in try JSONObjectScanner.members(line, keepingBytesOf: ["body", "text", "raw"]) {
            found[key] = value
        }
        #expect(found["body"] == .utf8(Array("Hà\nĐ\u{FFFD}".utf8)))
        #expect(found["text"] == .number("5"))
        #expect(found["title"] == .string("Hà"))
        #expect(found["x"] == .nested)
        #expect(found["raw"] == .utf8(Array("a\u{FFFD}b".utf8)))
        let plain = try JSONObjectScanner.members(Array(#"{"body": "plain"}"#.utf8), keepingBytesOf: ["body"])
        #expect(plain.first?.value == .utf8(Array("plain".utf8)))
    }

    @Test(arguments: [
        ("not json", 0, "expected '{'"),
        (#"{"a": 1,}"#, 8, "member name"),
        (#"{"a" 1}"#, 5, "':'"),
        (#"{"a": 01}"#, 7, "',' or '}'"),
        (#"{"a": tru}"#, 6, "expected a value"),
        (#"{"a": "open}"#, 12, "not closed"),
        (#"{"a": "\x"}"#, 8, "unknown escape"),
        (#"{"a": "\u12"}"#, 11, "four hex digits"),
        (#"{"a": [1, 2}"#, 11, "',' or ']'"),
        (#"{"a": 1} {"b": 2}"#, 9, "after the object"),
        (#"{"a": 1."#, 8, "decimal point"),
        (#"{"a": -}"#, 7, "a digit"),
        (#"["a"]"#, 0, "expected '{'"),
        ("", 0, "expected '{'"),
    ])
    func syntaxErrorsNameTheirByte(line: String, offset: Int, reason: String) {
        do {
            _ = try JSONObjectScanner.members(Array(line.utf8))
            Issue.record("\(line) was accepted")
        } catch {
            #expect(error.offset == offset, "\(line)")
            #expect(error.reason.contains(reason), "\(line): \(error.reason)")
        }
    }

    @Test func deepNestingIsRefusedNotFollowed() {
        let line = #"{"a": "# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: JSONObjectScanner.SyntaxError.self) { try JSONObjectScanner.members(Array(line.utf8)) }
    }

    /// Foundation's parser is the oracle: random strings of letters,
    /// Vietnamese, escapes, emoji and controls, written by JSONSerialization,
    /// read back the same.
    @Test func agreesWithFoundationOnRandomStrings() throws {
        var generator = SeededRandom(seed: 0x5EED)
        let alphabet: [String] = [
            "a", "Z", " ", "ệ", "Đ", "\u{0301}", "\"", "\\", "/", "\n", "\t", "\u{1}", "\u{1F}", "😀", "中", "\u{FEFF}",
            "\u{7F}", "\u{2028}",
        ]
        for _ in 0..<500 {
            let length = Int.random(in: 0..<40, using: &generator)
            let text = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            let data = try JSONSerialization.data(withJSONObject: ["body": text, "n": 3])
            let found = try JSONObjectScanner.members(Array(data))
            #expect(found.first { $0.key == "body" }?.value == .string(text))
        }
    }
}
