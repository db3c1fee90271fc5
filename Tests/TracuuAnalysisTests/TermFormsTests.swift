import Foundation
import Testing
import TracuuTestSupport
import TracuuText

@testable import TracuuAnalysis

@Suite struct TermFormsTests {
    @Test func termsAreCaseFoldedNFKC() {
        #expect(TermForms.term("UBND") == "ubnd")
        #expect(TermForms.term("NGOẠI") == "ngoại")
        #expect(TermForms.term("ＡＳＥＡＮ") == "asean")
        #expect(TermForms.term("Vie\u{0323}\u{0302}t") == "việt")
    }

    @Test func ethIsD() {
        // Old sites typed Ð (U+00D0, Icelandic eth) for Đ (U+0110).
        #expect(TermForms.term("Ðồng") == TermForms.term("Đồng"))
        #expect(TermForms.term("ðồng") == "đồng")
    }

    @Test func foldKeys() {
        #expect(TermForms.foldKey("ngoại") == "ngoai")
        #expect(TermForms.foldKey("đường") == "duong")
        #expect(TermForms.unaccentedKey("đường") == "đuong")
        #expect(TermForms.isBare("ngoai"))
        #expect(!TermForms.isBare("ngoại"))
        #expect(!TermForms.isBare("đong"))
        // The index's byte form agrees with the query's string form, plain
        // ASCII with a "y" included (the i/y rule applies to it too).
        for term in ["ky", "my", "quy", "hy", "yen", "ngoai", "kỳ", "lý", "duy"] {
            #expect(TermForms.foldKey(bytes: Array(term.utf8)) == Array(TermForms.foldKey(term).utf8), "\(term)")
        }
    }

    /// The keys skip the spelling rules for words without "y" (they change
    /// no other letter, and the keys drop marks): the same keys as the
    /// rules give, for every word of the bundled corpus and for syllables
    /// built from every initial, vowel, mark and final, odd mark orders and
    /// other scripts included.
    @Test func keysWithoutTheSpellingRulesAgreeWithThem() throws {
        var terms = Set<String>()
        let analyzer = Analyzer()
        for name in try FileManager.default.contentsOfDirectory(atPath: PackagePaths.corpus) {
            let text = String(decoding: PackagePaths.read(PackagePaths.corpus + "/" + name), as: UTF8.self)
            for token in analyzer.termSequence(text) { terms.insert(token.term) }
        }
        #expect(terms.count > 3_000)
        for syllable in Syllables.all {
            terms.insert(syllable)
            terms.insert(TermForms.term(syllable))
        }
        terms.formUnion(["a\u{301}\u{302}", "ÿ", "ｙ", "Ý", "kỹ2", "y\u{327}", "ðy", "my-ly", "ỵ", "yy"])
        for term in terms {
            #expect(TermForms.foldKey(term) == Folding.folded(VietnameseSpelling.canonicalIY(term)), "\(term)")
            #expect(TermForms.unaccentedKey(term) == Folding.removingMarks(VietnameseSpelling.canonicalIY(term)), "\(term)")
        }
    }

    /// A word's spellings are the forms `canonical` makes it: its tone on
    /// another letter (a consonant too: "h̀oa" typed by hand), i for y;
    /// never another tone, marks dropped, or a "y" of a diphthong.
    @Test func spellingsAreTheFormsWithTheSameCanonicalForm() {
        #expect(VietnameseSpelling.spellings(of: "hòa") == ["hoà", "hòa", "h\u{300}oa"])
        #expect(Set(VietnameseSpelling.spellings(of: "lý")) == ["lí", "lý", "l\u{301}i", "l\u{301}y"])
        #expect(VietnameseSpelling.spellings(of: "quý").contains("quí"))
        #expect(VietnameseSpelling.spellings(of: "kỹ").contains("kĩ"))
        #expect(Set(VietnameseSpelling.spellings(of: "ngoài")).isSuperset(of: ["ngoài", "ngòai", "ngoaì"]))
        #expect(VietnameseSpelling.spellings(of: "thủy").contains("thuỷ"))
        #expect(!VietnameseSpelling.spellings(of: "thủy").contains("thủi"), "y of a diphthong")
        #expect(VietnameseSpelling.spellings(of: "nam") == ["nam"])
        #expect(VietnameseSpelling.spellings(of: "y") == ["y"], "y that opens the syllable")
        #expect(VietnameseSpelling.spellings(of: "washington") == ["washington"])
        for word in ["hòa", "ngoài", "quý", "khuỷu", "người", "bán"] {
            let spellings = VietnameseSpelling.spellings(of: word)
            #expect(spellings.contains(word))
            #expect(spellings.allSatisfy { MatchTier.of(query: word, candidate: $0) <= .variant }, "\(word)")
        }
        #expect(!VietnameseSpelling.spellings(of: "bán").contains("bàn"))
    }

    @Test func analyzerAggregatesPositionsPerTerm() {
        let analyzer = Analyzer()
        let field = analyzer.analyze("Hội nhập quốc tế. HỘI NHẬP sâu rộng")
        let terms = (0..<field.termCount).map { String(decoding: field.term($0), as: UTF8.self) }
        #expect(terms == ["hội", "nhập", "quốc", "tế", "sâu", "rộng"])
        #expect(Array(field.positions(of: 0)) == [0, 5])
        #expect(field.length == 8)
    }

    @Test func syllablePairsAreFoldedAndStopAtSentences() {
        let field = Analyzer().analyze(parts: ["Hội nhập", "Hội nhập quốc tế. Hội NHẬP"], withPairs: true)
        let pairs = Dictionary(
            uniqueKeysWithValues: zip(field.pairCounts.indices.map { String(decoding: field.pair($0), as: UTF8.self) }, field.pairCounts))
        #expect(pairs == ["hoi nhap": 3, "nhap quoc": 1, "quoc te": 1])  // none across title/body or "tế. Hội"
    }

    @Test func analyzerCacheGivesSameAnswerTwice() {
        let analyzer = Analyzer()
        let first = analyzer.termSequence("Ðà Nẵng hoà bình").map(\.term)
        let second = analyzer.termSequence("Ðà Nẵng hoà bình").map(\.term)
        #expect(first == second)
        #expect(first == ["đà", "nẵng", "hoà", "bình"])
    }

    @Test func termTokensAreTheTermSequenceAsIDs() {
        let analyzer = Analyzer()
        let text = "Ðà Nẵng: hoà bình, HÒA BÌNH và Hoa Bình."
        let tokens = analyzer.termTokens(text)
        let sequence = analyzer.termSequence(text)
        #expect(tokens.map { analyzer.termText($0.term) } == sequence.map(\.term))
        #expect(tokens.map { Int($0.start)..<Int($0.end) } == sequence.map { $0.start..<$0.end })
        // "hoà", "hòa" and "hoa" share a fold id, and the fold key finds it.
        let folds = Set(tokens.filter { ["hoà", "hòa", "hoa"].contains(analyzer.termText($0.term)) }.map(\.fold))
        #expect(folds.count == 1)
        #expect(analyzer.foldID(ofFoldKey: TermForms.foldKey("hòa")) == folds.first)
        #expect(analyzer.foldID(ofFoldKey: "khong") == nil)
    }
}
