import Foundation
import Testing
import TracuuTestSupport
import TracuuText

@testable import TracuuAnalysis

/// The table of Vietnamese vowels `VietnameseSpelling` reads instead of
/// calling ICU agrees with ICU: taking a word apart by table gives the
/// letters NFD gives, and putting letters together gives what NFC gives.
/// Together these make the spelling rules' answers the same by either path.
@Suite struct VietnameseLettersTests {
    typealias Letter = VietnameseSpelling.Letter

    static func same(_ a: [Letter]?, _ b: [Letter]?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.count == b.count
            && zip(a, b).allSatisfy { $0.base == $1.base && $0.shape == $1.shape && $0.tone == $1.tone }
    }

    @Test func everyVowelTakesApartAsNFDDoesAndComposesAsNFCDoes() {
        let vowels = Array(VietnameseLetters.table.unicodeScalars)
        #expect(vowels.count == 72)
        #expect(Set(vowels).count == 72)
        for vowel in vowels {
            let word = String(vowel)
            #expect(Normalizer.normalize(word, .nfc) == word, "\(word) is NFC")
            let byTable = VietnameseSpelling.letters(of: word)
            let byICU = VietnameseSpelling.decomposedLetters(of: word)
            #expect(byTable?.count == 1)
            #expect(Self.same(byTable, byICU), "\(word)")
            if let letters = byTable {
                #expect(VietnameseSpelling.spelled(letters) == word)
                #expect(Normalizer.normalize(VietnameseSpelling.decomposed(letters), .nfc) == word)
            }
        }
    }

    /// Every letter with every shape and tone, vowels and consonants: the
    /// table composes exactly when NFC makes one code point, and then the
    /// same one.
    @Test func everyLetterWithEveryMarkComposesAsNFCDoes() {
        let bases = Array(0x61...0x7A).map(UInt32.init) + [0x111]
        for base in bases {
            for shape in 0...3 {
                for tone in 0...5 {
                    let letters = [Letter(base: base, shape: shape, tone: tone)]
                    let icu = Normalizer.normalize(VietnameseSpelling.decomposed(letters), .nfc)
                    #expect(VietnameseSpelling.spelled(letters) == icu, "\(base) \(shape) \(tone)")
                    let table = VietnameseLetters.shared.compose(.init(base: base, shape: shape, tone: tone))
                    if let table {
                        #expect(String(Unicode.Scalar(table)!) == icu)
                    } else if shape != 0 || tone != 0 {
                        #expect(icu.unicodeScalars.count > 1 || !VietnameseLetters.table.contains(icu), "\(icu)")
                    }
                }
            }
        }
    }

    /// Words that leave the table (capitals, other letters, marks written
    /// apart, deprecated marks) take ICU's path and get its answer.
    @Test func wordsOutsideTheTableGetICUsLetters() {
        for word in ["Hòa", "ǹ", "ü", "hoa\u{300}", "ha\u{323}\u{306}", "ha\u{340}", "Đông", "ðông", "x\u{301}", "\u{301}a", "á\u{300}"] {
            #expect(
                Self.same(VietnameseSpelling.letters(of: word), VietnameseSpelling.decomposedLetters(of: word)),
                "\(word)")
        }
    }

    /// Every word of the bundled corpus, case-folded as the index holds it:
    /// both paths give the same letters, and the rules the same spellings.
    @Test func corpusWordsGetTheSameLettersAndSpellingsByEitherPath() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: PackagePaths.corpus).filter { $0.hasSuffix(".txt") }
        #expect(!files.isEmpty)
        var words = Set<String>()
        for file in files {
            let text = String(decoding: PackagePaths.read(PackagePaths.corpus + "/" + file), as: UTF8.self)
            for word in text.split(whereSeparator: { !$0.isLetter }) { words.insert(TermForms.term(String(word))) }
        }
        #expect(words.count > 500)
        var toned = 0
        for word in words {
            let byTable = VietnameseSpelling.letters(of: word)
            #expect(Self.same(byTable, VietnameseSpelling.decomposedLetters(of: word)), "\(word)")
            if let letters = byTable {
                #expect(VietnameseSpelling.spelled(letters) == Normalizer.normalize(VietnameseSpelling.decomposed(letters), .nfc))
                if letters.contains(where: { $0.tone != 0 }) { toned += 1 }
            }
        }
        #expect(toned > 200)
    }
}
