import Foundation
import Synchronization
import Testing
import TracuuAnalysis
import TracuuCore
import TracuuQuery
import TracuuStore
import TracuuTestSupport

@testable import TracuuEngine

/// The same press release on several provincial sites: found, shown once,
/// its other sources listed.
@Suite struct RepublicationTests {
    static let release = """
        Chiều ngày 15 tháng 3, Ủy ban nhân dân tỉnh đã tổ chức buổi tiếp và làm việc với Đoàn công tác của tỉnh \
        Champasak, nước Cộng hòa Dân chủ Nhân dân Lào, do Phó Tỉnh trưởng dẫn đầu. Tại buổi làm việc, hai bên đã \
        thông tin cho nhau về tình hình kinh tế, xã hội của mỗi địa phương trong năm qua và bàn các biện pháp \
        thúc đẩy hợp tác trong lĩnh vực giáo dục, y tế, thương mại và quản lý biên giới. Hai bên thống nhất \
        tăng cường trao đổi đoàn các cấp và phối hợp tổ chức các hoạt động kỷ niệm quan hệ hữu nghị đặc biệt.
        """

    /// A page as a provincial site would publish it (the date line, then the text).
    static func page(_ title: String, date: String?, body: String) -> String {
        ([title] + (date.map { ["Ngày đăng: \($0)"] } ?? []) + [body]).joined(separator: "\n")
    }

    func build(_ folder: TemporaryDirectory, prune: Bool = false) throws -> IndexReport {
        try Indexer(options: IndexOptions(indexPath: folder.child("index"), inputs: [folder.child("sites")], prune: prune)).run()
    }

    func search(_ folder: TemporaryDirectory, _ query: String) throws -> SearchResponse {
        try Searcher(reader: IndexLocation.openReader(folder.child("index"))).search(SearchRequest(query: query))
    }

    func name(_ source: String) -> String { (source as NSString).lastPathComponent }

    @Test func exactAndNearCopiesAreShownOnceWithTheirSources() throws {
        let folder = TemporaryDirectory("republish")
        folder.write("sites/a.txt", Self.page("Tiếp Đoàn công tác tỉnh Champasak", date: "16/03/2019", body: Self.release))
        // The same text on the site that published it first, under another title.
        folder.write("sites/b.txt", Self.page("Tỉnh tiếp đoàn Champasak (Lào)", date: "15/03/2019", body: Self.release))
        // A near copy: a byline added, one sentence cut short.
        let edited = Self.release.replacingOccurrences(
            of: "và phối hợp tổ chức các hoạt động kỷ niệm quan hệ hữu nghị đặc biệt.", with: "các cấp.")
            + " Tin, ảnh: Minh Anh."
        folder.write("sites/c.txt", Self.page("Làm việc với tỉnh Champasak", date: "17/03/2019", body: edited))
        // Another story about the same partner: not a copy.
        folder.write(
            "sites/d.txt",
            Self.page(
                "Champasak dự hội chợ thương mại", date: "20/03/2019",
                body: "Đoàn doanh nghiệp tỉnh Champasak đã tham dự hội chợ thương mại biên giới năm nay với hơn "
                    + "ba mươi gian hàng nông sản, thủ công mỹ nghệ và hàng tiêu dùng. Ban tổ chức cho biết lượng "
                    + "khách tham quan tăng mạnh so với năm trước, nhiều hợp đồng mua bán đã được ký kết tại chỗ "
                    + "giữa doanh nghiệp hai nước trong ba ngày diễn ra hội chợ."))
        try build(folder)

        let response = try search(folder, "Champasak")
        #expect(response.total == 2)
        let first = try #require(response.hits.first { name($0.source) != "d.txt" })
        // The earliest published copy is the one shown.
        #expect(name(first.source) == "b.txt")
        #expect(first.alsoPublished.map { name($0.source) } == ["a.txt", "c.txt"])
        #expect(first.alsoPublished.map { $0.date?.day.iso } == ["2019-03-16", "2019-03-17"])
        #expect(response.hits.first { name($0.source) == "d.txt" }?.alsoPublished.isEmpty == true)
        // A copy's own words find the story too, through the member shown.
        #expect(try search(folder, "\"Minh Anh\"").total == 0)  // the near copy's byline: hidden with it
        let json = SearchOutput.hitJSON(first).serialized()
        #expect(json.contains("\"also_published_at\":[{\"id\":"))
    }

    /// Every article's copies are found, wherever its group falls among
    /// the groups: before the first of `copies(of:)`'s samples, between
    /// them, after the last. Every twentieth generated article has one
    /// copy under another id ("g00040" and "z00040"): the member shown
    /// lists the other, and every other article lists none.
    @Test func everyShownArticleFindsItsCopies() throws {
        let corpus = try GeneratedCorpus(documents: 3000, seed: 31)
        let reader = try IndexLocation.openReader(corpus.index)
        let groups = Republications(reader: reader)
        var docsByID: [String: Int] = [:]
        var ids: [String] = []
        for doc in 0..<reader.maxDoc {
            let (segment, local) = reader.locate(doc)
            let id = String(decoding: try reader.segments[segment].stored.document(local)[ArticleSchema.Stored.id] ?? [], as: UTF8.self)
            docsByID[id] = doc
            ids.append(id)
        }
        var shownWithCopies = 0
        for doc in 0..<reader.maxDoc {
            let (segment, local) = reader.locate(doc)
            let hidden = groups.hiddenBits(segment: segment)?.containsBit(local) ?? false
            let number = Int(ids[doc].dropFirst())!
            let mate = (ids[doc].hasPrefix("g") ? "z" : "g") + ids[doc].dropFirst()
            if number % 20 == 0, !hidden {
                #expect(groups.copies(of: doc) == [docsByID[mate]!], "\(ids[doc])")
                shownWithCopies += 1
            } else {
                #expect(groups.copies(of: doc).isEmpty, "\(ids[doc])")
            }
        }
        // 150 groups: more than two runs of the samples.
        #expect(shownWithCopies == 150)
    }

    /// A page filled with articles that have only some of the words skips
    /// hidden copies, as the full matches do.
    @Test func partialMatchesSkipHiddenCopies() throws {
        let folder = TemporaryDirectory("republish-partial")
        folder.write("sites/a.txt", Self.page("Tiếp Đoàn công tác tỉnh Champasak", date: "16/03/2019", body: Self.release))
        folder.write("sites/b.txt", Self.page("Tỉnh tiếp đoàn Champasak (Lào)", date: "15/03/2019", body: Self.release))
        folder.write(
            "sites/e.txt",
            Self.page("Đoàn đại biểu thăm Mátxcơva", date: "02/04/2019", body: "Đoàn đại biểu tỉnh thăm thủ đô Mátxcơva."))
        try build(folder)

        let response = try search(folder, "Champasak Mátxcơva")
        #expect(response.total == 0)
        #expect(response.partialTotal == 2)
        #expect(response.hits.map { name($0.source) }.sorted() == ["b.txt", "e.txt"])
        #expect(response.hits.allSatisfy { !$0.matchedAll })
    }

    /// Copies of the same day, indexed one run each in three orders (so
    /// they lie in other segments, in another order) and all in one run:
    /// the copy shown and the list behind it are the same every time.
    @Test func theCopyShownDoesNotDependOnHowTheIndexWasBuilt() throws {
        let pages = [
            "x.txt": Self.page("Tiếp Đoàn Champasak", date: "15/03/2019", body: Self.release),
            "y.txt": Self.page("Đoàn Champasak thăm tỉnh", date: "15/03/2019", body: Self.release),
            "z.txt": Self.page("Champasak thăm tỉnh", date: "15/03/2019", body: Self.release),
        ]
        // One folder, so each article keeps its id (its path) from build to build.
        let folder = TemporaryDirectory("republish-order")
        func shown() throws -> [String] {
            let response = try search(folder, "Champasak")
            #expect(response.total == 1)
            let hit = try #require(response.hits.first)
            return [name(hit.source)] + hit.alsoPublished.map { name($0.source) }
        }
        func startOver() throws {
            for part in ["index", "sites"] where FileManager.default.fileExists(atPath: folder.child(part)) {
                try FileManager.default.removeItem(atPath: folder.child(part))
            }
        }
        var seen: [[String]] = []
        for order in [["x.txt", "y.txt", "z.txt"], ["z.txt", "y.txt", "x.txt"], ["y.txt", "x.txt", "z.txt"]] {
            try startOver()
            for file in order {
                folder.write("sites/\(file)", pages[file]!)
                try build(folder)
            }
            seen.append(try shown())
        }
        try startOver()
        for (file, text) in pages { folder.write("sites/\(file)", text) }
        try build(folder)
        seen.append(try shown())
        #expect(Set(seen).count == 1, "\(seen)")
    }

    @Test func aLaterRunJoinsTheGroupAndPruningTheShownCopyShowsAnother() throws {
        let folder = TemporaryDirectory("republish")
        let a = folder.write("sites/a.txt", Self.page("Tiếp Đoàn Champasak", date: "15/03/2019", body: Self.release))
        try build(folder)
        folder.write("sites/b.txt", Self.page("Đoàn Champasak thăm tỉnh", date: "18/03/2019", body: Self.release))
        try build(folder)
        var response = try search(folder, "Champasak")
        #expect(response.total == 1)
        #expect(response.hits.map { name($0.source) } == ["a.txt"])
        #expect(response.hits[0].alsoPublished.map { name($0.source) } == ["b.txt"])

        try FileManager.default.removeItem(atPath: a)
        try build(folder, prune: true)
        response = try search(folder, "Champasak")
        #expect(response.hits.map { name($0.source) } == ["b.txt"])
        #expect(response.hits[0].alsoPublished.isEmpty)
    }

    /// The groups of the index's commit, as stored and as worked out from
    /// its columns: a run's last commit must carry the ones its columns make.
    func storedAndComputed(_ folder: TemporaryDirectory) throws -> (stored: Republications?, computed: Republications) {
        let reader = try IndexLocation.openReader(folder.child("index"))
        let bytes = try #require(reader.commit.attachments[Republications.attachmentName])
        return (Republications(stored: bytes, reader: reader), Republications.computed(reader: reader))
    }

    /// Adding, a later run joining a group, pruning and optimizing each
    /// commit the groups their segments make, and `check` agrees.
    /// (The commits a run makes as it goes carry none: see
    /// `onlyARunsLastCommitCarriesTheGroups`.)
    @Test func everyCommitCarriesTheGroupsOfItsArticles() throws {
        let folder = TemporaryDirectory("republish-stored")
        let a = folder.write("sites/a.txt", Self.page("Tiếp Đoàn Champasak", date: "15/03/2019", body: Self.release))
        folder.write("sites/b.txt", Self.page("Đoàn Champasak thăm tỉnh", date: "18/03/2019", body: Self.release))
        try build(folder)
        folder.write("sites/c.txt", Self.page("Champasak thăm tỉnh", date: "14/03/2019", body: Self.release))
        try build(folder)
        var groups = try storedAndComputed(folder)
        #expect(groups.stored == groups.computed)
        var hit = try #require(try search(folder, "Champasak").hits.first)
        #expect(name(hit.source) == "c.txt")
        #expect(hit.alsoPublished.map { name($0.source) } == ["a.txt", "b.txt"])

        try FileManager.default.removeItem(atPath: a)
        try build(folder, prune: true)
        groups = try storedAndComputed(folder)
        #expect(groups.stored == groups.computed)
        hit = try #require(try search(folder, "Champasak").hits.first)
        #expect(hit.alsoPublished.map { name($0.source) } == ["b.txt"])

        _ = try Optimizer(indexPath: folder.child("index")).run()
        groups = try storedAndComputed(folder)
        #expect(groups.stored == groups.computed)
        #expect(try IndexLocation.openReader(folder.child("index")).segments.count == 1)
        hit = try #require(try search(folder, "Champasak").hits.first)
        #expect(name(hit.source) == "c.txt")
        #expect(hit.alsoPublished.map { name($0.source) } == ["b.txt"])
        _ = try IndexVerification(indexPath: folder.child("index")).run()
    }

    /// The commits a run makes as it goes carry no groups (working them out
    /// reads every article of the index); its last commit does. A search of
    /// a commit without them works them out, and a rerun with nothing to
    /// add, after a run killed past such a commit, stores them.
    @Test func onlyARunsLastCommitCarriesTheGroups() throws {
        let folder = TemporaryDirectory("republish-last")
        for (number, day) in [15, 16, 17, 18].enumerated() {
            folder.write("sites/\(number).txt", Self.page("Đoàn Champasak \(number)", date: "\(day)/03/2019", body: Self.release))
        }
        let index = folder.child("index")
        let carried = Mutex<[Bool]>([])
        let options = IndexOptions(indexPath: index, inputs: [folder.child("sites")], workers: 1, commitInterval: 0)
        _ = try Indexer(options: options) { event in
            guard case .committed = event, let reader = try? IndexReader.open(path: index) else { return }
            carried.withLock { $0.append(reader.commit.attachments[Republications.attachmentName] != nil) }
        }.run()
        let seen = carried.withLock { $0 }
        #expect(seen.count >= 4, "\(seen)")
        #expect(seen.last == true)
        #expect(seen.dropLast().allSatisfy { !$0 }, "\(seen)")
        let shown = try search(folder, "Champasak")
        #expect(shown.total == 1)
        #expect(shown.hits.first?.alsoPublished.count == 3)

        // As a run killed after a commit of its own leaves the index.
        let writer = try IndexWriter.articles(directory: try IndexDirectory(path: index), mode: .append)
        try writer.commit(userData: writer.lastCommit!.userData, withAttachments: false)
        writer.close()
        #expect(try IndexReader.open(path: index).commit.attachments.isEmpty)
        let worked = try search(folder, "Champasak")
        #expect(worked.hits.map(\.source) == shown.hits.map(\.source))
        #expect(worked.hits.first?.alsoPublished.map(\.source) == shown.hits.first?.alsoPublished.map(\.source))
        _ = try IndexVerification(indexPath: index).run()

        let rerun = try build(folder)
        #expect(rerun.unchanged == 4)
        let groups = try storedAndComputed(folder)
        #expect(groups.stored == groups.computed)
    }

    /// The registry a run loads from the index (a band table at a time)
    /// answers as the one the indexing run built article by article: fed
    /// the index's fingerprints in order, a fresh registry gives back each
    /// article's stored `DUPG`, and then both assign the same group to an
    /// exact copy, a near copy (the same bands, another exact print) and a
    /// text of its own of every article.
    @Test func aRegistryLoadedFromTheIndexAnswersAsTheRunThatBuiltIt() throws {
        let folder = TemporaryDirectory("republish-registry")
        let sentences = Self.release.split(separator: ".").map { $0 + "." }
        for number in 0..<12 {
            // Four families of near copies: a sentence left out, a byline added.
            let family = number % 4
            var body = sentences.enumerated().filter { $0.offset != number % sentences.count }.map(\.element)
                .joined(separator: " ")
            body += " Tin, ảnh: phóng viên \(number)."
            if family > 0 { body = "Bản tin số \(family) về đoàn khách. " + body.replacingOccurrences(of: "tỉnh", with: "tỉnh \(family)") }
            folder.write("sites/\(number).txt", Self.page("Tin \(number)", date: "\(10 + number)/03/2019", body: body))
        }
        try build(folder)
        let reader = try IndexLocation.openReader(folder.child("index"))
        var prints: [(print: TextFingerprint, group: UInt64)] = []
        for segment in reader.segments {
            let columns = segment.columns
            let exact = try #require(columns.column(ArticleSchema.Column.exactPrint).map(columns.view))
            let group = try #require(columns.column(ArticleSchema.Column.republicationGroup).map(columns.view))
            let bands = ArticleSchema.Column.bands.compactMap { columns.column($0).map(columns.view) }
            for doc in 0..<segment.docCount where !segment.isDeleted(doc) {
                prints.append(
                    (TextFingerprint(exact: UInt64(bitPattern: exact[doc]), bands: bands.map { UInt64(bitPattern: $0[doc]) }),
                     UInt64(bitPattern: group[doc])))
            }
        }
        #expect(prints.count == 12)
        #expect(prints.contains { $0.group != 0 })  // some joined a group, or this proves little
        let fresh = RepublicationRegistry()
        for (print, group) in prints { #expect(fresh.assign(print) == group) }
        let loaded = RepublicationRegistry(reader: reader)
        for (print, _) in prints {
            let near = TextFingerprint(exact: print.exact ^ 0x5555_5555, bands: print.bands)
            let own = TextFingerprint(exact: print.exact ^ 0xAAAA_AAAA, bands: print.bands.map { ~$0 })
            for probe in [print, near, own] { #expect(loaded.assign(probe) == fresh.assign(probe)) }
        }
    }

    /// Stored groups that differ from the columns, or do not decode, are
    /// damage `check` names; searches then work the groups out themselves
    /// when they cannot read them.
    @Test func checkReportsStoredGroupsTheColumnsDoNotMake() throws {
        let folder = TemporaryDirectory("republish-damaged")
        folder.write("sites/a.txt", Self.page("Tiếp Đoàn Champasak", date: "15/03/2019", body: Self.release))
        folder.write("sites/b.txt", Self.page("Đoàn Champasak thăm tỉnh", date: "18/03/2019", body: Self.release))
        try build(folder)
        func commit(attachment bytes: [UInt8]) throws {
            let directory = try IndexDirectory(path: folder.child("index"))
            let writer = try IndexWriter(
                directory: directory, schema: ArticleSchema.schema, fold: ArticleSchema.fold, mode: .append,
                attachments: { _ in [Republications.attachmentName: bytes] })
            try writer.commit(userData: writer.lastCommit!.userData)
            writer.close()
        }
        // No groups at all: well formed, but not what the columns make.
        try commit(attachment: [Republications.encodingVersion, 0])
        #expect(throws: StoreError.self) { _ = try IndexVerification(indexPath: folder.child("index")).run() }
        do {
            _ = try IndexVerification(indexPath: folder.child("index")).run()
        } catch let error as StoreError {
            #expect(error.code == .corrupt)
            #expect(error.message.contains("differ"))
        }
        // Not groups at all: reported, and searches work them out.
        try commit(attachment: [Republications.encodingVersion, 5, 1])
        do {
            _ = try IndexVerification(indexPath: folder.child("index")).run()
            Issue.record("check passed over malformed groups")
        } catch let error as StoreError {
            #expect(error.message.contains("not well formed"))
        }
        let response = try search(folder, "Champasak")
        #expect(response.total == 1)
        #expect(response.hits.first?.alsoPublished.map { name($0.source) } == ["b.txt"])
    }

    @Test func fingerprintsIgnoreCaseAndSpacingButNotWords() {
        let analyzer = Analyzer()
        func print(_ body: String) -> TextFingerprint { TextFingerprint(body: body, analyzer: analyzer) }
        let base = print(Self.release)
        #expect(base.exact != 0 && base.hasSketch)
        let respaced = print(Self.release.replacingOccurrences(of: ", ", with: " ,  "))
        #expect(respaced.exact == base.exact && respaced.bands == base.bands)
        let twoWords = print(Self.release.replacingOccurrences(of: "giáo dục", with: "văn hóa"))
        #expect(twoWords.exact != base.exact)
        #expect(TextFingerprint.agreement(twoWords, base) >= TextFingerprint.agreeingBands)
        let other = print(String(Self.release.reversed()))
        #expect(TextFingerprint.agreement(other, base) < TextFingerprint.agreeingBands)
        #expect(print("Lịch công tác tuần").exact == 0)
        // A short text: exact copies only.
        let short = print(String(repeating: "Hội nghị hợp tác quốc tế. ", count: 4))
        #expect(short.exact != 0 && !short.hasSketch)
        let upper = print(Self.release.uppercased())
        #expect(upper.exact == base.exact, "case-folded like the index terms")
    }

    /// The indexing pass hands the body's word hashes over from the same
    /// analysis as the text field (title first): they must equal the body
    /// analyzed alone, by any analyzer, whatever it saw before.
    @Test func indexingPassHashesEqualTheBodyAlone() {
        let fresh = Analyzer()
        let used = Analyzer()
        used.stableIDs = true
        _ = used.analyze(parts: ["Một văn bản khác, với những từ khác: 1.221 và 04/QĐ-UBND."], output: .ids)
        let inPass = used.analyze(parts: ["Tiếp Đoàn Champasak", Self.release], output: .ids, wordHashes: true)
        #expect(inPass.wordHashes == fresh.wordHashes(Self.release))
        #expect(inPass.wordHashes.count == fresh.analyze(Self.release).length)
        // Each word's hash is its term's stable hash, in text order.
        let terms = fresh.termSequence(Self.release).map { StableHash.hash64($0.term) }
        #expect(inPass.wordHashes == terms)
    }

    /// The fingerprint is worked out in one pass over the words; it must
    /// equal its definition: the mixed FNV-style hash of the sequence, and
    /// per bin the smallest shingle, banded.
    @Test func oneWordPassEqualsTheDefinition() {
        func definition(_ words: [UInt64]) -> TextFingerprint {
            guard words.count >= TextFingerprint.minimumWords else { return TextFingerprint(exact: 0, bands: [0, 0, 0, 0]) }
            var sequence: UInt64 = 0x9E37_79B9_7F4A_7C15
            for word in words { sequence = (sequence ^ word) &* 0x0000_0100_0000_01B3 }
            let mixed = TextFingerprint.mix(sequence)
            let exact = mixed == 0 ? 1 : mixed
            guard words.count >= TextFingerprint.minimumNearWords else { return TextFingerprint(exact: exact, bands: [0, 0, 0, 0]) }
            var minima = [UInt64](repeating: .max, count: 32)
            for index in 0..<(words.count - 2) {
                let shingle = TextFingerprint.shingle(words, at: index)
                minima[Int(shingle >> 59)] = min(minima[Int(shingle >> 59)], shingle & 0x07FF_FFFF_FFFF_FFFF)
            }
            for bin in 0..<32 where minima[bin] == .max {
                minima[bin] = TextFingerprint.mix(exact ^ UInt64(bin)) | 0x0800_0000_0000_0000
            }
            var bands: [UInt64] = [0, 0, 0, 0]
            for band in 0..<8 {
                var key = UInt64(band)
                for row in 0..<4 { key = TextFingerprint.mix(key ^ minima[band * 4 + row]) }
                bands[band / 2] |= UInt64(UInt32(truncatingIfNeeded: key) | 1) << UInt64(32 * (band % 2))
            }
            return TextFingerprint(exact: exact, bands: bands)
        }
        var random = SeededRandom(seed: 29)
        for count in [0, 11, 12, 13, 79, 80, 81, 82, 150, 1_000] {
            // Few distinct words, so shingles repeat as in real text.
            let words = (0..<count).map { _ in StableHash.hash64("w\(random.next() % 40)") }
            #expect(TextFingerprint(words: words) == definition(words), "\(count) words")
        }
    }
}

@Suite struct SourceReportTests {
    @Test func aRunReportsWhatItDidPerSource() throws {
        let folder = TemporaryDirectory("sources")
        folder.write("sites/a/1.txt", RepublicationTests.page("Tiếp Đoàn Champasak", date: "15/03/2019", body: RepublicationTests.release))
        folder.write("sites/a/2.txt", RepublicationTests.page("Tin khác", date: "16/03/2019", body: "Một tin khác hẳn về hội nghị ngoại vụ của tỉnh trong tuần qua."))
        folder.write("sites/b/1.txt", RepublicationTests.page("Champasak thăm tỉnh", date: "17/03/2019", body: RepublicationTests.release))
        folder.write("sites/b/empty.txt", "")
        let report = try Indexer(options: IndexOptions(indexPath: folder.child("index"), inputs: [folder.child("sites")])).run()
        let a = try #require(report.sources[folder.child("sites/a")])
        let b = try #require(report.sources[folder.child("sites/b")])
        #expect((a.added, a.republished, a.skipped) == (2, 0, [:]))
        #expect((b.added, b.republished, b.skipped) == (1, 1, ["empty": 1]))
        let again = try Indexer(options: IndexOptions(indexPath: folder.child("index"), inputs: [folder.child("sites")])).run()
        #expect(again.sources[folder.child("sites/b")]?.unchanged == 1)
    }

    @Test func sourcesAreSitesCorporaAndFolders() {
        #expect(SourceReport.site(of: "https://songoaivu.hanoi.gov.vn/tin/1?id=2") == "https://songoaivu.hanoi.gov.vn")
        #expect(SourceReport.site(of: "/data/vntc_news.jsonl.gz#vntc-1") == "/data/vntc_news.jsonl.gz")
        #expect(SourceReport.site(of: "/data/site/2019/a.html") == "/data/site/2019")
        #expect(SourceReport.site(of: "/a.html") == "/")
        #expect(SourceReport.site(of: "a.html") == ".")
        #expect(SourceReport.site(of: "http://bqp.vn") == "http://bqp.vn")
        #expect(SourceReport.site(of: "/c/tin.jsonl#vn/2019/1") == "/c/tin.jsonl")
        #expect(SourceReport.site(of: "/c/Hà Nội/tin.txt") == "/c/Hà Nội")
    }
}
