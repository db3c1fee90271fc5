import Testing

@testable import TracuuAnalysis

@Suite struct TokenizerTests {
    func texts(_ text: String) -> [String] { Tokenizer().tokens(text).map(\.text) }
    func positions(_ text: String) -> [UInt32] { Tokenizer().tokens(text).map(\.token.position) }

    @Test func syllablesAreWords() {
        #expect(texts("Sở Ngoại vụ tỉnh Lạng Sơn") == ["Sở", "Ngoại", "vụ", "tỉnh", "Lạng", "Sơn"])
        #expect(positions("Sở Ngoại vụ") == [0, 1, 2])
    }

    @Test func numbersStayWhole() {
        #expect(texts("đón tiếp 1.221 đoàn, 36 tỷ đồng, 0,2-1%") == ["đón", "tiếp", "1.221", "đoàn", "36", "tỷ", "đồng", "0,2", "1"])
    }

    @Test func documentNumbersSplitIntoJoinedParts() {
        let tokens = Tokenizer().tokens("Quyết định số 04/QĐ-UBND ngày")
        #expect(tokens.map(\.text) == ["Quyết", "định", "số", "04", "QĐ", "UBND", "ngày"])
        #expect(tokens.map(\.token.joined) == [false, false, false, false, true, true, false])
        #expect(tokens.map(\.token.position) == [0, 1, 2, 3, 4, 5, 6])
    }

    @Test func datesSplitIntoJoinedParts() {
        let tokens = Tokenizer().tokens("Ngày 23/6/2017, đồng chí")
        #expect(tokens.map(\.text) == ["Ngày", "23", "6", "2017", "đồng", "chí"])
        #expect(tokens[2].token.joined && tokens[3].token.joined)
    }

    @Test func sentenceEndsAndLinesLeaveAGap() {
        // "tỉnh" and "Đây" must not be adjacent: phrases never span sentences.
        let tokens = Tokenizer().tokens("của tỉnh. Đây là\nsự kiện")
        let position = Dictionary(uniqueKeysWithValues: tokens.map { ($0.text, $0.token.position) })
        #expect(position["Đây"]! - position["tỉnh"]! == 2)
        #expect(position["sự"]! - position["là"]! == 2)
        #expect(position["là"]! - position["Đây"]! == 1)
    }

    @Test func decomposedMarksAndIgnorablesStayInsideWords() {
        #expect(texts("Vie\u{0323}\u{0302}t Nam") == ["Vie\u{0323}\u{0302}t", "Nam"])
        #expect(texts("ngo\u{00AD}ại giao") == ["ngo\u{00AD}ại", "giao"])
        #expect(texts("Hà\u{00A0}Nội") == ["Hà", "Nội"])  // NBSP separates
    }

    @Test func commaBetweenLettersSeparates() {
        let tokens = Tokenizer().tokens("Hà Nội,Việt Nam")
        #expect(tokens.map(\.text) == ["Hà", "Nội", "Việt", "Nam"])
        #expect(tokens[2].token.joined == false)
    }

    @Test func overlongTokensAreDropped() {
        let blob = String(repeating: "a", count: 200)
        #expect(texts("trước \(blob) sau") == ["trước", "sau"])
    }

    @Test func returnsPositionAfterLastToken() {
        let text = Array("một hai".utf8)
        let end = text.withUnsafeBufferPointer { Tokenizer().tokenize($0, firstPosition: 10) { _ in } }
        #expect(end == 13)
    }
}
