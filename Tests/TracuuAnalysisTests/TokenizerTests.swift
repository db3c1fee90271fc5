import Foundation
import Testing

@testable import TracuuAnalysis
import TracuuTestSupport

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

    /// The letters read from their bytes alone and those read through
    /// their Unicode properties cut words alike, wherever they stand: the
    /// word-byte marks leave a text's last character to the other path,
    /// and stop at the bytes next to their letters' ranges.
    @Test func everyLetterJoinsWordsWhereverItStands() {
        let letters = [
            "a", "Z", "7", "à", "Ă", "ơ", "ư", "đ", "ạ", "ỹ", "Ỵ", "a\u{300}", "e\u{323}\u{302}",
            "ʃ", "Ω", "ж", "ⱥ", "\u{370}",
        ]
        for letter in letters {
            #expect(texts(letter) == [letter])
            #expect(texts("x\(letter)") == ["x\(letter)"])
            #expect(texts("\(letter)x \(letter)") == ["\(letter)x", letter])
            #expect(texts("ng\(letter)ời") == ["ng\(letter)ời"])
        }
        for separator in ["×", "÷", "\u{375}", "\u{2013}", "\u{1F600}", "\u{A0}"] {
            #expect(texts("ab\(separator)cd") == ["ab", "cd"])
            #expect(texts("ạ\(separator)ỹ") == ["ạ", "ỹ"])
            #expect(texts("ạ\(separator)") == ["ạ"])
        }
    }

    /// The vector pass marks exactly the bytes its one-byte-at-a-time
    /// reference does: every pair of a byte and the byte after it, at
    /// every offset within a vector; random mixes of the bytes that
    /// Vietnamese letters, marks and punctuation are made of; and the
    /// bundled corpus.
    @Test func wordByteMarksMatchTheirReference() throws {
        func agree(_ bytes: [UInt8]) -> Bool {
            Tokenizer.wordByteMarks(bytes) == Tokenizer.wordByteMarks(bytes, scalar: true)
        }
        var pairs: [UInt8] = []
        for first in 0...255 {
            for second in 0...255 { pairs += [UInt8(first), UInt8(second)] }
        }
        for offset in 0..<17 {
            let agrees = agree(Array(pairs[offset...]))
            #expect(agrees, "pairs from offset \(offset)")
        }
        let alphabet: [UInt8] = [
            0x20, 0x2E, 0x2C, 0x2D, 0x2F, 0x30, 0x39, 0x40, 0x41, 0x5A, 0x5B, 0x60, 0x61, 0x7A, 0x7B, 0x0A,
            0x80, 0x97, 0xA0, 0xAF, 0xB0, 0xB7, 0xB8, 0xBB, 0xBC, 0xBF, 0xC2, 0xC3, 0xC4, 0xC9, 0xCA, 0xCC,
            0xCD, 0xCE, 0xE1, 0xE2, 0xF0,
        ]
        var generator = SystemRandomNumberGenerator()
        for length in 0..<300 {
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
            #expect(agree(bytes), "\(bytes)")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: PackagePaths.corpus).filter { $0.hasSuffix(".txt") }
        #expect(!files.isEmpty)
        for file in files {
            let agrees = agree(PackagePaths.read(PackagePaths.corpus + "/" + file))
            #expect(agrees, "\(file)")
        }
        // What the marks say, where the rule has its exceptions.
        // a, à (C3 A0), not × (C3 97) but its continuation byte, é, not the last byte.
        #expect(Tokenizer.wordByteMarks(Array("aà×é".utf8)) == [0b011_0111])
        #expect(Tokenizer.wordByteMarks(Array("ạ!".utf8)) == [0b111])  // the last byte is never marked
    }

    /// Words longer than the 64 bytes a word of marks covers, and words
    /// across that boundary, stay whole.
    @Test func wordsAcrossMarkWordsStayWhole() {
        let long = String(repeating: "ạ", count: 30)  // 90 bytes
        #expect(texts(long) == [long])
        #expect(texts("\(long) b") == [long, "b"])
        let padding = String(repeating: "x ", count: 29)  // 58 bytes
        #expect(texts(padding + "Nguyễn Quốc") == Array(repeating: "x", count: 29) + ["Nguyễn", "Quốc"])
    }

    @Test func malformedBytesAreReadSafely() {
        // Bytes a String would never hold (the tokenizer is given well-formed
        // UTF-8; these must still be read without a fault): a lead byte
        // before an ASCII letter reads as the two-byte letter its bits
        // make, a stray continuation byte stays inside a word (alone, it
        // reads as U+FFFD, a separator), and so does a truncated letter.
        // No token reaches past the text.
        let samples: [([UInt8], [Range<Int>])] = [
            ([0x61, 0xC3, 0x62], [0..<3]), ([0x61, 0x80, 0x62], [0..<3]), ([0x61, 0xE1, 0xBA], [0..<1]),
            ([0x61, 0xE1], [0..<1]), ([0xE1, 0xBA, 0xA1, 0xE1, 0xBA], [0..<3]), ([0x80], []), ([0xBA, 0xBA], []),
        ]
        for (bytes, expected) in samples {
            var found: [Range<Int>] = []
            _ = bytes.withUnsafeBufferPointer { buffer in Tokenizer().tokenize(buffer) { found.append($0.start..<$0.end) } }
            #expect(found == expected, "\(bytes)")
        }
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

@Suite struct TokenNormalizationTests {
    func terms(_ text: String) -> [String] { Analyzer().termSequence(text).map(\.term) }

    @Test func numbersWrittenDifferentlyAreOneTerm() {
        #expect(terms("1.221 đoàn") == terms("1221 đoàn"))
        #expect(terms("1.221.000 đồng") == ["1221000", "đồng"])
        #expect(terms("03 phòng") == terms("3 phòng"))
        #expect(terms("0,2%") == ["0,2"])
        #expect(terms("0 điểm") == ["0", "điểm"])
    }

    @Test func documentNumbersFindableWithOrWithoutLeadingZero() {
        #expect(terms("04/QĐ-UBND") == ["4", "qđ", "ubnd"])
        #expect(terms("4/QĐ-UBND") == terms("04/QĐ-UBND"))
        #expect(terms("3088/QĐ-BNG") == ["3088", "qđ", "bng"])
        #expect(terms("22-NQ/TW") == ["22", "nq", "tw"])
    }

    @Test func datesInEveryNotationMatch() {
        #expect(terms("23/6/2017") == ["23", "6", "2017"])
        #expect(terms("23/06/2017") == terms("23/6/2017"))
        #expect(terms("23.06.2017") == terms("23/6/2017"))
        #expect(terms("23-06-2017") == terms("23/6/2017"))
    }

    @Test func urlsAndEmailsStayTogether() {
        let tokens = Tokenizer().tokens("Liên hệ: songoaivu@langson.gov.vn hoặc https://vnexpress.net/tin-moi.html")
        #expect(tokens.map(\.text) == ["Liên", "hệ", "songoaivu", "langson", "gov", "vn", "hoặc", "https", "vnexpress", "net", "tin", "moi", "html"])
        // Consecutive positions, glued: a query typed as the address matches it as a phrase.
        let email = tokens[2...5]
        #expect(email.dropFirst().allSatisfy { $0.token.joined })
        #expect(zip(email, email.dropFirst()).allSatisfy { $1.token.position == $0.token.position + 1 })
    }

    @Test func abbreviations() {
        #expect(terms("UBND tỉnh, TTXVN, ASEAN, Đ/c Trưởng") == ["ubnd", "tỉnh", "ttxvn", "asean", "đ", "c", "trưởng"])
    }
}
