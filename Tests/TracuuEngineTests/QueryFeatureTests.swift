import Foundation
import Testing
import TracuuAnalysis
import TracuuCore
import TracuuStore
import TracuuTestSupport

@testable import TracuuEngine
@testable import TracuuQuery

/// A generated JSONL corpus big enough for several blocks of 128 postings
/// and several segments: syllables drawn from a small vocabulary (so words
/// co-occur and stand side by side often), dates over a few years, and
/// duplicates (equal scores and dates, so ties are decided by id). With
/// `unmarkedEvery`, every so many articles are written without marks.
final class GeneratedCorpus {
    let folder = TemporaryDirectory("generated")
    let index: String
    /// The articles written without marks (`unmarkedEvery`), and every
    /// article's words (title, then body).
    private(set) var unmarkedIDs: Set<String> = []
    private(set) var words: [String: [String]] = [:]
    static let vocabulary = [
        "hợp", "tác", "quốc", "tế", "ngoại", "vụ", "biên", "giới", "hội", "nhập", "lào", "campuchia", "đối",
        "ngoại", "kinh", "tế", "văn", "hóa", "hoà", "bình", "thủy", "thuỷ", "sở", "tỉnh", "đoàn", "công", "tác",
        "nhân", "dân", "trung", "ương", "việt", "nam", "ngoài", "ngoái", "đầu", "tư",
    ]

    init(documents: Int, seed: UInt64, unmarkedEvery: Int = 0) throws {
        index = folder.child("index")
        var random = SeededRandom(seed: seed)
        // Three JSONL files indexed one after another: three segments at least.
        let perFile = documents / 3
        var number = 0
        for part in 0..<3 {
            var lines: [String] = []
            for _ in 0..<perFile {
                var title = (0..<Int.random(in: 3...8, using: &random)).map { _ in GeneratedCorpus.vocabulary.randomElement(using: &random)! }
                var body = (0..<Int.random(in: 10...120, using: &random)).map { _ in GeneratedCorpus.vocabulary.randomElement(using: &random)! }
                let unmarked = unmarkedEvery > 0 && number % unmarkedEvery == 1
                if unmarked {
                    title = title.map(TermForms.letters)
                    body = body.map(TermForms.letters)
                }
                let year = Int.random(in: 2015...2020, using: &random)
                let month = Int.random(in: 1...12, using: &random)
                let dated = Int.random(in: 0..<10, using: &random) > 0
                var record: [String: String] = [
                    "id": String(format: "g%05d", number), "title": title.joined(separator: " "),
                    "body": body.joined(separator: " "),
                ]
                if dated { record["date"] = String(format: "%04d-%02d-15", year, month) }
                lines.append(try GeneratedCorpus.json(record))
                words[record["id"]!] = title + body
                if unmarked { unmarkedIDs.insert(record["id"]!) }
                // Every twentieth article is published twice under another id.
                if number % 20 == 0 {
                    record["id"] = String(format: "z%05d", number)
                    lines.append(try GeneratedCorpus.json(record))
                }
                number += 1
            }
            let path = folder.write("part\(part).jsonl", lines.joined(separator: "\n") + "\n")
            _ = try Indexer(options: IndexOptions(indexPath: index, inputs: [path])).run()
        }
    }

    static func json(_ record: [String: String]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self)
    }

    func searcher() throws -> Searcher { Searcher(reader: try IndexLocation.openReader(index)) }
}

@Suite struct QueryFeatureTests {
    /// Two answers to one query agree in all a user sees: totals, the
    /// histogram, and the page (ids, scores, how many words each hit has).
    static func expectSameAnswer(_ a: SearchResponse, _ b: SearchResponse, _ query: String) {
        #expect(a.total == b.total, "\(query)")
        #expect(a.partialTotal == b.partialTotal, "\(query)")
        #expect(a.histogram == b.histogram, "\(query)")
        #expect(a.hits.map(\.id) == b.hits.map(\.id), "\(query)")
        #expect(a.hits.map(\.score) == b.hits.map(\.score), "\(query)")
        #expect(a.hits.map(\.matchedWords) == b.hits.map(\.matchedWords), "\(query)")
    }

    /// The ids of every article matching all of `query` (as typed: no
    /// aliases, no partial matches), up to 5,000.
    static func idsMatchingAll(_ searcher: Searcher, _ query: String) throws -> Set<String> {
        var request = SearchRequest(query: query, limit: 5000)
        request.fillWithPartialMatches = false
        request.expandAliases = false
        request.snippets = false
        return Set(try searcher.search(request).hits.filter(\.matchedAll).map(\.id))
    }

    /// Runs a request pruned and exhaustively, expects the same answer (with
    /// matches), and returns how many documents the pruned one passed over.
    /// Pruned both ways a segment may be searched: as the request says
    /// (the test corpora's segments are small, so mostly walked whole) and
    /// counted from bits in every segment (`SearchRequest.countedFrom`).
    static func expectPrunedIsExhaustive(_ searcher: Searcher, _ request: SearchRequest) throws -> Int {
        var request = request
        let pruned = try searcher.search(request)
        var counted = request
        counted.countEverySegment()
        let countedAnswer = try searcher.search(counted)
        request.exhaustive = true
        let exhaustive = try searcher.search(request)
        #expect(pruned.total > 0, "\(request.query)")
        expectSameAnswer(pruned, exhaustive, request.query)
        expectSameAnswer(countedAnswer, exhaustive, "counted: \(request.query)")
        return max(pruned.skipped, countedAnswer.skipped)
    }

    /// The pruned search (documents that cannot enter the page are counted
    /// but not scored in full) gives exactly the exhaustive answer.
    @Test func prunedTopKEqualsExhaustiveScoring() throws {
        let corpus = try GeneratedCorpus(documents: 1500, seed: 7)
        let searcher = try corpus.searcher()
        #expect(searcher.reader.segments.count >= 3)
        var random = SeededRandom(seed: 42)
        let words = GeneratedCorpus.vocabulary + ["hoi", "ngoai", "hoa", "thuy", "ngoa*", "ho*"]
        var skippedInAll = 0
        var skippedCounted = 0
        for round in 0..<150 {
            let count = Int.random(in: 1...6, using: &random)
            var parts = (0..<count).map { _ in words.randomElement(using: &random)! }
            switch round % 5 {
            case 1 where parts.count >= 2: parts = [parts[0], "OR", parts[1]] + parts.dropFirst(2)
            case 2 where parts.count >= 2: parts[parts.count - 1] = "-" + parts[parts.count - 1].replacingOccurrences(of: "*", with: "")
            case 3 where parts.count >= 2: parts = ["\"\(parts[0]) \(parts[1])\""] + parts.dropFirst(2)
            default: break
            }
            let query = parts.joined(separator: " ")
            var request = SearchRequest(
                query: query, limit: [1, 3, 10][round % 3], offset: round % 4 == 0 ? 5 : 0,
                sort: round % 6 == 5 ? .date : .relevance, ranking: round % 7 == 6 ? .bm25 : .tfidf)
            if round % 8 == 7 { request.dateRange = DateRange(lower: Day(year: 2017, month: 1, day: 1), upper: nil) }
            let pruned: SearchResponse
            do {
                pruned = try searcher.search(request)
            } catch is QuerySyntaxError {
                continue  // "-word" alone and the like
            }
            // Every segment counted from bits, however few its postings.
            var counted = request
            counted.countEverySegment()
            let countedAnswer = try searcher.search(counted)
            request.exhaustive = true
            let exhaustive = try searcher.search(request)
            Self.expectSameAnswer(pruned, exhaustive, query)
            Self.expectSameAnswer(countedAnswer, exhaustive, "counted: \(query)")
            #expect(exhaustive.skipped == 0)
            skippedInAll += pruned.skipped
            skippedCounted += countedAnswer.skipped
        }
        // The pruning did prune, both ways (otherwise this test would prove nothing).
        #expect(skippedInAll > 1000)
        #expect(skippedCounted > 1000)
    }

    /// A marked word's unmarked forms count only in articles written without
    /// marks ("lao" for "Lào" there; "lao động" elsewhere): on a corpus that
    /// mixes both, every article a marked word finds holds one of its
    /// spellings or is written without marks, the articles without marks
    /// are found, and pruned searches give the exhaustive answer.
    @Test func unmarkedFormsCountOnlyInArticlesWithoutMarks() throws {
        let corpus = try GeneratedCorpus(documents: 1200, seed: 23, unmarkedEvery: 9)
        let searcher = try corpus.searcher()
        #expect(searcher.reader.segments.count >= 3)
        for word in ["ngoại", "hoà", "lào", "tác", "đối"] {
            var request = SearchRequest(query: word, limit: 5000, fillWithPartialMatches: false)
            request.expandAliases = false
            request.snippets = false
            let hits = try searcher.search(request).hits
            let shown = hits.map(\.id) + hits.flatMap { $0.alsoPublished.map(\.id) }
            let spellings = Set(VietnameseSpelling.spellings(of: word))
            let bare = TermForms.letters(word)
            var unmarkedFound: Set<String> = []
            for id in shown {
                // A republished copy ("z…") has its original's words.
                let original = id.hasPrefix("z") ? "g" + id.dropFirst() : id
                let words = corpus.words[original] ?? []
                if corpus.unmarkedIDs.contains(original) {
                    #expect(words.contains(bare), "\(word): \(id)")
                    unmarkedFound.insert(original)
                } else {
                    #expect(words.contains(where: spellings.contains), "\(word) found \(id), written with marks, by another word")
                }
            }
            let expected = corpus.unmarkedIDs.filter { corpus.words[$0]?.contains(bare) == true }
            #expect(!expected.isEmpty)
            #expect(unmarkedFound == expected, "\(word)")
        }
        var random = SeededRandom(seed: 11)
        let words = ["ngoại", "hoà", "hòa", "lào", "tác", "đối", "hợp", "thủy", "bình", "việt", "ngoai", "hoa"]
        for round in 0..<80 {
            var parts = (0..<Int.random(in: 1...4, using: &random)).map { _ in words.randomElement(using: &random)! }
            switch round % 4 {
            case 1 where parts.count >= 2: parts = [parts[0], "OR", parts[1]] + parts.dropFirst(2)
            case 2 where parts.count >= 2: parts = ["\"\(parts[0]) \(parts[1])\""] + parts.dropFirst(2)
            default: break
            }
            let request = SearchRequest(query: parts.joined(separator: " "), limit: [1, 5, 10][round % 3])
            _ = try Self.expectPrunedIsExhaustive(searcher, request)
        }
    }

    /// The first segment's page starts empty: its likeliest documents are
    /// scored first (`Searcher.walkSeeded`), so the bar does not climb from
    /// nothing in document order and few documents are scored in full. The
    /// answers stay the exhaustive ones.
    @Test func aPageIsScoredFromItsLikeliestDocumentsFirst() throws {
        let corpus = try GeneratedCorpus(documents: 1500, seed: 29)
        let searcher = try corpus.searcher()
        searcher.helpedPostings = .max  // one thread: each thread seeds its own page
        var scored: [Int] = []
        for query in ["hợp tác", "quốc tế", "ngoại vụ", "việt nam", "hoi", "đầu tư hội nhập", "tỉnh"] {
            var request = SearchRequest(query: query, limit: 3)
            request.countEverySegment()  // seeding is the counted walk's
            _ = try Self.expectPrunedIsExhaustive(searcher, request)
            scored.append(try searcher.search(request).scored)
        }
        // 121 in all when written; 252 with the walk in document order
        // only (seeding switched off).
        #expect(scored.reduce(0, +) <= 170, "\(scored)")
    }

    /// A searcher keeps the words its searches resolved for the ones after
    /// (`ResolvedWordCache`): every answer must be the one a fresh searcher
    /// gives, whatever came before — the same words under the other
    /// ranking (whose idf differs), another title weight, in the title
    /// field, typed bare and toned, in phrases, prefixes and aliases.
    @Test func aSearcherAnswersEachQueryAsAFreshOneWould() throws {
        let corpus = try GeneratedCorpus(documents: 900, seed: 23)
        let kept = try corpus.searcher()
        let queries = [
            "hợp tác quốc tế", "hop tac", "quốc", "title:quốc tế", "\"quốc tế\" hội", "quoc OR lào", "ngoa*",
            "hoà bình", "hòa bình", "thủy", "thuỷ -đoàn", "Lào", "việt nam", "quốc tế",
        ]
        for round in 0..<3 {
            for (index, query) in queries.enumerated() {
                var request = SearchRequest(query: query, limit: 5, ranking: (index + round) % 2 == 0 ? .tfidf : .bm25)
                request.titleWeight = [1.0, 0.0, 2.5][(index + round) % 3]
                let fresh = try corpus.searcher().search(request)
                #expect(fresh.total > 0, "\(query)")
                Self.expectSameAnswer(try kept.search(request), fresh, query)
            }
        }
    }

    /// Sorted by date, the articles of the page's last day (every undated
    /// one, in a corpus without dates) are told apart by score: those whose
    /// bound cannot reach the page's last score are passed over unscored,
    /// and the page is still the exhaustive one.
    @Test func dateSortedPagesPruneWithinTheLastDay() throws {
        let corpus = try GeneratedCorpus(documents: 1500, seed: 17)
        let searcher = try corpus.searcher()
        let queries = [
            "hợp tác", "quốc tế OR biên giới", "hoi", "ngoại vụ -tỉnh", "Lào", "\"hợp tác\" quốc", "việt nam trung ương",
            "đầu tư hội nhập kinh tế văn hóa",
        ]
        var skipped = 0
        for query in queries {
            for limit in [1, 5, 20] {
                skipped += try Self.expectPrunedIsExhaustive(searcher, SearchRequest(query: query, limit: limit, sort: .date))
            }
        }
        #expect(skipped > 1000)
    }

    /// An OR whose phrase holds another alternative's words (as a name's
    /// aliases do) is walked by that alternative alone, the phrase caught
    /// up only where a document is scored: the documents, totals, scores
    /// and matched-word counts must be the exhaustive ones.
    @Test func coveredAlternativesGiveTheExhaustiveAnswer() throws {
        let corpus = try GeneratedCorpus(documents: 1500, seed: 11)
        let searcher = try corpus.searcher()
        let queries = [
            "lào OR \"nhân dân lào\"", "\"trung ương\" OR \"hợp tác trung ương việt\" OR \"trung ương\"",
            "(hợp OR \"hợp tác\" OR \"quốc tế hợp tác\") biên", "\"ngoại vụ\" OR \"sở ngoại vụ tỉnh\" OR vụ",
            "Lào", "hòa bình OR \"hoà bình\"",
        ]
        var skipped = 0
        for query in queries {
            for (sort, limit) in [(SearchRequest.Sort.relevance, 1), (.relevance, 10), (.date, 5)] {
                skipped += try Self.expectPrunedIsExhaustive(searcher, SearchRequest(query: query, limit: limit, sort: sort))
            }
        }
        #expect(skipped > 100)
    }

    /// A phrase moves its words one at a time, rarest first, and reads
    /// positions before it moves the common ones (`PhraseScorer.advance`).
    /// Its matches must be exactly the documents whose text has the words
    /// side by side, found here by reading the generated text itself: one
    /// common word beside rare ones (so the common word's blocks are
    /// skipped), repeated words, and phrases that occur nowhere.
    @Test func phrasesMatchExactlyWhereTheTextHasTheWordsSideBySide() throws {
        let folder = TemporaryDirectory("phrase-oracle")
        // Zipf-like: "các" in nearly every body, "hiệp" and "ước" rare.
        let weighted: [(String, Int)] = [
            ("các", 30), ("quốc", 12), ("gia", 10), ("nam", 8), ("đông", 6), ("hội", 5), ("hiệp", 1),
            ("ước", 1), ("á", 2), ("hòa", 2), ("hoà", 1), ("hoa", 1), ("hồi", 2), ("hoi", 1), ("năm", 2),
        ]
        let bag = weighted.flatMap { Array(repeating: $0.0, count: $0.1) }
        var random = SeededRandom(seed: 41)
        var texts: [(id: String, title: [String], body: [String], unmarked: Bool)] = []
        for part in 0..<2 {
            var lines: [String] = []
            for number in 0..<700 {
                var title = (0..<Int.random(in: 2...5, using: &random)).map { _ in bag.randomElement(using: &random)! }
                // A word of its own every eighth keeps two bodies from
                // reading as one article republished (which a search shows once).
                var body = (0..<Int.random(in: 20...200, using: &random)).map { index in
                    index % 8 == 7 ? "mã\(part)x\(number)x\(index)" : bag.randomElement(using: &random)!
                }
                // One article in ten written without marks.
                if number % 10 == 3 {
                    title = title.map(TermForms.letters)
                    body = body.map(TermForms.letters)
                }
                let kinds = (title + body).map { word in
                    Array(word.utf8).withUnsafeBufferPointer { TextMarks.kind(of: $0) }
                }
                let unmarked = TextMarks.isWrittenWithoutMarks(
                    marked: kinds.filter { $0 == .marked }.count, plain: kinds.filter { $0 == .plain }.count)
                let id = String(format: "p%d-%04d", part, number)
                texts.append((id, title, body, unmarked))
                lines.append(try GeneratedCorpus.json(["id": id, "title": title.joined(separator: " "), "body": body.joined(separator: " ")]))
            }
            let path = folder.write("part\(part).jsonl", lines.joined(separator: "\n") + "\n")
            _ = try Indexer(options: IndexOptions(indexPath: folder.child("index"), inputs: [path])).run()
        }
        let searcher = Searcher(reader: try IndexLocation.openReader(folder.child("index")))
        // A phrase word matches the forms of its fold key it reads: a bare
        // word every one ("nam" finds "năm"), a toned word its spelling
        // variants, and in an article written without marks the forms
        // without marks ("hòa" finds "hoà", and "hoa" there; "hội" finds
        // "hoi" there, never "hồi"). Title and body are apart, so no
        // phrase spans them.
        func matches(_ word: String, _ text: String, unmarked: Bool) -> Bool {
            TermForms.foldKey(word) == TermForms.foldKey(text)
                && (TermForms.isBare(word) || MatchTier.of(query: word, candidate: text) <= .variant
                    || (unmarked && TermForms.isBare(text)))
        }
        func expected(_ phrase: [String]) -> Set<String> {
            Set(texts.filter { text in
                [text.title, text.body].contains { words in
                    words.count >= phrase.count
                        && (0...(words.count - phrase.count)).contains { start in
                            zip(phrase, words[start..<start + phrase.count]).allSatisfy {
                                matches($0, $1, unmarked: text.unmarked)
                            }
                        }
                }
            }.map(\.id))
        }
        func found(_ query: String) throws -> Set<String> { try Self.idsMatchingAll(searcher, query) }
        var phrases: [[String]] = [
            ["hiệp", "các", "quốc"], ["các", "các"], ["các", "hiệp", "các"], ["ước", "á", "hiệp"], ["hội", "các"],
            ["hoi", "các"], ["các", "nam"], ["các", "năm"],
        ]
        for _ in 0..<40 {
            let text = texts.randomElement(using: &random)!
            let length = Int.random(in: 2...4, using: &random)
            let start = Int.random(in: 0...(text.body.count - length), using: &random)
            let window = Array(text.body[start..<start + length])
            if !window.contains(where: { $0.hasPrefix("mã") }) { phrases.append(window) }
        }
        var matched = 0
        for phrase in phrases {
            let query = "\"" + phrase.joined(separator: " ") + "\""
            let want = expected(phrase)
            let got = try found(query)
            #expect(got.symmetricDifference(want).isEmpty, "\(query): \(got.count) found, \(want.count) in the text")
            if !want.isEmpty { matched += 1 }
            // Driving an OR beside a word, the phrase walks the same way.
            #expect(try found("\(query) OR ước") == want.union(try found("ước")), "\(query) OR ước")
        }
        #expect(matched >= 25)
        var pruned = SearchRequest(query: "\"hiệp các\" OR \"các ước\"", limit: 3)
        pruned.expandAliases = false
        _ = try Self.expectPrunedIsExhaustive(searcher, pruned)
    }

    /// A phrase inside a conjunction reads positions only where the other
    /// parts match (two-phase iteration), and an OR of phrases there
    /// confirms only its alternatives on the document. The documents
    /// matched must be the set algebra of the parts searched alone, each
    /// alone walked by other code (bitsets for words, a phrase advancing
    /// by itself), and pruned must still equal exhaustive.
    @Test func phrasesInsideConjunctionsMatchTheirPartsSearchedAlone() throws {
        let corpus = try GeneratedCorpus(documents: 1500, seed: 23)
        let searcher = try corpus.searcher()
        func ids(_ query: String) throws -> Set<String> { try Self.idsMatchingAll(searcher, query) }
        var random = SeededRandom(seed: 5)
        let words = GeneratedCorpus.vocabulary
        var nonEmpty = 0
        for _ in 0..<40 {
            func pick() -> String { words.randomElement(using: &random)! }
            let word = pick()
            let phraseA = "\"\(pick()) \(pick())\""
            let phraseB = "\"\(pick()) \(pick())\""
            let excluded = pick()
            let expected = try ids(word).intersection(try ids(phraseA).union(try ids(phraseB)))
                .subtracting(try ids(excluded))
            let query = "\(word) (\(phraseA) OR \(phraseB)) -\(excluded)"
            #expect(try ids(query) == expected, "\(query)")
            let twoPhrases = try ids("\(phraseA) \(word) \(phraseB)")
            #expect(twoPhrases == (try ids(phraseA)).intersection(try ids(word)).intersection(try ids(phraseB)))
            if !expected.isEmpty {
                nonEmpty += 1
                var request = SearchRequest(query: query, limit: 3)
                request.expandAliases = false
                _ = try Self.expectPrunedIsExhaustive(searcher, request)
            }
            // A long query is ranked over any of its parts; a phrase part
            // is counted among the documents the other parts lack, and
            // checked among those with all of them: totals, partial totals
            // and the page must be the exhaustive walk's.
            var long = SearchRequest(
                query: "\(pick()) \(pick()) \(word) \(pick()) (\(phraseA) OR \(phraseB))", limit: 10)
            long.expandAliases = false
            _ = try Self.expectPrunedIsExhaustive(searcher, long)
        }
        // Enough of the queries match something to prove a point.
        #expect(nonEmpty >= 10)
    }

    /// A searcher over an index, in `folder`, of `records` (id, title, body).
    static func searcher(over records: [[String: String]], in folder: TemporaryDirectory) throws -> Searcher {
        let path = folder.write("records.jsonl", try records.map(GeneratedCorpus.json).joined(separator: "\n") + "\n")
        let index = folder.child("index")
        _ = try Indexer(options: IndexOptions(indexPath: index, inputs: [path])).run()
        return Searcher(reader: try IndexLocation.openReader(index))
    }

    /// A name's aliases are matched as the list writes them: "Mỹ" finds
    /// "Hoa Kỳ" (and its other spelling "Hoa Kì"), not "hoa ky" without
    /// marks, which only a word typed without marks would ask for.
    @Test func aliasesMatchAsWrittenNotLoosely() throws {
        let folder = TemporaryDirectory("aliases")
        let records = [
            ["id": "a", "title": "Thuế", "body": "Mỹ tăng thuế nhập khẩu."],
            ["id": "b", "title": "Quan hệ", "body": "Hoa Kỳ và Việt Nam ký hiệp định."],
            ["id": "c", "title": "Quan hệ", "body": "Hoa Kì và Việt Nam ký hiệp định."],
            ["id": "d", "title": "Bau cu", "body": "tin hoa ky hom nay: bau cu dien ra o nhieu bang"],
            ["id": "e", "title": "Tin", "body": "Hợp chúng quốc Hoa Kỳ."],
            ["id": "f", "title": "Tin", "body": "Hiệp hội các quốc gia Đông Nam Á họp."],
            // The name's unmarked words ("gia", "nam") with tones: another text.
            ["id": "g", "title": "Tin", "body": "hiệp hội các quốc giá đông năm á"],
        ]
        let searcher = try Self.searcher(over: records, in: folder)
        let ids = Set(try searcher.search(SearchRequest(query: "Mỹ", limit: 10)).hits.map(\.id))
        #expect(ids == ["a", "b", "c", "e"])
        // Typed without marks, the name's own words still match every form.
        let bare = Set(try searcher.search(SearchRequest(query: "hoa ky", limit: 10)).hits.map(\.id))
        #expect(bare.isSuperset(of: ["b", "c", "d", "e"]))
        // A word the list writes without marks means that spelling too.
        let asean = Set(try searcher.search(SearchRequest(query: "ASEAN", limit: 10)).hits.map(\.id))
        #expect(asean == ["f"])
        let typed = Set(try searcher.search(SearchRequest(query: "\"quoc gia dong nam a\"", limit: 10)).hits.map(\.id))
        #expect(typed == ["f", "g"])
    }

    /// A name's longer aliases that hold it ("CHDCND Lào" for "Lào") find
    /// the same articles and add nothing to their scores: the article that
    /// spells the full name out is not counted "Lào" three times.
    @Test func aliasesHoldingTheNameAddNoScore() throws {
        let folder = TemporaryDirectory("held-aliases")
        let records = [
            ["id": "a", "title": "Tin", "body": "Lào và Việt Nam ký hiệp định thương mại."],
            ["id": "b", "title": "Tin", "body": "CHDCND Lào và Việt Nam ký hiệp định thương mại."],
            ["id": "c", "title": "Tin", "body": "Cộng hòa Dân chủ Nhân dân Lào ký hiệp định thương mại."],
            ["id": "d", "title": "Tin", "body": "Campuchia ký hiệp định thương mại."],
        ]
        let searcher = try Self.searcher(over: records, in: folder)
        var plain = SearchRequest(query: "Lào", limit: 10)
        plain.expandAliases = false
        let expanded = try searcher.search(SearchRequest(query: "Lào", limit: 10))
        let unexpanded = try searcher.search(plain)
        #expect(Set(expanded.hits.map(\.id)) == ["a", "b", "c"])
        #expect(expanded.hits.map(\.id) == unexpanded.hits.map(\.id))
        #expect(expanded.hits.map(\.score) == unexpanded.hits.map(\.score))
        // Typed in full, the name still finds the articles with the short one.
        let full = Set(try searcher.search(SearchRequest(query: "CHDCND Lào", limit: 10)).hits.map(\.id))
        #expect(full == ["a", "b", "c"])
    }

    /// An alias name's articles read from the names field (`NameFinder`)
    /// are those its positions give: the same index content built with the
    /// shipped list, with another list (every name checked by positions),
    /// and half and half, merged and not. Where every segment lists the
    /// names, a name scores as one term (`QueryResolver.nameWord`), so only
    /// the matches agree there; half and half, it is scored as a phrase
    /// everywhere, and the answer is the positional one to the last score.
    @Test func aliasNamesListedAtIndexTimeGiveThePositionalAnswer() throws {
        let words = [
            "tổ", "chức", "thương", "mại", "thế", "giới", "hiệp", "hội", "các", "quốc", "gia", "đông", "nam", "á",
            "hoa", "kỳ", "kì", "hòa", "hợp", "chúng", "i", "rắc", "cam", "pu", "chia", "liên", "cộng", "hoà",
            "pháp", "thuế", "ký", "ky", "năm", "giá", "WTO", "Mỹ", "Iraq", "ASEAN",
        ]
        let names = [
            "Tổ chức Thương mại Thế giới", "Hiệp hội các quốc gia Đông Nam Á", "Hoa Kỳ", "Hoa Kì",
            "Hợp chúng quốc Hoa Kỳ", "I-rắc", "Cam-pu-chia", "Liên Hợp Quốc", "Cộng hòa Pháp", "Cộng hoà Pháp",
        ]
        var random = SeededRandom(seed: 11)
        func text(_ length: Int) -> String {
            (0..<length).map { _ in
                Int.random(in: 0..<6, using: &random) == 0
                    ? names.randomElement(using: &random)! : words.randomElement(using: &random)!
            }.joined(separator: " ")
        }
        var parts: [[String]] = [[], []]
        for number in 0..<600 {
            let year = 2015 + number % 6
            parts[number % 2].append(
                try GeneratedCorpus.json([
                    "id": String(format: "n%04d", number), "title": text(Int.random(in: 2...6, using: &random)),
                    "body": text(Int.random(in: 5...60, using: &random)), "date": "\(year)-06-15",
                ]))
        }
        let folder = TemporaryDirectory("names")
        let files = parts.enumerated().map { folder.write("part\($0.offset).jsonl", $0.element.joined(separator: "\n") + "\n") }
        let other = NameFinder(AliasList(tsv: "Mỹ\tHoa Kỳ"))
        func index(_ name: String, _ finders: [NameFinder]) throws -> String {
            let path = folder.child(name)
            for (file, finder) in zip(files, finders) {
                var options = IndexOptions(indexPath: path, inputs: [file])
                options.aliasNames = finder
                _ = try Indexer(options: options).run()
            }
            return path
        }
        let listed = try index("listed", [.standard, .standard])
        let positional = try index("positional", [other, other])
        let mixed = try index("mixed", [.standard, other])
        // The shipped list's names are listed, and every article carries its marker.
        let reader = try IndexLocation.openReader(listed)
        let marker = ArticleSchema.nameMarkerKey(fingerprint: AliasList.standard.fingerprint)
        for segment in reader.segments {
            #expect(try segment.dictionary.lookup(marker)?.docFreq == segment.docCount)
        }
        let wto = ArticleSchema.nameKey(["tổ", "chức", "thương", "mại", "thế", "giới"])
        #expect(try reader.segments.map { try segment(wto, $0) }.reduce(0, +) > 0)
        func segment(_ key: [UInt8], _ segment: SegmentReader) throws -> Int { try segment.dictionary.lookup(key)?.docFreq ?? 0 }

        let queries = [
            "WTO", "Mỹ", "Hoa Kỳ", "Iraq", "Campuchia", "ASEAN", "Pháp", "LHQ", "WTO OR Iraq", "Mỹ Iraq", "thuế -Mỹ",
            "Mỹ thuế năm", "title:Mỹ", "\"Hoa Kỳ\"", "WTO date:2016..2018", "hợp chúng quốc hoa kỳ thuế",
        ]
        func answers(_ path: String) throws -> [SearchResponse] {
            let searcher = Searcher(reader: try IndexLocation.openReader(path))
            return try queries.map { query in
                var request = SearchRequest(query: query, limit: 20)
                request.snippets = false
                return try searcher.search(request)
            }
        }
        let expected = try answers(positional)
        #expect(expected[0].total > 0 && expected[1].total > 0)
        for (query, (got, want)) in zip(queries, zip(try answers(mixed), expected)) {
            Self.expectSameAnswer(got, want, "mixed: \(query)")
        }
        // Listed: the same articles match, every one of them (a page of all).
        func matches(_ path: String) throws -> [(total: Int, partial: Int, ids: Set<String>)] {
            let searcher = Searcher(reader: try IndexLocation.openReader(path))
            return try queries.map { query in
                var request = SearchRequest(query: query, limit: 1000)
                request.snippets = false
                let response = try searcher.search(request)
                #expect(response.hits.count == response.total + response.partialTotal, "\(query)")
                return (response.total, response.partialTotal, Set(response.hits.map(\.id)))
            }
        }
        for (query, (got, want)) in zip(queries, zip(try matches(listed), try matches(positional))) {
            #expect(got.total == want.total && got.partial == want.partial, "listed: \(query)")
            #expect(got.ids == want.ids, "listed: \(query)")
        }
        _ = try Optimizer(indexPath: mixed).run()
        for (query, (got, want)) in zip(queries, zip(try answers(mixed), expected)) {
            Self.expectSameAnswer(got, want, "merged: \(query)")
        }
    }

    /// An added alias name is one term, its frequency the times the text
    /// holds it: an article saying "Tổ chức Thương mại Thế giới" twice
    /// outranks one saying it once, and one holding only its words, apart,
    /// does not match "WTO" at all.
    @Test func anAliasNameScoresAsOneTermCountedInTheText() throws {
        let folder = TemporaryDirectory("name-term")
        let records = [
            ["id": "once", "title": "Tin", "body": "Tổ chức Thương mại Thế giới họp phiên thường kỳ tại đây."],
            ["id": "twice", "title": "Tin", "body": "Tổ chức Thương mại Thế giới họp. Tổ chức Thương mại Thế giới ra tuyên bố."],
            ["id": "apart", "title": "Tin", "body": "Thế giới thương mại, các tổ chức quốc tế họp phiên thường kỳ."],
            ["id": "short", "title": "Tin", "body": "WTO họp phiên thường kỳ tại đây hôm nay nữa."],
        ]
        let searcher = try Self.searcher(over: records, in: folder)
        let response = try searcher.search(SearchRequest(query: "WTO", limit: 10, explain: true))
        #expect(Set(response.hits.map(\.id)) == ["once", "twice", "short"])
        let twice = try #require(response.hits.first { $0.id == "twice" })
        let once = try #require(response.hits.first { $0.id == "once" })
        #expect(twice.score > once.score)
        let explained = twice.explanation?.render() ?? ""
        #expect(explained.contains("name \"tổ chức thương mại thế giới\" in text ×2"), "\(explained)")
        #expect(explained.contains("the name as the alias list writes it"), "\(explained)")
        // Its words, not the name, for the snippet's highlights.
        var plain = SearchRequest(query: "WTO", limit: 10)
        plain.snippets = true
        let snippet = try searcher.search(plain).hits.first { $0.id == "once" }?.snippet
        #expect(snippet?.marked(open: "<", close: ">").contains("<Tổ") == true, "\(String(describing: snippet))")
    }

    /// Words written as alternatives are no compound word: "Nhật OR Hàn"
    /// scores an article with both side by side as the two words, while
    /// "Nhật Hàn" (both required) ranks it above the one with them apart.
    @Test func alternativesAreNoCompoundWord() throws {
        let folder = TemporaryDirectory("or-compound")
        let records = [
            ["id": "a", "title": "Tin", "body": "Nhật Hàn và ký hiệp định."],
            ["id": "b", "title": "Tin", "body": "Nhật và Hàn ký hiệp định."],
        ]
        let searcher = try Self.searcher(over: records, in: folder)
        let either = try searcher.search(SearchRequest(query: "Nhật OR Hàn", limit: 10, explain: true)).hits
        #expect(Set(either.map(\.id)) == ["a", "b"])
        #expect(either[0].score == either[1].score)
        let explained = either[0].explanation?.render() ?? ""
        #expect(explained.contains("word \"hàn\""))
        #expect(explained.contains("compound") == false)
        let both = try searcher.search(SearchRequest(query: "Nhật Hàn", limit: 10, explain: true)).hits
        #expect(both.map(\.id) == ["a", "b"])
        #expect(both[0].score > both[1].score)
        #expect((both[0].explanation?.render() ?? "").contains("compound words (adjacency)"))
    }

    /// A narrow date range leads the search through the documents it holds
    /// (the words' postings are only skipped through), and the fill of a
    /// short page with partial matches too: the totals, partial totals,
    /// histograms and pages are those of the exhaustive walk.
    @Test func aNarrowDateRangeLeadingGivesTheExhaustiveAnswer() throws {
        let corpus = try GeneratedCorpus(documents: 1500, seed: 17)
        let searcher = try corpus.searcher()
        let queries = [
            "hợp", "hợp tác", "lào OR biên", "\"trung ương\"", "ngoai", "hoà bình -tác", "tác",
            "\"hợp tác\" \"biên giới\" \"văn hóa\" \"nhân dân\"",
        ]
        let ranges = [
            DateRange(lower: Day(year: 2016, month: 3, day: 1), upper: Day(year: 2016, month: 3, day: 31)),
            DateRange(lower: Day(year: 2019, month: 1, day: 1), upper: Day(year: 2019, month: 12, day: 31)),
            DateRange(lower: Day(year: 2020, month: 11, day: 1), upper: nil),
            DateRange(lower: nil, upper: Day(year: 2015, month: 2, day: 28)),
        ]
        var matched = 0
        var filled = 0
        for query in queries {
            for range in ranges {
                for sort in [SearchRequest.Sort.relevance, .date] {
                    var request = SearchRequest(query: query, limit: 5, sort: sort)
                    request.dateRange = range
                    request.histogram = .month
                    let led = try searcher.search(request)
                    request.exhaustive = true
                    let exhaustive = try searcher.search(request)
                    Self.expectSameAnswer(led, exhaustive, query)
                    matched += led.total
                    filled += led.partialTotal
                }
            }
        }
        #expect(matched > 100)
        #expect(filled > 0, "no page was short enough to be filled")
    }

    @Test func tiesGoToTheNewerThenTheSmallerId() throws {
        let corpus = try GeneratedCorpus(documents: 300, seed: 3)
        let searcher = try corpus.searcher()
        let response = try searcher.search(SearchRequest(query: "hợp tác", limit: 400, fillWithPartialMatches: false))
        for (a, b) in zip(response.hits, response.hits.dropFirst()) {
            #expect(a.score >= b.score)
            if a.score == b.score {
                let dateA = a.date?.day.number ?? Int32.min
                let dateB = b.date?.day.number ?? Int32.min
                #expect(dateA >= dateB)
                if dateA == dateB { #expect(a.id < b.id, "\(a.id) before \(b.id)") }
            }
        }
        // The copies ("z00000" of "g00000") are one story: listed once, the
        // copy as "also published at", never as a hit of its own.
        let ids = Set(response.hits.map(\.id))
        let grouped = response.hits.filter { !$0.alsoPublished.isEmpty }
        #expect(!grouped.isEmpty)
        for hit in grouped {
            #expect(hit.alsoPublished.allSatisfy { !ids.contains($0.id) && $0.id.dropFirst() == hit.id.dropFirst() })
        }
    }

    @Test func datesInTheQueryFilterLikeFromAndTo() throws {
        let corpus = try GeneratedCorpus(documents: 300, seed: 5)
        let searcher = try corpus.searcher()
        func ids(_ query: String, _ range: DateRange = DateRange()) throws -> [String] {
            try searcher.search(SearchRequest(query: query, dateRange: range, limit: 500)).hits.map(\.id)
        }
        let y2017 = try DateRange(from: "2017", to: "2017")
        #expect(try ids("hợp tác date:2017") == (try ids("hợp tác", y2017)))
        #expect(try ids("date:2017-06..2019-01 hợp tác") == (try ids("hợp tác", try DateRange(from: "2017-06", to: "2019-01"))))
        #expect(try ids("hợp tác date:..2016") == (try ids("hợp tác", try DateRange(from: nil, to: "2016"))))
        // The query's range and --from/--to intersect.
        #expect(try ids("hợp tác date:2016..2018", try DateRange(from: "2018", to: nil)) == (try ids("hợp tác", try DateRange(from: "2018", to: "2018"))))
        let response = try searcher.search(SearchRequest(query: "hợp tác date:2017"))
        #expect(response.dateRange.lower?.iso == "2017-01-01" && response.dateRange.upper?.iso == "2017-12-31")
        #expect(!(try ids("hợp tác date:2017")).isEmpty)
    }

    /// Segments dated wholly outside a range are skipped without reading
    /// their postings; the answer must be the unfiltered search's hits
    /// that fall in the range, whichever segments hold them (here one
    /// segment per period, one undated), bounds included.
    @Test func dateFiltersSkipSegmentsWithoutChangingTheAnswer() throws {
        let folder = TemporaryDirectory("dated-segments")
        let index = folder.child("index")
        var random = SeededRandom(seed: 21)
        var number = 0
        for (part, years) in [(0, 2015...2016), (1, 2017...2018), (2, 0...0)] {
            var lines: [String] = []
            for _ in 0..<120 {
                let body = (0..<Int.random(in: 10...60, using: &random)).map { _ in GeneratedCorpus.vocabulary.randomElement(using: &random)! }
                var record = ["id": String(format: "d%05d", number), "title": "tin \(number)", "body": body.joined(separator: " ")]
                if years.lowerBound > 0 {
                    let year = Int.random(in: years, using: &random)
                    record["date"] = String(format: "%04d-%02d-%02d", year, Int.random(in: 1...12, using: &random), Int.random(in: 1...28, using: &random))
                }
                lines.append(try GeneratedCorpus.json(record))
                number += 1
            }
            let path = folder.write("part\(part).jsonl", lines.joined(separator: "\n") + "\n")
            _ = try Indexer(options: IndexOptions(indexPath: index, inputs: [path])).run()
        }
        let searcher = Searcher(reader: try IndexLocation.openReader(index))
        #expect(searcher.reader.segments.count >= 3)
        let everything = try searcher.search(SearchRequest(query: "hợp", limit: 1_000)).hits
        let ranges = [("2015", "2016"), ("2016-06", "2017-03"), ("2019", "2020"), ("2018-12-31", "2018-12-31"), ("2014", "2015-01")]
        for (from, to) in ranges {
            let range = try DateRange(from: from, to: to)
            let expected = everything.filter { hit in hit.date.map { range.contains($0.day) } ?? false }.map(\.id)
            let response = try searcher.search(SearchRequest(query: "hợp", dateRange: range, limit: 1_000))
            #expect(response.hits.map(\.id) == expected, "\(from)..\(to)")
            #expect(response.total == expected.count)
        }
        // The first period alone: its segment's hits, none of the others'.
        let first = try searcher.search(SearchRequest(query: "hợp", dateRange: try DateRange(from: "2015", to: "2016"), limit: 1_000))
        #expect(!first.hits.isEmpty && first.hits.allSatisfy { $0.id < "d00120" })
    }

    @Test func histogramCountsEveryMatchByPeriod() throws {
        let corpus = try GeneratedCorpus(documents: 300, seed: 9)
        let searcher = try corpus.searcher()
        var request = SearchRequest(query: "hợp tác", limit: 1)
        request.histogram = .year
        let byYear = try searcher.search(request)
        let buckets = try #require(byYear.histogram)
        #expect(buckets.map(\.count).reduce(0, +) + byYear.undatedMatches == byYear.total)
        #expect(buckets.map(\.period) == buckets.map(\.period).sorted())
        for bucket in buckets {
            let inYear = try searcher.search(
                SearchRequest(query: "hợp tác", dateRange: try DateRange(from: bucket.period, to: bucket.period), limit: 0))
            #expect(inYear.total == bucket.count, "\(bucket.period)")
        }
        request.histogram = .month
        let byMonth = try searcher.search(request)
        #expect(byMonth.histogram?.map(\.count).reduce(0, +) == buckets.map(\.count).reduce(0, +))
        #expect(byMonth.histogram?.allSatisfy { $0.period.count == 7 } == true)
        #expect(try searcher.search(SearchRequest(query: "hợp tác")).histogram == nil)
    }

    @Test func prefixFindsEveryWordStartingSo() throws {
        let corpus = Corpus()
        corpus.article("a", title: "Công tác ngoại vụ", body: "Hoạt động ngoại giao của tỉnh.")
        corpus.article("b", title: "Hợp tác", body: "Đầu tư nước ngoài tăng mạnh.")
        corpus.article("c", title: "Thời tiết", body: "Trời mưa to.")
        try corpus.build()
        #expect(Set(corpus.names(try corpus.search("ngoai*"))) == ["a", "b"])
        #expect(Set(corpus.names(try corpus.search("ngoại*"))) == ["a", "b"])
        #expect(corpus.names(try corpus.search("ngoai* -giao", fill: false)) == ["b"])
        #expect(corpus.names(try corpus.search("nga*")).isEmpty)
    }

    /// A prefix word's snippet shows the passage with the words it expanded
    /// to, highlighted: compared by fold key, as a plain word is, "ngoai*"
    /// matched no body word and the snippet was the article's opening.
    @Test func aPrefixWordIsHighlightedInTheSnippet() throws {
        let corpus = Corpus()
        let opening = Array(repeating: "Trời mưa to kéo dài nhiều ngày ở khắp các huyện.", count: 8).joined(separator: " ")
        corpus.article("a", title: "Tin tỉnh", body: opening + " Sở Ngoại vụ đón đoàn khách nước ngoài.")
        try corpus.build()
        func highlighted(_ query: String) throws -> [String] {
            let snippet = try #require(try corpus.search(query).hits.first).snippet
            let scalars = Array(snippet.text.unicodeScalars)
            return snippet.highlights.map { String(String.UnicodeScalarView(scalars[$0])) }
        }
        #expect(try highlighted("ngoai*") == ["Ngoại", "ngoài"])
        // A prefix that is a whole word's start highlights only what it expanded to.
        #expect(try highlighted("ngoại* khách") == ["Ngoại", "khách", "ngoài"])
    }

    @Test func similarArticlesLeaveTheArticleAndItsCopiesOut() throws {
        let corpus = Corpus()
        let text = "Đoàn đại biểu tỉnh Lạng Sơn hội đàm với chính quyền Quảng Tây về thương mại biên giới và cửa khẩu."
        corpus.article("a", title: "Lạng Sơn hội đàm với Quảng Tây", body: text)
        corpus.article("copy", title: "Lạng Sơn hội đàm với Quảng Tây", body: text)
        corpus.article("near", title: "Cửa khẩu Lạng Sơn", body: "Thương mại biên giới qua cửa khẩu Lạng Sơn tăng.")
        corpus.article("other", title: "Thời tiết", body: "Trời mưa to ở Hà Nội.")
        try corpus.build()
        let reader = try IndexLocation.openReader(corpus.index)
        let searcher = Searcher(reader: reader)
        let all = try searcher.search(SearchRequest(query: "lạng sơn hội đàm", limit: 10, fillWithPartialMatches: false))
        // "a" and "copy" are one story, shown once (which of the two, their
        // content hashes decide), the other as its "also published at".
        let story = try #require(all.hits.first { ["a.txt", "copy.txt"].contains(($0.source as NSString).lastPathComponent) })
        #expect(story.alsoPublished.count == 1)
        let similar = try SimilarArticles.search(id: story.id, searcher: searcher)
        let names = similar.hits.map { (($0.source as NSString).lastPathComponent as NSString).deletingPathExtension }
        // The copy is the same story, not a similar one.
        #expect(names.first == "near")
        #expect(!names.contains("a") && !names.contains("copy"))
        #expect(names.firstIndex(of: "near")! < (names.firstIndex(of: "other") ?? Int.max))
        #expect(throws: EngineError.self) { try SimilarArticles.search(id: "no-such-id", searcher: searcher) }
    }
}
