import Foundation
import Testing
import TracuuAnalysis
import TracuuTestSupport
import TracuuText

/// The snippeter leaves unanalyzed the words whose letters cannot fold to a
/// query word's key (`Analyzer.termTokens(_:mayMatch:)`). These tests pin
/// down that it never leaves out a word that would have matched.
@Suite struct SnippetPrefilterTests {
    /// Raw words: every token of the bundled corpus, syllables from every
    /// initial, vowel, tone and final (composed and not, upper and lower
    /// case), and odd ones.
    static func words() throws -> [String] {
        var words = Set<String>()
        for name in try FileManager.default.contentsOfDirectory(atPath: PackagePaths.corpus) {
            let text = String(decoding: PackagePaths.read(PackagePaths.corpus + "/" + name), as: UTF8.self)
            var copy = text
            copy.withUTF8 { buffer in
                Tokenizer().tokenize(buffer) { token in
                    words.insert(String(decoding: buffer[token.start..<token.end], as: UTF8.self))
                }
            }
        }
        for syllable in Syllables.all {
            words.insert(syllable)
            words.insert(syllable.precomposedStringWithCanonicalMapping)
            words.insert(syllable.uppercased())
        }
        words.formUnion(["Ðà", "ðông", "ß", "straße", "ĳ", "ﬁnal", "ｙ", "04", "1.221", "kỹ2", "ª", "İstanbul", "ŀl", "ſ", "Øresund", "æ"])
        return Array(words)
    }

    @Test func aWordsPrintIsItsFoldKeysOrNothingIsClaimed() throws {
        var read = 0
        for word in try SnippetPrefilterTests.words() {
            var copy = word
            guard let prints = copy.withUTF8({ Folding.plainFoldPrints(utf8: $0) }) else { continue }
            read += 1
            let key = Analyzer.foldPrint(ofFoldKey: TermForms.foldKey(TermForms.term(word)))
            #expect(key == prints.print || key == prints.yAsI, "\(word): key \(TermForms.foldKey(TermForms.term(word)))")
        }
        #expect(read > 10_000)
    }

    @Test func everyWordThatMatchesIsAnalyzed() throws {
        let corpus = try FileManager.default.contentsOfDirectory(atPath: PackagePaths.corpus).sorted().map {
            String(decoding: PackagePaths.read(PackagePaths.corpus + "/" + $0), as: UTF8.self)
        }
        let queries = [["ngoai", "vu"], ["hợp", "tác", "quốc", "tế"], ["lý", "kỹ", "quy"], ["đối", "ngoại"], ["tỉnh"], ["Mỹ", "Nga"]]
        for words in queries {
            let keys = words.map { TermForms.foldKey(TermForms.term($0)) }
            let prints = keys.map(Analyzer.foldPrint(ofFoldKey:))
            let full = Analyzer()
            let filtered = Analyzer()
            var matched = 0
            var skipped = 0
            for text in corpus {
                let all = full.termTokens(text)
                let some = filtered.termTokens(text, mayMatch: prints)
                #expect(all.count == some.count)
                for (a, b) in zip(all, some) {
                    #expect(a.start == b.start && a.end == b.end && a.position == b.position)
                    let key = TermForms.foldKey(full.termText(a.term))
                    if keys.contains(key) {
                        matched += 1
                        #expect(b.term >= 0 && filtered.termText(b.term) == full.termText(a.term), "\(key)")
                    }
                    if b.term < 0 { skipped += 1 }
                }
            }
            #expect(matched > 0, "\(words)")
            #expect(skipped > matched, "\(words): the filter leaves most words out")
        }
    }
}
