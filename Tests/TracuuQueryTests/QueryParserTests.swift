import Testing
import TracuuAnalysis

@testable import TracuuQuery

@Suite struct QueryParserTests {
    let parser = QueryParser()

    func parsed(_ query: String) throws -> String { try parser.parse(query).description }

    @Test func wordsAreAllRequired() throws {
        #expect(try parsed("hội nhập") == "(hội AND nhập)")
        #expect(try parsed("Ngoại Vụ") == "(ngoại AND vụ)")
        #expect(try parsed("ASEAN") == "asean")
    }

    @Test func phrasesAndCompoundWords() throws {
        #expect(try parsed("\"Sở Ngoại vụ\"") == "\"sở ngoại vụ\"")
        #expect(try parsed("“hội nhập quốc tế”") == "\"hội nhập quốc tế\"")
        // A document number typed as one word matches as a phrase.
        #expect(try parsed("04/QĐ-UBND") == "\"4 qđ ubnd\"")
        #expect(try parsed("23/6/2017") == "\"23 6 2017\"")
    }

    @Test func operators() throws {
        #expect(try parsed("Lào OR Campuchia") == "(lào OR campuchia)")
        #expect(try parsed("biên giới -Trung") == "(biên AND giới AND -trung)")
        #expect(try parsed("(Lào OR Campuchia) hợp tác") == "((lào OR campuchia) AND hợp AND tác)")
        #expect(try parsed("title:ASEAN") == "title:asean")
        #expect(try parsed("title:\"hội nghị\" Lào") == "(title:\"hội nghị\" AND lào)")
        #expect(try parsed("or and") == "(or AND and)")  // lower-case "or" is a word
        #expect(try parsed("kinh-tế") == "\"kinh tế\"")  // a hyphen inside a word joins
        // A dash between spaces is headline punctuation, not an exclusion.
        #expect(try parsed("Quan hệ Việt - Lào") == "(quan AND hệ AND việt AND lào)")
        #expect(try parsed("Israel – Hamas") == "(israel AND hamas)")
        #expect(try parsed("hội nhập -") == "(hội AND nhập)")
    }

    @Test func punctuationOnlyWordsAreDropped() throws {
        #expect(try parsed("hội nhập , .") == "(hội AND nhập)")
    }

    @Test(arguments: [
        ("\"hội nhập", 1, "never closed"),
        ("(Lào OR Campuchia", 1, "never closed"),
        ("Lào)", 4, "unmatched"),
        ("Lào OR", 5, "OR needs"),
        ("OR Lào", 1, "expected a word"),
        ("-Lào", 1, "only exclude"),
        ("title:", 1, "no words"),
        ("Lào title:", 5, "needs a word"),
        ("", 1, "no words"),
        ("  ...  ", 1, "no words"),
    ])
    func syntaxErrorsPointAtTheColumn(query: String, column: Int, message: String) {
        do {
            let node = try parser.parse(query)
            Issue.record("parsed as \(node)")
        } catch {
            #expect(error.column == column)
            #expect(error.message.contains(message), "\(error.message)")
            #expect(error.description.contains("^"))
        }
    }
}

@Suite struct RankingTests {
    @Test func tfidfFormula() {
        // idf = ln((N+1)/df), not squared.
        #expect(abs(Ranking.tfidf.idf(docFreq: 10, documents: 99) - log(10.0)) < 1e-12)
        // tf' = 1 + ln(1 + ln tf) at average length.
        #expect(Ranking.tfidf.tfPart(freq: 1, length: 100, averageLength: 100) == 1)
        let tf3 = 1 + log(1 + log(3.0))
        #expect(abs(Ranking.tfidf.tfPart(freq: 3, length: 100, averageLength: 100) - tf3) < 1e-12)
        // Pivoted normalization: twice the average length divides by 1.2.
        #expect(abs(Ranking.tfidf.tfPart(freq: 1, length: 200, averageLength: 100) - 1 / 1.2) < 1e-12)
        #expect(Ranking.tfidf.tfPart(freq: 0, length: 10, averageLength: 10) == 0)
    }

    /// The written-out tf′ table is the formula, bit for bit (the scores
    /// of whole frequencies come from it, others from the formula).
    @Test func dampedTFTableIsTheFormula() {
        #expect(dampedTFTable.count == 256)
        #expect(dampedTFTable[0] == 0)
        for freq in 1..<dampedTFTable.count {
            #expect(dampedTFTable[freq] == Ranking.dampedTFFormula(Double(freq)), "tf \(freq)")
        }
        #expect(Ranking.dampedTF(3) == Ranking.dampedTFFormula(3))
        #expect(Ranking.dampedTF(300) == Ranking.dampedTFFormula(300))
        #expect(Ranking.dampedTF(0.5) == 0.5)
    }

    @Test func bm25Formula() {
        let idf = log(1 + (100 - 10 + 0.5) / (10 + 0.5))
        #expect(abs(Ranking.bm25.idf(docFreq: 10, documents: 100) - idf) < 1e-12)
        // At average length, tf=1 gives (k1+1)/(1+k1) = 1.
        #expect(abs(Ranking.bm25.tfPart(freq: 1, length: 50, averageLength: 50) - 1) < 1e-12)
    }

    /// tf′ with the average folded into the norm (how every score and
    /// bound computes it) is the written formula up to rounding, for both
    /// rankings, with or without an average length.
    @Test func foldedLengthNormIsTheWrittenFormula() {
        for average in [0.0, 1, 7.5, 312.25] {
            for freq in [0.0, 0.4, 1, 2, 3, 17, 300] {
                for length: Int64 in [0, 1, 5, 300, 40_000] {
                    let relative = average > 0 ? Double(max(length, 1)) / average : 1
                    let damped = freq < 1 ? freq : 1 + log(1 + log(freq))
                    let tfidf = freq == 0 ? 0 : damped / (0.8 + 0.2 * relative)
                    let bm25 = freq == 0 ? 0 : freq * 2.2 / (freq + 1.2 * (0.25 + 0.75 * relative))
                    for (ranking, expected) in [(Ranking.tfidf, tfidf), (.bm25, bm25)] {
                        let folded = ranking.tfPart(freq: freq, length: length, norm: ranking.lengthNorm(averageLength: average))
                        #expect(abs(folded - expected) <= 1e-12 * max(1, expected), "\(ranking) \(freq) \(length) \(average)")
                        #expect(ranking.tfPart(freq: freq, length: length, averageLength: average) == folded)
                    }
                }
            }
        }
    }
}

@Suite struct TopKTests {
    @Test func keepsTheBestInOrder() {
        var top = TopK<Int>(capacity: 5, isBetter: >)
        var random = SystemRandomNumberGenerator()
        let values = (0..<1000).map { _ in Int.random(in: 0..<100_000, using: &random) }
        for value in values { top.insert(value) }
        #expect(top.sorted() == Array(values.sorted(by: >).prefix(5)))
        var empty = TopK<Int>(capacity: 0, isBetter: >)
        empty.insert(1)
        #expect(empty.sorted().isEmpty)
    }
}

@Suite struct SnippeterTests {
    @Test func highlightsTheBestTierAndPicksTheDensestWindow() {
        let body = String(repeating: "Trụ sở cũ nằm ở số 5. ", count: 10)
            + "Đoàn công tác làm việc tại Sở Ngoại vụ tỉnh Lạng Sơn. " + String(repeating: "Câu khác. ", count: 20)
        let snippet = Snippeter().snippet(
            body: body, words: [.init(term: "sở", weight: 1), .init(term: "ngoại", weight: 2), .init(term: "vụ", weight: 2)],
            analyzer: Analyzer())
        let scalars = Array(snippet.text.unicodeScalars)
        let marked = snippet.highlights.map { String(String.UnicodeScalarView(scalars[$0])) }
        #expect(marked.contains("Sở") && marked.contains("Ngoại") && marked.contains("vụ"))
        #expect(!marked.contains("số"))  // shares letters with "sở" but is another word
        #expect(snippet.marked(open: "[", close: "]").contains("[Sở] [Ngoại] [vụ]"))
    }

    @Test func aSharedAnalyzerGivesTheSameSnippets() {
        let body = "Đoàn công tác làm việc tại Sở Ngoại vụ tỉnh Lạng Sơn; hoà bình và hợp tác. " + Self.filler
        let words: [Snippeter.Word] = [.init(term: "hòa", weight: 1), .init(term: "ngoai", weight: 2)]
        let fresh = Snippeter().snippet(body: body, words: words, analyzer: Analyzer())
        // A searcher's analyzer has seen other bodies and other queries: its
        // ids differ, the snippet must not.
        let shared = Analyzer()
        _ = shared.termTokens("Hoà Bình, ngoại giao, hòa giải và Ngoai. " + Self.filler)
        for _ in 0..<3 {
            #expect(Snippeter().snippet(body: body, words: words, analyzer: shared) == fresh)
        }
        #expect(fresh.marked(open: "[", close: "]").contains("[hoà]"))
        #expect(fresh.marked(open: "[", close: "]").contains("[Ngoại]"))
        // A query word no body word shares letters with marks nothing.
        let none = Snippeter().snippet(body: body, words: [.init(term: "xyz", weight: 1)], analyzer: shared)
        #expect(none.highlights.isEmpty)
    }

    static let filler = String(repeating: "Câu khác không liên quan. ", count: 5)

    /// A phrase's words are highlighted where the phrase stands, not
    /// wherever one of them does: "Bộ Ngoại giao" marks no lone "bộ" or
    /// "ngoại giao", and a name's alias ("WTO") no "thương mại" of its own.
    @Test func phraseWordsAreHighlightedOnlyInThePhrase() {
        let body = "Quan hệ ngoại giao giữa hai bộ ngành. Bộ Ngoại giao thông báo. Tranh chấp thương mại. "
            + "Tổ chức Thương mại Thế giới (WTO) họp. " + Self.filler
        func marked(_ words: [String], phrases: [Range<Int>]) -> [String] {
            let query = Snippeter.Query(words: words.map { .init(term: $0, weight: 1) }, phrases: phrases)
            let snippet = Snippeter().snippet(body: body, query: query, analyzer: Analyzer())
            let scalars = Array(snippet.text.unicodeScalars)
            return snippet.highlights.map { String(String.UnicodeScalarView(scalars[$0])) }
        }
        #expect(marked(["bộ", "ngoại", "giao"], phrases: [0..<3]) == ["Bộ", "Ngoại", "giao"])
        // As separate words, each is marked wherever it stands.
        #expect(marked(["bộ", "ngoại", "giao"], phrases: []) == ["ngoại", "giao", "bộ", "Bộ", "Ngoại", "giao"])
        let wto = ["wto", "tổ", "chức", "thương", "mại", "thế", "giới"]
        #expect(marked(wto, phrases: [1..<7]) == ["Tổ", "chức", "Thương", "mại", "Thế", "giới", "WTO"])
        // A word both alone and in a phrase is marked alone too.
        #expect(marked(["ngoại", "bộ", "ngoại", "giao"], phrases: [1..<4]) == ["ngoại", "Bộ", "Ngoại", "giao"])
    }

    @Test func escapingForHTML() {
        let snippet = Snippeter.Snippet(text: "a <b> c", highlights: [2..<5])
        let html = snippet.marked(open: "<mark>", close: "</mark>") { $0.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;") }
        #expect(html == "a <mark>&lt;b&gt;</mark> c")
    }
}

import Foundation

@Suite struct QueryFilterSyntaxTests {
    let parser = QueryParser()

    func range(_ query: String) throws -> String { try parser.parseQuery(query).dateRange.description }

    @Test func dateTermsAreFiltersOfTheWholeQuery() throws {
        #expect(try range("hội nhập date:2017") == "2017-01-01..2017-12-31")
        #expect(try range("date:2017-06..2019-01 hội nhập") == "2017-06-01..2019-01-31")
        #expect(try range("hội date:2017-06-05") == "2017-06-05..2017-06-05")
        #expect(try range("hội date:..2016") == "…..2016-12-31")
        #expect(try range("hội date:2018..") == "2018-01-01..…")
        #expect(try range("hội date:2016..2019 date:2018") == "2018-01-01..2018-12-31")
        #expect(try range("hội nhập") == "…..…")
        #expect(try parser.parse("hội date:2017 nhập").description == "(hội AND nhập)")
        #expect(try parser.parse("Lào OR Campuchia date:2017").description == "(lào OR campuchia)")
    }

    @Test(arguments: [
        ("(hội date:2017)", 6, "outside parentheses"),
        ("hội -date:2017", 5, "cannot be excluded"),
        ("hội date:2017-13", 10, "'2017-13' is no date (there is no month 13)"),
        ("hội date:2019-02-29..2020", 10, "'2019-02-29' is no date (2019-02 has 28 days)"),
        ("hội date:17", 10, "'17' is no date (expected YYYY"),
        ("hội date:2019..2017", 10, "'2019..2017' starts after it ends"),
        ("hội date:..", 10, "not a date range"),
        ("date:2017", 1, "add a word"),
        ("hội date:2016 date:2018", 15, "leaves no day"),
    ])
    func badDatesPointAtTheColumn(query: String, column: Int, message: String) {
        do {
            _ = try parser.parseQuery(query)
            Issue.record("\(query) parsed")
        } catch {
            #expect(error.column == column, "\(query)")
            #expect(error.message.contains(message), "\(query): \(error.message)")
        }
    }

    @Test func prefixes() throws {
        let node = try parser.parse("ngoại* vụ")
        #expect(node.description == "(ngoại* AND vụ)")
        guard case .and(let children) = node, case .word(let word) = children[0] else {
            Issue.record("unexpected shape \(node)")
            return
        }
        #expect(word.isPrefix && word.terms == ["ngoại"])
        #expect(try parser.parse("\"ngoại* vụ\"").description == "\"ngoại vụ\"")  // no prefixes in phrases
        for (query, message) in [("n*", "two letters"), ("*", "start of a word"), ("hội*nhập*", "several"), ("04/QĐ*", "several")] {
            do {
                _ = try parser.parse(query)
                Issue.record("\(query) parsed")
            } catch {
                #expect(error.message.contains(message), "\(query): \(error.message)")
                #expect(error.column == 1)
            }
        }
    }
}
