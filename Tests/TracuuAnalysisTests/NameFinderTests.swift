import Testing

@testable import TracuuAnalysis

/// The alias names an article holds, found as it is indexed: where a search
/// for the name as an alias would find it by positions, and nowhere else.
@Suite struct NameFinderTests {
    static let list = AliasList(
        tsv: """
            Mỹ\tHoa Kỳ\tHợp chúng quốc Hoa Kỳ
            Pháp\tCộng hòa Pháp
            Iraq\tI-rắc
            """)

    /// The names found in a title and body, as their names-field terms.
    static func names(_ title: String, _ body: String, analyzer: Analyzer = Analyzer()) -> [String] {
        if analyzer.names == nil { analyzer.names = NameFinder(list) }
        let terms = analyzer.analyze(
            utf8Parts: [Array(title.utf8), Array(body.utf8)], output: .ids, findNames: true)
        return terms.names.map { String(decoding: analyzer.names!.keys[$0.name], as: UTF8.self) }
    }

    @Test func namesOfSeveralWordsAreFoundAsWritten() {
        #expect(Self.names("Tin", "Hoa Kỳ và Cộng hòa Pháp ký hiệp định.") == ["hoa kỳ", "cộng hòa pháp"])
        #expect(Self.names("HOA KỲ", "không có gì") == ["hoa kỳ"])
        #expect(Self.names("Tin", "Quân đội I-rắc rút khỏi thành phố.") == ["i rắc"])
        // One-word names need no list: they are terms of their own.
        #expect(Self.names("Mỹ và Pháp", "Iraq") == [])
    }

    @Test func spellingVariantsCountAsTheWord() {
        // Another tone placement, and "i" for "y", as an alias word reads them.
        #expect(Self.names("Tin", "Cộng hoà Pháp tuyên bố.") == ["cộng hòa pháp"])
        #expect(Self.names("Tin", "Hoa Kì tuyên bố.") == ["hoa kỳ"])
    }

    @Test func otherWordsAndWordsApartAreNot() {
        #expect(Self.names("Tin", "Hòa Kỳ tuyên bố.") == [])  // another tone is another word
        #expect(Self.names("Tin", "hoa ky tuyen bo") == [])  // an alias word means its marks
        #expect(Self.names("Tin", "Hoa và Kỳ tuyên bố.") == [])
        // The title and the body are apart: no name spans them.
        #expect(Self.names("Tin Hoa", "Kỳ tuyên bố.") == [])
    }

    /// A word spelled two ways in one article has two lists of positions;
    /// the name is found at either.
    @Test func aWordSpelledTwoWaysInOneArticle() {
        let found = Self.names("Tin", "Hoa Kỳ nói. Hợp chúng quốc Hoa Kì tuyên bố.")
        #expect(found == ["hoa kỳ", "hợp chúng quốc hoa kỳ"])
    }

    /// Each name comes with how many times the field holds it, whichever
    /// spellings it is written with (the names field's frequency).
    @Test func namesAreCounted() {
        let analyzer = Analyzer()
        analyzer.names = NameFinder(Self.list)
        let terms = analyzer.analyze(
            utf8Parts: [Array("Hoa Kỳ".utf8), Array("Hoa Kì nói. Hợp chúng quốc Hoa Kỳ và Cộng hòa Pháp.".utf8)],
            output: .ids, findNames: true)
        let counts = Dictionary(
            uniqueKeysWithValues: terms.names.map { (String(decoding: analyzer.names!.keys[$0.name], as: UTF8.self), $0.count) })
        #expect(counts == ["hoa kỳ": 3, "hợp chúng quốc hoa kỳ": 1, "cộng hòa pháp": 1])
    }

    /// Terms already in the analyzer's vocabulary when the finder is set are
    /// tagged then, not only those that enter it later.
    @Test func aFinderSetAfterTheFirstArticleStillFindsItsWords() {
        let analyzer = Analyzer()
        _ = analyzer.analyze(utf8Parts: [Array("Hoa Kỳ".utf8)], output: .ids)
        #expect(Self.names("Tin", "Hoa Kỳ tuyên bố.", analyzer: analyzer) == ["hoa kỳ"])
    }

    @Test func theMarkerNamesTheList() {
        let finder = NameFinder(Self.list)
        #expect(finder.marker == NameFinder(AliasList(tsv: "Mỹ\tHoa Kỳ\tHợp chúng quốc Hoa Kỳ\nPháp\tCộng hòa Pháp\nIraq\tI-rắc")).marker)
        #expect(finder.marker != NameFinder(AliasList(tsv: "Mỹ\tHoa Kỳ")).marker)
        #expect(finder.marker != NameFinder.standard.marker)
        #expect(NameFinder.standard.keys.contains(Array("tổ chức thương mại thế giới".utf8)))
    }
}
