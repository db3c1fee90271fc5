import Testing

@testable import TracuuQuery

/// The opening shown for an article without a title: its first sentence,
/// at most twelve words, from the first line only.
@Suite struct OpeningTests {
    @Test func firstSentenceOfTheFirstLine() {
        #expect(Searcher.opening("Hà Nội  tiếp đoàn Lào. Sau đó họp.\nDòng hai.") == "Hà Nội tiếp đoàn Lào.")
        #expect(Searcher.opening("Một dòng không dấu chấm\nDòng hai.") == "Một dòng không dấu chấm")
        #expect(Searcher.opening("") == "")
        #expect(Searcher.opening("\nChỉ có dòng hai.") == "")
    }

    @Test func twelveWordsAtMost() {
        let words = (1...20).map { "từ\($0)" }
        #expect(Searcher.opening(words.joined(separator: " ")) == words.prefix(12).joined(separator: " ") + "…")
        let twelve = (1...11).map { "từ\($0)" } + ["hết."]
        #expect(Searcher.opening(twelve.joined(separator: " ") + " thêm nữa") == twelve.joined(separator: " "))
    }
}
