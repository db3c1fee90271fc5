import Foundation
import Testing
import TracuuAnalysis
import TracuuCore
import TracuuQuery
import TracuuStore
import TracuuTestSupport

@testable import TracuuEngine

@Suite struct IndexerTests {
    /// `optimize` merges several segments into one, and leaves an index of
    /// one segment without deletions as it is, saying so.
    @Test func optimizeMergesOnlyWhatNeedsIt() throws {
        let corpus = Corpus()
        corpus.article("a", title: "Hợp tác quốc tế", body: "Tỉnh mở rộng hợp tác quốc tế.")
        try corpus.build()
        corpus.article("b", title: "Biên giới", body: "Thương mại biên giới tăng.")
        try corpus.build()
        #expect(try IndexLocation.openReader(corpus.index).segments.count == 2)
        let first = try Optimizer(indexPath: corpus.index).run()
        #expect(first.segmentsBefore == 2 && first.merged == 2 && first.articles == 2)
        #expect(try IndexLocation.openReader(corpus.index).segments.count == 1)
        let again = try Optimizer(indexPath: corpus.index).run()
        #expect(again.segmentsBefore == 1 && again.merged == 0 && again.articles == 2)
    }

    @Test func incrementalRunsAddUpdateKeepAndPrune() throws {
        let corpus = Corpus()
        corpus.article("a", title: "Tin A", body: "Hợp tác với Lào.")
        let b = corpus.article("b", title: "Tin B", body: "Hợp tác với Campuchia.")
        let c = corpus.article("c", title: "Tin C", body: "Hợp tác với Thái Lan.")
        var report = try corpus.build()
        #expect((report.added, report.updated, report.unchanged) == (3, 0, 0))

        report = try corpus.build()
        #expect((report.added, report.updated, report.unchanged) == (0, 0, 3))
        #expect(report.commits == 0)  // nothing changed, nothing written

        corpus.article("b", title: "Tin B", body: "Hợp tác với Myanmar.")
        corpus.article("d", title: "Tin D", body: "Hợp tác với Indonesia.")
        try FileManager.default.removeItem(atPath: c)
        report = try corpus.build(prune: true)
        #expect((report.added, report.updated, report.unchanged, report.pruned) == (1, 1, 1, 1))
        #expect(corpus.names(try corpus.search("Campuchia", fill: false)).isEmpty)
        #expect(corpus.names(try corpus.search("Myanmar")) == ["b"])
        #expect(try corpus.search("hợp tác").total == 3)
        _ = b

        // The incremental index answers like a fresh build of the same files.
        let fresh = Corpus()
        for name in ["a", "b", "d"] {
            let text = try String(contentsOfFile: corpus.folder.child("articles/\(name).txt"), encoding: .utf8)
            fresh.folder.write("articles/\(name).txt", text)
        }
        try fresh.build()
        for query in ["hợp tác", "Myanmar", "Lào OR Indonesia", "tin"] {
            let left = try corpus.search(query)
            let right = try fresh.search(query)
            // Ids come from the file paths, which differ between the two
            // folders, so equal scores may be ordered differently: compare
            // the (score, name) pairs.
            func ranked(_ response: SearchResponse, _ side: Corpus) -> [String] {
                zip(response.hits, side.names(response)).map { String(format: "%.9f ", $0.score) + $1 }.sorted()
            }
            #expect(ranked(left, corpus) == ranked(right, fresh), "\(query)")
            #expect(left.total == right.total)
        }
        let reader = try IndexLocation.openReader(corpus.index)
        #expect(try IndexChecker().check(reader).documents == 3)
    }

    /// A word typed without marks takes its idf from its fold group's
    /// document count: recorded when a segment is written, so a segment
    /// that has since lost documents (too few to be merged away) counts
    /// its live ones from the postings instead. Scores equal a fresh
    /// build's either way.
    @Test func wordsWithoutMarksScoreAlikeAfterDeletions() throws {
        let corpus = Corpus()
        let bodies = ["Hợp tác với Lào.", "Hội họp ở Hà Nội.", "Hợp tác và hội nhập.", "Tin hợp tác kinh tế."]
        for index in 0..<12 {
            corpus.article("a\(index)", title: "Tin \(index)", body: bodies[index % bodies.count])
        }
        try corpus.build()
        // One article changed (deleted and added again), one gone: 2 of 12
        // deleted in the first segment, below the merge policy's 30 %.
        corpus.article("a0", title: "Tin 0", body: "Hội nghị ở Viêng Chăn.")
        try FileManager.default.removeItem(atPath: corpus.folder.child("articles/a2.txt"))
        try corpus.build(prune: true)
        let reader = try IndexLocation.openReader(corpus.index)
        #expect(reader.segments.contains { $0.deletions != nil }, "a segment keeps its deletions")

        let fresh = Corpus()
        for index in (0..<12).filter({ $0 != 2 }) {
            let text = try String(contentsOfFile: corpus.folder.child("articles/a\(index).txt"), encoding: .utf8)
            fresh.folder.write("articles/a\(index).txt", text)
        }
        try fresh.build()
        for query in ["hop tac", "hoi", "hop", "tin hop", "hoi OR viêng"] {
            let left = try corpus.search(query)
            let right = try fresh.search(query)
            #expect(left.total == right.total, "\(query)")
            #expect(left.hits.map(\.score).sorted() == right.hits.map(\.score).sorted(), "\(query)")
        }
    }

    @Test func badInputsAreReportedAndTheRunGoesOn() throws {
        let corpus = Corpus()
        corpus.article("good", title: "Tin tốt", body: "Nội dung hợp lệ về hợp tác quốc tế.")
        corpus.folder.write("articles/photo.html", bytes: [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0])
        corpus.folder.write("articles/empty.txt", "")
        corpus.folder.write("articles/readme.pdf", "not indexed")
        final class Events: @unchecked Sendable {
            let lock = NSLock()
            var messages: [String] = []
        }
        let collected = Events()
        let report = try Indexer(
            options: IndexOptions(indexPath: corpus.index, inputs: [corpus.folder.child("articles")])
        ) { event in
            if case .skipped(let error) = event {
                collected.lock.lock()
                collected.messages.append(error.description)
                collected.lock.unlock()
            }
        }.run()
        let events = collected.messages
        #expect(report.added == 1)
        #expect(report.skipped["binary"] == 1)
        #expect(report.skipped["empty"] == 1)
        #expect(report.ignored == 1)
        #expect(events.contains { $0.hasSuffix("photo.html: binary data (a PNG image), not text") })
        // --strict stops at the first one.
        #expect(throws: EngineError.self) {
            try Indexer(options: IndexOptions(indexPath: corpus.index + "2", inputs: [corpus.folder.child("articles")], strict: true)).run()
        }
    }

    /// --strict stops the workers at the first bad input while the walking
    /// thread may still have many batches to hand over: it must stop too,
    /// not wait forever for room in the queue.
    @Test func strictStopsTheWholeRunAtABadInputAmongMany() throws {
        let corpus = Corpus()
        // An HTML page with no article is refused by a worker (a file the
        // walking thread refuses stops it there). This one sorts among
        // the articles, some nine batches in: by then the walking thread
        // has filled the queue and waits for room.
        corpus.folder.write("articles/n5-menu.html", "<html><body><nav>Trang chủ</nav></body></html>")
        for index in 0..<1000 { corpus.article("n\(index)", title: "Tin \(index)", body: "Tin số \(index) về hợp tác.") }
        let path = corpus.folder.child("articles")
        final class Outcome: @unchecked Sendable { var error: Error? }
        let outcome = Outcome()
        let finished = DispatchSemaphore(value: 0)
        let options = IndexOptions(indexPath: corpus.index, inputs: [path], strict: true, workers: 2)
        Thread {
            do {
                _ = try Indexer(options: options).run()
            } catch {
                outcome.error = error
            }
            finished.signal()
        }.start()
        // Thousands of articles index in a second or two; a stuck run never ends.
        try #require(finished.wait(timeout: .now() + 60) == .success, "the --strict run did not end")
        #expect(outcome.error is EngineError)
        #expect("\(outcome.error.map { "\($0)" } ?? "")".contains("--strict"))
    }

    /// Each worker fills a builder of its own, and their documents are
    /// written together (`IndexRun.flushAll`): a run that fits in memory
    /// makes one segment, not one per worker; one that flushes many times
    /// loses no document on the way.
    @Test(arguments: [(400, 256 << 20), (2_000, 8 << 20)])
    func theWorkersBuildersAreWrittenTogether(articles: Int, memory: Int) throws {
        let corpus = Corpus()
        for index in 0..<articles {
            // A hundred words of its own each: at 8 MB, the builders fill
            // several times.
            let own = (0..<100).map { "u\(index)x\($0)" }.joined(separator: " ")
            corpus.article("n\(index)", title: "Tin \(index)", body: "Tin số \(index) về hợp tác với Lào, mã t\(index). \(own)")
        }
        let options = IndexOptions(
            indexPath: corpus.index, inputs: [corpus.folder.child("articles")], memoryBudget: memory, workers: 2)
        let report = try Indexer(options: options).run()
        #expect(report.added == articles)
        let reader = try IndexReader.open(path: corpus.index)
        #expect(reader.liveDocCount == articles)
        if articles == 400 { #expect(reader.segments.count == 1) } else { #expect(report.commits > 2) }
        _ = try IndexChecker().check(reader)
        let lao = try reader.documents(withTerm: ArticleSchema.key(ArticleSchema.Field.text, "lào"))
        #expect(lao.count == articles)
        // Every article's own word finds it, and only it.
        for index in stride(from: 0, to: articles, by: 97) {
            let found = try reader.documents(withTerm: ArticleSchema.key(ArticleSchema.Field.text, "t\(index)"))
            #expect(found.count == 1)
        }
    }

    @Test func sameSourceTwiceInOneRunIsIndexedOnce() throws {
        let corpus = Corpus()
        let path = corpus.article("a", title: "Tin A", body: "Hợp tác với Lào.")
        let report = try Indexer(options: IndexOptions(indexPath: corpus.index, inputs: [path, path])).run()
        #expect(report.added == 1)
        #expect(report.duplicates == 1)
    }

    /// With a commit interval of zero every article is flushed and
    /// committed on its own; merges keep the segments few.
    @Test func commitsAsItGoesAndMerges() throws {
        let corpus = Corpus()
        for index in 0..<60 { corpus.article("n\(index)", title: "Tin \(index)", body: "Biên giới hòa bình số \(index).") }
        let report = try Indexer(
            options: IndexOptions(
                indexPath: corpus.index, inputs: [corpus.folder.child("articles")], commitInterval: 0)
        ).run()
        #expect(report.commits >= 60)
        #expect(report.merges >= 5)
        let reader = try IndexLocation.openReader(corpus.index)
        #expect(reader.liveDocCount == 60)
        #expect(reader.segments.count < MergePolicy().mergeFactor)
        #expect(try corpus.search("biên giới").total == 60)
        _ = try IndexVerification(indexPath: corpus.index).run()
    }

    @Test func jsonlCorpusKeepsRecordIDsAndDates() throws {
        let corpus = Corpus()
        let path = corpus.folder.write(
            "c.jsonl",
            """
            {"id": "unc-news_world_001", "title": "Quan hệ Việt - Lào", "date": "2021-04-02", "url": "https://dantri.com.vn/x.htm", "body": "Hai nước tăng cường quan hệ hữu nghị đặc biệt."}
            {"id": "unc-news_world_002", "title": "Thời tiết", "date": "2021-04-03", "url": "https://dantri.com.vn/y.htm", "body": "Trời nắng."}
            """)
        _ = try Indexer(options: IndexOptions(indexPath: corpus.index, inputs: [path])).run()
        let response = try corpus.search("quan hệ hữu nghị")
        #expect(response.hits.first?.id == "unc-news_world_001")
        #expect(response.hits.first?.date?.day.iso == "2021-04-02")
        #expect(response.hits.first?.source == "https://dantri.com.vn/x.htm")
        let article = try StoredArticles.article(id: "unc-news_world_002", in: try IndexLocation.openReader(corpus.index))
        #expect(article.body == "Trời nắng.")
    }

    @Test func statsCountDistinctTermsAcrossSegments() throws {
        let corpus = Corpus()
        corpus.article("a", title: "Một hai", date: "01/02/2018", body: "ba bốn")
        try corpus.build()
        corpus.article("b", title: "Hai ba", date: "05/06/2020", body: "bốn năm")
        try corpus.build()
        let stats = try IndexStats(reader: IndexLocation.openReader(corpus.index))
        #expect(stats.documents == 2)
        #expect(stats.segments == 2)
        #expect(stats.dateMin?.iso == "2018-02-01")
        #expect(stats.dateMax?.iso == "2020-06-05")
        // Distinct words of both articles, each counted once.
        let reader = try IndexLocation.openReader(corpus.index)
        var words: Set<String> = []
        for segment in reader.segments {
            var iterator = try segment.dictionary.terms(from: [ArticleSchema.Field.text])
            while let (term, _) = try iterator.next(), term.first == ArticleSchema.Field.text {
                words.insert(String(decoding: term.dropFirst(), as: UTF8.self))
            }
        }
        #expect(stats.terms == words.count)
    }
}

@Suite struct ReindexTests {
    /// An index that lists an article twice (what a writer before the
    /// merge fix could leave) fails `check`, and `reindex` repairs it.
    @Test func reindexKeepsOneCopyOfAnArticleListedTwice() throws {
        let corpus = Corpus()
        corpus.article("a", title: "Hoà bình khu vực", body: "Hai bên cam kết giữ gìn hoà bình.")
        corpus.article("b", title: "Tin B", body: "Hợp tác với Lào.")
        try corpus.build()
        // The same stored article added once more, as a second segment.
        let reader = try IndexLocation.openReader(corpus.index)
        let article = try StoredArticles.article(doc: 0, in: reader)
        let writer = try IndexWriter.articles(directory: try IndexDirectory(path: corpus.index), mode: .append)
        let builder = DocumentBuilder(analyzer: Analyzer(), pairs: false)
        try writer.add(builder.document(builder.analyze(article), group: 0))
        try writer.commit(userData: Indexer.provenance(pairs: false))
        writer.close()
        #expect(throws: EngineError.self) { try IndexVerification(indexPath: corpus.index).run() }
        do {
            _ = try IndexVerification(indexPath: corpus.index).run()
        } catch let error as EngineError {
            #expect(error.message.contains("is in the index twice"))
            #expect(error.message.contains("tracuu reindex"))
        }
        let report = try Reindexer(indexPath: corpus.index).run()
        #expect(report == Reindexer.Report(articles: 2, duplicates: 1))
        #expect(try IndexVerification(indexPath: corpus.index).run().articles == 2)
        #expect(try corpus.search("hòa bình").total == 1)
    }

    @Test func reindexRebuildsFromStoredTextAndFixesAnAnalyzerMismatch() throws {
        let corpus = Corpus()
        corpus.article("a", title: "Hoà bình khu vực", date: "01/02/2018", body: "Hai bên cam kết giữ gìn hoà bình.")
        corpus.article("b", title: "Tin B", body: "Hợp tác với Lào.")
        try corpus.build()
        let before = try corpus.search("hòa bình")
        // Pretend the index was made by an older analyzer.
        let directory = try IndexDirectory(path: corpus.index)
        let writer = try IndexWriter(directory: directory, schema: ArticleSchema.schema, fold: ArticleSchema.fold)
        try writer.deleteDocuments(withTerm: ArticleSchema.key(ArticleSchema.Field.id, "no-such-id"))
        var old = Indexer.provenance(pairs: false)
        old["analyzer"] = "tracuu-analyzer-0"
        try writer.commit(userData: old)
        writer.close()
        do {
            _ = try IndexLocation.openReader(corpus.index)
            Issue.record("an index of another analyzer was opened for search")
        } catch let error as EngineError {
            #expect(error.code == .analyzerMismatch)
            #expect(error.message.contains("tracuu reindex"))
        }
        // Reindex without the sources.
        try FileManager.default.removeItem(atPath: corpus.folder.child("articles"))
        #expect(try Reindexer(indexPath: corpus.index).run() == Reindexer.Report(articles: 2, duplicates: 0))
        let after = try corpus.search("hòa bình")
        #expect(corpus.names(after) == corpus.names(before))
        #expect(after.hits.first?.date?.day.iso == "2018-02-01")
        #expect(after.hits.first?.date?.source == .dateline)
        let reader = try IndexLocation.openReader(corpus.index)
        #expect(reader.commit.userData["analyzer"] == Indexer.provenance(pairs: false)["analyzer"])
        _ = try IndexChecker().check(reader)
    }
}
