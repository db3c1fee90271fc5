import Foundation
import Testing
import TracuuCore
import TracuuQuery
import TracuuTestSupport

@testable import TracuuEngine

/// A small corpus written for each behaviour, indexed for real (files,
/// libxml2/ICU, the store), then searched.
final class Corpus {
    let folder = TemporaryDirectory("corpus")
    let index: String
    static let filler = "Đây là một đoạn văn bản đủ dài để bộ trích xuất coi là nội dung bài viết chính."
    /// The same typed without marks, for an article written so.
    static let unmarkedFiller = "Day la mot doan van du dai de bo trich xuat coi la noi dung bai viet chinh."

    init() { index = folder.child("index") }

    /// Writes an article as a captured plain-text page.
    @discardableResult
    func article(_ name: String, title: String, date: String? = nil, body: String, marked: Bool = true) -> String {
        let filler = marked ? Corpus.filler : Corpus.unmarkedFiller
        var lines = [title]
        if let date { lines.append("Ngày đăng: \(date)") }
        lines.append(body + " " + filler)
        lines.append(filler)
        return folder.write("articles/\(name).txt", lines.joined(separator: "\n"))
    }

    @discardableResult
    func build(prune: Bool = false, rebuild: Bool = false, pairs: Bool? = nil, textMarks: Bool = true) throws -> IndexReport {
        var options = IndexOptions(
            indexPath: index, inputs: [folder.child("articles")], rebuild: rebuild, prune: prune, pairs: pairs)
        options.textMarks = textMarks
        return try Indexer(options: options).run()
    }

    func search(_ query: String, from: String? = nil, to: String? = nil, limit: Int = 10, offset: Int = 0,
                sort: SearchRequest.Sort = .relevance, fill: Bool = true) throws -> SearchResponse {
        let reader = try IndexLocation.openReader(index)
        return try Searcher(reader: reader).search(
            SearchRequest(query: query, dateRange: try DateRange(from: from, to: to), limit: limit, offset: offset,
                          sort: sort, fillWithPartialMatches: fill))
    }

    func names(_ response: SearchResponse) -> [String] {
        response.hits.map { ($0.source as NSString).lastPathComponent.replacingOccurrences(of: ".txt", with: "") }
    }
}

@Suite struct SearchBehaviourTests {
    @Test func diacriticsAreOptional() throws {
        let corpus = Corpus()
        corpus.article("a", title: "Hoạt động của Sở Ngoại vụ", body: "Công tác ngoại vụ địa phương được đẩy mạnh.")
        corpus.article("b", title: "Bài khác hẳn", body: "Không có từ khóa nào ở đây cả, chỉ nói chuyện thời tiết.")
        try corpus.build()
        #expect(corpus.names(try corpus.search("ngoai vu")) == ["a"])
        #expect(corpus.names(try corpus.search("NGOẠI VỤ")) == ["a"])
        #expect(corpus.names(try corpus.search("ngoại vụ")) == ["a"])
    }

    @Test func tonePlacementIsTheSameWord() throws {
        let corpus = Corpus()
        corpus.article("old", title: "Giữ gìn hòa bình khu vực", body: "Hai bên cam kết giữ gìn hòa bình và ổn định.")
        corpus.article("new", title: "Giữ gìn hoà bình khu vực", body: "Hai bên cam kết giữ gìn hoà bình và ổn định.")
        corpus.article("chem", title: "Ngành hóa chất tăng trưởng", body: "Sản lượng hóa chất bình quân tăng mạnh.")
        try corpus.build()
        let response = try corpus.search("hòa bình", fill: false)
        // Both placements are found, and the spelling typed comes first; "hóa"
        // is another word and is not a full match's equal.
        #expect(corpus.names(response).prefix(2) == ["old", "new"])
        #expect(response.hits[0].score > response.hits[1].score)
        let swapped = try corpus.search("hoà bình", fill: false)
        #expect(corpus.names(swapped).prefix(2) == ["new", "old"])
    }

    /// Typed with marks, a word finds itself, then the same letters written
    /// without marks (text typed without diacritics); never another word
    /// that shares its letters ("bán" for "bàn", a minimal pair). Typed
    /// bare, it finds every form alike.
    @Test func aMarkedWordFindsItselfAndUnmarkedTextNotOtherWords() throws {
        let corpus = Corpus()
        corpus.article("sell", title: "Chợ phiên cuối tuần", body: "Người dân bán hàng hóa nông sản ở chợ.")
        corpus.article("table", title: "Đồ gỗ mỹ nghệ", body: "Xưởng làm bàn ghế gỗ xuất khẩu sang châu Âu.")
        corpus.article("plain", title: "Do go my nghe", body: "Xuong lam ban ghe go xuat khau sang chau Au.", marked: false)
        try corpus.build()
        let response = try corpus.search("bàn")
        #expect(corpus.names(response) == ["table", "plain"])
        #expect(response.total == 2)
        #expect(response.hits[0].score > 1.5 * response.hits[1].score)
        let bare = try corpus.search("ban")
        #expect(Set(corpus.names(bare)) == ["table", "sell", "plain"])
    }

    /// The letters of a marked word written without marks count only in an
    /// article written without marks: "lao" there is "Lào" typed bare; in
    /// an article written with marks it is another word ("lao động").
    @Test func unmarkedLettersCountOnlyInTextWrittenWithoutMarks() throws {
        let corpus = Corpus()
        corpus.article("laos", title: "Hợp tác với Lào", body: "Việt Nam và Lào ký kết hiệp định hợp tác.")
        corpus.article("plain", title: "Hop tac voi Lao", body: "Viet Nam va Lao ky ket hiep dinh hop tac.", marked: false)
        corpus.article("labour", title: "Thị trường lao động", body: "Người lao động được tăng lương từ tháng sau.")
        try corpus.build()
        let response = try corpus.search("Lào", fill: false)
        #expect(corpus.names(response) == ["laos", "plain"])
        #expect(response.total == 2)
        #expect(corpus.names(try corpus.search("\"Lào ký\"", fill: false)) == ["laos", "plain"])
        // Typed without marks, the word finds every article with its letters.
        #expect(Set(corpus.names(try corpus.search("lao", fill: false))) == ["laos", "plain", "labour"])
    }

    /// A segment whose articles do not say how they are written (indexed
    /// before the flag) counts a marked word's unmarked letters in every
    /// article, as searches did then; a segment that says counts them only
    /// where the text is unmarked; a reindex brings the old one up to date.
    @Test func olderSegmentsCountUnmarkedLettersEverywhereUntilReindexed() throws {
        let corpus = Corpus()
        corpus.article("laos1", title: "Hợp tác với Lào", body: "Việt Nam và Lào ký kết hiệp định hợp tác.")
        corpus.article("labour1", title: "Thị trường lao động", body: "Người lao động được tăng lương từ tháng sau.")
        try corpus.build(textMarks: false)
        corpus.article("laos2", title: "Lào mở cửa khẩu", body: "Lào mở thêm cửa khẩu biên giới với Việt Nam.")
        corpus.article("labour2", title: "Xuất khẩu lao động", body: "Lao động xuất khẩu gửi tiền về quê nhà.")
        try corpus.build()
        var stats = try IndexStats(reader: try IndexLocation.openReader(corpus.index))
        #expect(stats.segments == 2)
        #expect(stats.textMarksSegments == 1)
        #expect(Set(corpus.names(try corpus.search("Lào", fill: false))) == ["laos1", "labour1", "laos2"])
        #expect(try Reindexer(indexPath: corpus.index).run() == Reindexer.Report(articles: 4, duplicates: 0))
        stats = try IndexStats(reader: try IndexLocation.openReader(corpus.index))
        #expect(stats.textMarksSegments == stats.segments)
        #expect(Set(corpus.names(try corpus.search("Lào", fill: false))) == ["laos1", "laos2"])
    }

    /// A toned word asks for itself, in quotes or not: its spelling
    /// variants and the text typed without marks match it, other words
    /// with its letters do not; typed bare, the phrase matches them all.
    @Test func aTonedPhraseMatchesItsOwnSpellingsAndUnmarkedText() throws {
        let corpus = Corpus()
        corpus.article("old", title: "Tin một", body: "Hai bên cam kết giữ gìn hòa bình khu vực.")
        corpus.article("new", title: "Tin hai", body: "Hai bên cam kết giữ gìn hoà bình khu vực.")
        corpus.article("plain", title: "Tin ba", body: "Hai ben cam ket giu gin hoa binh khu vuc.", marked: false)
        corpus.article("chem", title: "Tin bốn", body: "Quá trình chuyển hóa bình thường của cơ thể.")
        try corpus.build()
        #expect(Set(corpus.names(try corpus.search("\"hòa bình\"", fill: false))) == ["old", "new", "plain"])
        #expect(Set(corpus.names(try corpus.search("\"hoa binh\"", fill: false))) == ["old", "new", "plain", "chem"])
        // Outside quotes too, the text without marks below the spelling typed.
        let words = try corpus.search("hòa bình", fill: false)
        #expect(corpus.names(words) == ["old", "new", "plain"])
    }

    @Test func phrasesNeedAdjacency() throws {
        let corpus = Corpus()
        corpus.article("together", title: "Tin một", body: "Tỉnh chủ động hội nhập quốc tế sâu rộng.")
        corpus.article("apart", title: "Tin hai", body: "Hội đồng nhân dân họp bàn về nhập khẩu hàng hóa.")
        try corpus.build()
        #expect(corpus.names(try corpus.search("\"hội nhập\"", fill: false)) == ["together"])
        // Unquoted, both match, and words standing together rank first.
        let loose = try corpus.search("hội nhập")
        #expect(corpus.names(loose) == ["together", "apart"])
    }

    @Test func booleanOperators() throws {
        let corpus = Corpus()
        corpus.article("laos", title: "Hợp tác với Lào", body: "Tăng cường hợp tác biên giới với Lào.")
        corpus.article("cambodia", title: "Hợp tác với Campuchia", body: "Tăng cường hợp tác biên giới với Campuchia.")
        corpus.article("china", title: "Hợp tác với Trung Quốc", body: "Tăng cường hợp tác biên giới với Trung Quốc.")
        try corpus.build()
        #expect(Set(corpus.names(try corpus.search("Lào OR Campuchia"))) == ["laos", "cambodia"])
        #expect(Set(corpus.names(try corpus.search("hợp tác -Lào", fill: false))) == ["cambodia", "china"])
        #expect(corpus.names(try corpus.search("(Lào OR Campuchia) -Campuchia", fill: false)) == ["laos"])
        #expect(corpus.names(try corpus.search("title:Lào")) == ["laos"])
    }

    @Test func dateRangesAreInclusiveAndExcludeUndated() throws {
        let corpus = Corpus()
        corpus.article("d2016", title: "Hội nghị ngoại vụ năm trước", date: "31/12/2016", body: "Hội nghị ngoại vụ diễn ra lần một.")
        corpus.article("d2017", title: "Hội nghị ngoại vụ đầu năm", date: "01/01/2017", body: "Hội nghị ngoại vụ diễn ra lần hai.")
        corpus.article("d2017b", title: "Hội nghị ngoại vụ cuối năm", date: "31/12/2017", body: "Hội nghị ngoại vụ diễn ra lần ba.")
        corpus.article("d2019", title: "Hội nghị ngoại vụ gần đây", date: "22/01/2019", body: "Hội nghị ngoại vụ diễn ra lần bốn.")
        corpus.article("nodate", title: "Hội nghị ngoại vụ không ngày", body: "Hội nghị ngoại vụ diễn ra lần năm.")
        try corpus.build()
        #expect(try corpus.search("ngoại vụ").total == 5)
        #expect(Set(corpus.names(try corpus.search("ngoại vụ", from: "2017", to: "2017"))) == ["d2017", "d2017b"])
        #expect(Set(corpus.names(try corpus.search("ngoại vụ", to: "2017"))) == ["d2016", "d2017", "d2017b"])
        #expect(Set(corpus.names(try corpus.search("ngoại vụ", from: "2017-12-31"))) == ["d2017b", "d2019"])
        #expect(corpus.names(try corpus.search("ngoại vụ", from: "2019-01"))  == ["d2019"])
        // Sorting by date: newest first, undated last.
        #expect(corpus.names(try corpus.search("ngoại vụ", sort: .date)) == ["d2019", "d2017b", "d2017", "d2016", "nodate"])
        #expect(throws: DateRangeError.self) { try DateRange(from: "2019", to: "2017") }
        #expect(throws: DateRangeError.self) { try DateRange(from: "22/01/2019", to: nil) }
        // A date of the right form that does not exist is named as such.
        #expect(throws: DateRangeError.self) { try DateRange(from: "2019-02-30", to: nil) }
        do {
            _ = try DateRange(from: nil, to: "2020-02-30")
            Issue.record("2020-02-30 accepted")
        } catch {
            #expect(error.description == "invalid date '2020-02-30' for --to: 2020-02 has 29 days")
        }
    }

    @Test func pagingIsConsistentAndTotalExact() throws {
        let corpus = Corpus()
        for index in 0..<23 {
            corpus.article("n\(index)", title: "Tin số \(index)", body: String(repeating: "biên giới ", count: index % 5 + 1) + "tin tức số \(index)")
        }
        try corpus.build()
        let all = try corpus.search("biên giới", limit: 23)
        #expect(all.total == 23)
        var paged: [String] = []
        for offset in stride(from: 0, to: 23, by: 5) {
            let page = try corpus.search("biên giới", limit: 5, offset: offset)
            #expect(page.total == 23)
            paged += corpus.names(page)
        }
        #expect(paged == corpus.names(all))
        #expect(try corpus.search("biên giới", limit: 5, offset: 30).hits.isEmpty)
    }

    @Test func shortPagesAreFilledWithPartialMatches() throws {
        let corpus = Corpus()
        corpus.article("all", title: "Hợp tác biên giới Lào", body: "Hợp tác biên giới với Lào.")
        corpus.article("some", title: "Hợp tác kinh tế", body: "Hợp tác kinh tế với Nhật Bản.")
        corpus.article("none", title: "Thời tiết", body: "Trời mưa to ở Hà Nội.")
        try corpus.build()
        let response = try corpus.search("hợp tác biên giới Lào")
        #expect(response.total == 1)
        #expect(response.partialTotal == 1)
        #expect(corpus.names(response) == ["all", "some"])
        #expect(response.hits.map(\.matchedAll) == [true, false])
    }

    @Test(arguments: [false, true]) func explanationsAddUp(pairs: Bool) throws {
        let corpus = Corpus()
        corpus.article("a", title: "Hội nhập quốc tế", body: "Tỉnh chủ động hội nhập quốc tế.")
        corpus.article("b", title: "Tin khác", body: "Chuyện khác hẳn.")
        try corpus.build(pairs: pairs)
        let reader = try IndexLocation.openReader(corpus.index)
        let response = try Searcher(reader: reader).search(SearchRequest(query: "hoi nhap", explain: true))
        let explanation = try #require(response.hits.first?.explanation)
        #expect(abs(explanation.value - response.hits[0].score) < 1e-9)
        let text = explanation.render()
        #expect(text.contains("unaccented"))
        #expect(text.contains(pairs ? "compound \"hoi nhap\" ×2" : "\"hoi nhap\" side by side ×2"))
    }

    /// Vietnamese compound words are separate syllables: "hội nhập" side by
    /// side outranks "hội" and "nhập" apart, with or without indexed pairs.
    @Test(arguments: [false, true]) func compoundWordsOutrankScatteredSyllables(pairs: Bool) throws {
        let corpus = Corpus()
        corpus.article("apart", title: "Tin tỉnh", body: "Hội nghị bàn về xuất nhập khẩu của tỉnh nhà.")
        corpus.article("together", title: "Tin tỉnh", body: "Tỉnh bàn về hội nhập và xuất khẩu của nghị.")
        try corpus.build(pairs: pairs)
        #expect(corpus.names(try corpus.search("hội nhập")) == ["together", "apart"])
        let reader = try IndexLocation.openReader(corpus.index)
        let off = try Searcher(reader: reader).search(SearchRequest(query: "hội nhập", compoundWords: false))
        #expect(abs(off.hits[0].score - off.hits[1].score) < 1e-9)
    }

    /// Pairs are a setting of the whole index: kept by later runs, changed
    /// only by a rebuild.
    @Test func pairsSettingIsKeptUntilRebuild() throws {
        let corpus = Corpus()
        corpus.article("a", title: "Hội nhập quốc tế", body: "Tỉnh chủ động hội nhập quốc tế.")
        try corpus.build(pairs: true)
        corpus.article("b", title: "Hội nhập khu vực", body: "Hội nhập khu vực sâu rộng.")
        try corpus.build()
        var reader = try IndexLocation.openReader(corpus.index)
        #expect(ArticleSchema.hasPairs(reader.commit.userData))
        #expect(throws: EngineError.self) { try corpus.build(pairs: false) }
        try corpus.build(rebuild: true, pairs: false)
        reader = try IndexLocation.openReader(corpus.index)
        #expect(!ArticleSchema.hasPairs(reader.commit.userData))
        #expect(reader.liveDocCount == 2)
    }

    @Test func bm25IsAvailable() throws {
        let corpus = Corpus()
        corpus.article("a", title: "Hội nhập", body: "Hội nhập quốc tế.")
        try corpus.build()
        let reader = try IndexLocation.openReader(corpus.index)
        let response = try Searcher(reader: reader).search(SearchRequest(query: "hội nhập", ranking: .bm25))
        #expect(response.total == 1)
        #expect(response.hits[0].score > 0)
    }

    /// A phrase word written two ways in one document ("hòa" and "hoà")
    /// has its positions merged in order, whichever form comes first in the
    /// text: the phrase is found at either, and not across a gap.
    @Test func phrasesMatchAcrossTwoSpellingsOfAWordInOneDocument() throws {
        let corpus = Corpus()
        corpus.article("a", title: "Tin một", body: "Hoà bình và hòa hợp.")
        corpus.article("b", title: "Tin hai", body: "Hòa hợp, rồi hoà bình.")
        corpus.article("c", title: "Tin ba", body: "Hòa và hoà, rồi bình yên.")
        corpus.article("d", title: "Tin bốn", body: "Bình yên, hòa hợp, hoà giải.")
        try corpus.build()
        for query in ["\"hòa bình\"", "\"hoà bình\"", "\"hoa binh\""] {
            let response = try corpus.search(query, fill: false)
            #expect(Set(corpus.names(response)) == ["a", "b"], "\(query)")
            #expect(response.total == 2, "\(query)")
        }
        #expect(corpus.names(try corpus.search("\"bình hòa\"", fill: false)).isEmpty)
    }

    /// A hit shown without a snippet reads its title, source and id alone
    /// (the body is a frame of its own in the stored file), and shows the
    /// same as with one; an article without a title still gets its opening
    /// words, which only the body holds.
    @Test func hitsWithoutSnippetsShowTheSameArticle() throws {
        let corpus = Corpus()
        let path = corpus.folder.write(
            "c.jsonl",
            """
            {"id": "titled", "title": "Hợp tác biên giới Việt - Lào", "date": "2021-04-02", "url": "https://a.vn/1.htm", "body": "Hai tỉnh biên giới ký kết hợp tác. Các bên thống nhất nhiều nội dung."}
            {"id": "untitled", "title": null, "date": "2021-04-03", "url": "https://a.vn/2.htm", "body": "Đoàn công tác biên giới đến thăm tỉnh bạn. Chuyến thăm kéo dài ba ngày."}
            """)
        _ = try Indexer(options: IndexOptions(indexPath: corpus.index, inputs: [path])).run()
        let searcher = try Searcher(reader: IndexLocation.openReader(corpus.index))
        var request = SearchRequest(query: "biên giới")
        let withSnippets = try searcher.search(request)
        request.snippets = false
        let without = try searcher.search(request)
        #expect(Set(without.hits.map(\.id)) == ["titled", "untitled"])
        #expect(without.hits.map(\.id) == withSnippets.hits.map(\.id))
        #expect(without.hits.map(\.title) == withSnippets.hits.map(\.title))
        #expect(without.hits.map(\.source) == withSnippets.hits.map(\.source))
        #expect(without.hits.map(\.date) == withSnippets.hits.map(\.date))
        #expect(without.hits.allSatisfy { $0.snippet.text.isEmpty })
        let untitled = try #require(without.hits.first { $0.id == "untitled" })
        #expect(untitled.title == nil)
        #expect(untitled.opening == "Đoàn công tác biên giới đến thăm tỉnh bạn.")
    }

    @Test func aSearchOutOfTimeStopsWithTheReason() throws {
        let corpus = Corpus()
        corpus.article("a", title: "Hội nhập quốc tế", body: "Hội nhập quốc tế của địa phương.")
        try corpus.build()
        let searcher = Searcher(reader: try IndexLocation.openReader(corpus.index))
        var request = SearchRequest(query: "hội nhập")
        request.timeLimitMilliseconds = 0
        #expect(throws: SearchTimeout.self) { try searcher.search(request) }
        request.timeLimitMilliseconds = 60_000
        #expect(try searcher.search(request).total == 1)
        #expect(SearchTimeout(limitMilliseconds: 2_000).description.contains("2000 ms"))
    }
}
