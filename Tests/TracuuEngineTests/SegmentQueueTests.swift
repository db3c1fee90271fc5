import Dispatch
import Foundation
import Synchronization
import Testing
import TracuuCore
import TracuuStore
import TracuuTestSupport

@testable import TracuuEngine
@testable import TracuuQuery

/// A search whose work is shared between the calling thread and a helper
/// (`HelperThread`, `SegmentQueue`) answers exactly as one thread does.
@Suite struct SegmentQueueTests {
    /// Two searchers of `corpus`: one that hands segments to a helper
    /// whatever the search's size, one that never does.
    static func searchers(_ corpus: GeneratedCorpus) throws -> (shared: Searcher, alone: Searcher) {
        let shared = try corpus.searcher()
        shared.helpedPostings = 0
        let alone = try corpus.searcher()
        alone.helpedPostings = .max
        return (shared, alone)
    }

    @Test func twoThreadsGiveTheOneThreadAnswer() throws {
        let corpus = try GeneratedCorpus(documents: 1200, seed: 11)
        let (shared, alone) = try SegmentQueueTests.searchers(corpus)
        #expect(shared.reader.segments.count >= 3)
        var random = SeededRandom(seed: 5)
        let words = GeneratedCorpus.vocabulary + ["hoi", "ngoai", "thuy", "ngoa*"]
        var scored = (shared: 0, alone: 0)
        for round in 0..<120 {
            var parts = (0..<Int.random(in: 1...5, using: &random)).map { _ in words.randomElement(using: &random)! }
            switch round % 4 {
            case 1 where parts.count >= 2: parts = [parts[0], "OR", parts[1]] + parts.dropFirst(2)
            case 2 where parts.count >= 2: parts = ["\"\(parts[0]) \(parts[1])\""] + parts.dropFirst(2)
            case 3 where parts.count >= 3: parts[parts.count - 1] = "-" + parts[parts.count - 1].replacingOccurrences(of: "*", with: "")
            default: break
            }
            let query = parts.joined(separator: " ")
            var request = SearchRequest(
                query: query, limit: [1, 5, 20][round % 3], offset: round % 5 == 0 ? 3 : 0,
                sort: round % 6 == 5 ? .date : .relevance, ranking: round % 7 == 6 ? .bm25 : .tfidf)
            request.histogram = round % 2 == 0 ? .year : .month
            if round % 8 == 7 { request.dateRange = DateRange(lower: Day(year: 2017, month: 1, day: 1), upper: nil) }
            // The reference shares nothing: not the walk, nor the words'
            // lookups or the page's hits.
            var single = request
            single.sharesSegments = false
            let expected: SearchResponse
            do {
                expected = try alone.search(single)
            } catch is QuerySyntaxError {
                continue
            }
            let answer = try shared.search(request)
            QueryFeatureTests.expectSameAnswer(answer, expected, query)
            #expect(answer.hits.map(\.matchedAll) == expected.hits.map(\.matchedAll), "\(query)")
            scored.shared += answer.scored
            scored.alone += expected.scored
        }
        // The helper did take segments: two pages were scored where one
        // thread scored one (otherwise this test would prove nothing).
        #expect(scored.shared > scored.alone, "\(scored)")
    }

    /// A request that may not share its segments (a busy server's) is
    /// searched on the calling thread alone.
    @Test func aRequestMaySayOneThread() throws {
        let corpus = try GeneratedCorpus(documents: 900, seed: 19)
        let (searcher, alone) = try SegmentQueueTests.searchers(corpus)
        for query in ["hợp tác quốc tế", "ngoai OR lào", "\"việt nam\" hội"] {
            var request = SearchRequest(query: query, limit: 10)
            request.sharesSegments = false
            let answer = try searcher.search(request)
            let expected = try alone.search(request)
            QueryFeatureTests.expectSameAnswer(answer, expected, query)
            #expect(answer.scored == expected.scored, "\(query)")
            // Allowed to share, the same searcher does hand segments over.
            // Whether one search does is a race (the helper wakes some
            // 30 µs late, and these searches are small enough to be over
            // by then), so the searcher gets a few tries to show it.
            request.sharesSegments = true
            var helped = false
            for _ in 0..<200 where !helped { helped = try searcher.search(request).scored > expected.scored }
            #expect(helped, "\(query)")
        }
    }

    /// Damage met on either thread is the search's error, and neither
    /// thread is left waiting.
    @Test func damageMetByEitherThreadIsReported() throws {
        let corpus = try GeneratedCorpus(documents: 900, seed: 13)
        // Every segment's postings damaged in their middle: whichever
        // segment a thread takes first fails.
        let postings = try FileManager.default.contentsOfDirectory(atPath: corpus.index).filter { $0.hasSuffix(".tpost") }
        #expect(postings.count >= 3)
        for name in postings {
            let path = corpus.index + "/" + name
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            for offset in stride(from: bytes.count / 4, to: bytes.count * 3 / 4, by: 7) { bytes[offset] ^= 0x5A }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        for _ in 0..<10 {
            let searcher = Searcher(reader: try IndexLocation.openReader(corpus.index))
            searcher.helpedPostings = 0
            #expect(throws: StoreError.self) { try searcher.search(SearchRequest(query: "hợp tác quốc tế", limit: 10)) }
        }
    }

    /// A job hands back what its work returned or threw once the work has
    /// started; called off before it starts, the work never runs.
    @Test func aJobHandsBackItsValueOrError() throws {
        struct Failure: Error {}
        let thread = HelperThread()
        defer { thread.stop() }
        let started = DispatchSemaphore(value: 0)
        let value = thread.start {
            started.signal()
            return 42
        }
        started.wait()
        #expect(try value.finish() == 42)
        let failing = thread.start { () throws -> Int in
            started.signal()
            throw Failure()
        }
        started.wait()
        #expect(throws: Failure.self) { try failing.finish() }
        let runs = Atomic<Int>(0)
        for _ in 0..<200 {
            let job = thread.start {
                runs.add(1, ordering: .relaxed)
                return 1
            }
            if try job.finish() == nil { continue }  // called off: never runs
            runs.add(-1, ordering: .relaxed)
        }
        Thread.sleep(forTimeInterval: 0.2)  // any work called off but run anyway would show here
        #expect(runs.load(ordering: .relaxed) == 0)
    }
}
