import Testing

@testable import TracuuText

/// `LatinLetters` answers for ICU: these tests hold each of its answers,
/// and words made of them, to ICU's own.
@Suite struct LatinLettersTests {
    /// What ICU makes of a word: NFKC_Casefold, and NFD with the marks
    /// removed then NFC (`Folding.removingMarks`'s general path).
    static func icuCaseFolded(_ word: String) -> [UInt8] { Array(Normalizer.normalize(word, .nfkcCasefold).utf8) }

    static func icuUnmarked(_ word: String) -> [UInt8] {
        let decomposed = Normalizer.normalize(word, .nfd)
        var scalars = String.UnicodeScalarView()
        for scalar in decomposed.unicodeScalars where !Folding.isCombiningMark(scalar) { scalars.append(scalar) }
        return Array(Normalizer.normalize(String(scalars), .nfc).utf8)
    }

    static func fast(_ word: String) -> (caseFolded: [UInt8]?, unmarked: [UInt8]?) {
        var copy = word
        return copy.withUTF8 { (LatinLetters.shared.caseFolded(utf8: $0), LatinLetters.shared.unmarked(utf8: $0)) }
    }

    static let blockScalars: [Unicode.Scalar] = LatinLetters.ranges.flatMap { $0.map { Unicode.Scalar($0)! } }

    @Test func everyEntryIsICUsAnswer() {
        var caseFoldedEntries = 0
        var unmarkedEntries = 0
        for scalar in LatinLettersTests.blockScalars {
            let word = String(scalar)
            let (caseFolded, unmarked) = LatinLettersTests.fast(word)
            if let caseFolded {
                caseFoldedEntries += 1
                #expect(caseFolded == LatinLettersTests.icuCaseFolded(word), "U+\(String(scalar.value, radix: 16))")
            }
            if let unmarked {
                unmarkedEntries += 1
                #expect(unmarked == LatinLettersTests.icuUnmarked(word), "U+\(String(scalar.value, radix: 16))")
            }
        }
        // Most of the blocks are plain letters; the table must not be empty
        // by accident (then every word would silently go to ICU).
        #expect(caseFoldedEntries > 600)
        #expect(unmarkedEntries > 600)
    }

    @Test func everyVietnameseLetterHasEntries() {
        let upper = "AĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
        for letter in (upper + upper.lowercased()).unicodeScalars {
            let (caseFolded, unmarked) = LatinLettersTests.fast(String(letter))
            #expect(caseFolded != nil, "\(letter)")
            #expect(unmarked != nil, "\(letter)")
        }
        #expect(LatinLettersTests.fast("Nguyễn").caseFolded == Array("nguyễn".utf8))
        #expect(LatinLettersTests.fast("ĐỒNG").unmarked == Array("ĐONG".utf8))
    }

    /// Words of random letters, ASCII and from the blocks: a word's answer
    /// is its letters' answers in a row, as ICU gives it whole.
    @Test func wordsComposeAsICUsAnswers() {
        var generator = SplitMix(seed: 0x7472_6163_7575)
        let ascii = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".unicodeScalars)
        let vietnamese = Array("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐđƠơƯưÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂăĩũ".unicodeScalars)
        var compared = 0
        for _ in 0..<4000 {
            var word = String.UnicodeScalarView()
            for _ in 0..<(1 + Int(generator.next() % 9)) {
                switch generator.next() % 3 {
                case 0: word.append(ascii[Int(generator.next() % UInt64(ascii.count))])
                case 1: word.append(vietnamese[Int(generator.next() % UInt64(vietnamese.count))])
                default:
                    let all = LatinLettersTests.blockScalars
                    word.append(all[Int(generator.next() % UInt64(all.count))])
                }
            }
            let text = String(word)
            let (caseFolded, unmarked) = LatinLettersTests.fast(text)
            if let caseFolded {
                compared += 1
                #expect(caseFolded == LatinLettersTests.icuCaseFolded(text), "\(text)")
            }
            if let unmarked { #expect(unmarked == LatinLettersTests.icuUnmarked(text), "\(text)") }
        }
        #expect(compared > 1000)
    }

    @Test func wordsOutsideTheTableAreLeftToICU() {
        // A combining mark (not NFC), another script, punctuation, and
        // letters whose answer is not one letter.
        for word in ["ho\u{0300}a", "Москва", "a-b", "straße", "Ĳssel", "a\u{00AD}b"] {
            #expect(LatinLettersTests.fast(word).caseFolded == nil, "\(word)")
        }
        #expect(LatinLettersTests.fast("ho\u{0300}a").unmarked == nil)
        // The public paths still answer them, through ICU.
        var copy = "straße"
        #expect(copy.withUTF8 { Normalizer.caseFoldedWord($0) } == Array("strasse".utf8))
        #expect(Folding.removingMarks("ho\u{0300}a") == "hoa")
    }
}

/// A small deterministic generator (SplitMix64) for reproducible words.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
