import Foundation
import Testing
import TracuuTestSupport

@testable import TracuuStore

/// Writes random documents and checks every answer the readers give against
/// a brute-force model: dictionary, postings (across 128-document blocks and
/// skips), positions, fold groups, columns and stored fields.
@Suite struct SegmentRoundTripTests {
    static func build(_ docs: [ModelDocument], at path: String, flushEvery: Int = .max) throws -> IndexReader {
        let directory = try IndexDirectory(path: path, create: true)
        let writer = try IndexWriter(directory: directory, schema: TestSchema.schema, fold: TestSchema.fold)
        for (index, doc) in docs.enumerated() {
            try writer.add(doc.input)
            if (index + 1) % flushEvery == 0 { try writer.commit(userData: ["n": "\(index)"]) }
        }
        try writer.commit(userData: ["n": "\(docs.count)"])
        writer.close()
        return try IndexReader.open(path: path)
    }

    @Test(arguments: [1, 300])
    func everyAnswerMatchesTheModel(flushEvery: Int) throws {
        let folder = TemporaryDirectory()
        var random = SeededRandom(seed: 42)
        let docs = (0..<900).map { ModelDocument.random($0, &random) }
        let reader = try Self.build(docs, at: folder.path, flushEvery: flushEvery == 1 ? .max : flushEvery)
        #expect(reader.liveDocCount == docs.count)
        #expect(reader.segments.count == (flushEvery == 1 ? 1 : 3))

        // Model: word → [(global doc, positions)].
        var model: [String: [(Int, [UInt32])]] = [:]
        for (doc, document) in docs.enumerated() {
            var positions: [String: [UInt32]] = [:]
            for (position, word) in document.words.enumerated() { positions[word, default: []].append(UInt32(position)) }
            for (word, list) in positions { model[word, default: []].append((doc, list)) }
        }
        #expect(model["w0"]!.count > 300)  // spans several blocks in one segment

        for (word, expected) in model {
            var found: [(Int, [UInt32])] = []
            for (index, segment) in reader.segments.enumerated() {
                guard let info = try segment.dictionary.lookup([TestSchema.body] + Array(word.utf8)) else { continue }
                let cursor = try segment.postings(info)
                while try cursor.next() != PostingsFormat.noMoreDocs {
                    found.append((reader.docBases[index] + Int(cursor.doc), try cursor.positions()))
                }
            }
            #expect(found.map(\.0) == expected.map(\.0), "docs of \(word)")
            #expect(found.map(\.1) == expected.map(\.1), "positions of \(word)")
        }
        // A word nobody wrote.
        #expect(try reader.segments[0].dictionary.lookup([TestSchema.body] + Array("nothing".utf8)) == nil)

        // Stored fields and columns.
        for doc in stride(from: 0, to: docs.count, by: 37) {
            let (segment, local) = reader.locate(doc)
            let stored = try reader.segments[segment].stored.document(local)
            #expect(stored[1] == Array(docs[doc].key.utf8))
            #expect(stored[4] == Array(docs[doc].words.joined(separator: " ").utf8))
            let columns = reader.segments[segment].columns
            #expect(columns.value(columns.column("DATE")!, local) == docs[doc].date)
            #expect(columns.value(columns.column("TLEN")!, local) == Int64(docs[doc].words.count))
        }
        // Whole-column passes (in place for 8-byte columns, copied for
        // narrower ones) see what the per-document view sees.
        for segment in reader.segments {
            let columns = segment.columns
            for column in columns.columns {
                let view = columns.view(column)
                let expected = (0..<segment.docCount).map { view[$0] }
                #expect(columns.withValues(column) { Array($0) } == expected, "column \(column.tag)")
                #expect(columns.total(column) == expected.reduce(0, &+), "column \(column.tag)")
                // A range scan (what a date filter leads with) lists the
                // documents whose values fall inside, both ends included,
                // and gives up past its limit.
                let sorted = expected.sorted()
                let (lower, upper) = (sorted[sorted.count / 4], sorted[sorted.count / 2])
                let inside = expected.indices.filter { expected[$0] >= lower && expected[$0] <= upper }.map(Int32.init)
                #expect(view.docs(in: lower, upper, docCount: segment.docCount, atMost: inside.count) == inside)
                #expect(view.docs(in: lower, upper, docCount: segment.docCount, atMost: inside.count - 1) == nil)
                #expect(view.docs(in: upper + 1, lower, docCount: segment.docCount, atMost: 10) == [])
            }
        }
        // Every document is findable by its key term.
        #expect(try reader.documents(withTerm: [TestSchema.key] + Array("doc-123".utf8)) == [123])
        // The checker agrees.
        let report = try IndexChecker().check(reader)
        #expect(report.documents == docs.count)
    }

    /// A field without positions may still count a term several times
    /// (the pairs' and alias names' counts): the count comes back as the
    /// frequency, no positions come with it, and the checker accepts it.
    /// (The checker took the missing positions for a run of zeros, "not
    /// ascending", once a count was above 1.)
    /// `preload` maps every segment's dictionary and postings into the
    /// process (their pages count in its resident set at once), says how
    /// many bytes that was, and changes no answer.
    @Test func preloadMapsTheSearchedFilesWhole() throws {
        let folder = TemporaryDirectory()
        var random = SeededRandom(seed: 7)
        let docs = (0..<12_000).map { ModelDocument.random($0, &random) }
        let reader = try Self.build(docs, at: folder.path)
        let files = reader.segments.flatMap(\.searchedFiles)
        #expect(Set(files.map { String($0.name.suffix(5)) }) == ["tdict", "tpost"])
        // Opening a segment reads a few pages of each file; postings this
        // long have pages no read has mapped yet.
        #expect(files.contains { $0.name.hasSuffix("tpost") && $0.buffer.count > 256 << 10 })
        #expect(reader.preload() == files.reduce(0) { $0 + $1.buffer.count })
        // Where the kernel can (Linux 5.14 and later), every page is now in
        // this process's resident set, as /proc/self/smaps shows (read to
        // its end: /proc files give no size to read up to).
        if files[0].mapAllPages(), let smaps = FileHandle(forReadingAtPath: "/proc/self/smaps")?.readDataToEndOfFile() {
            let lines = String(decoding: smaps, as: UTF8.self).split(separator: "\n")
            for file in files {
                let start = lines.firstIndex { $0.hasSuffix("/" + file.name) }
                let rss = start.flatMap { index in lines[index...].first { $0.hasPrefix("Rss:") } }
                let kilobytes = rss.flatMap { Int($0.split(separator: " ")[1]) }
                #expect(kilobytes == (file.buffer.count + 4095) / 4096 * 4, "\(file.name): \(rss ?? "no mapping")")
            }
        }
        let unloaded = try IndexReader.open(path: folder.path)
        for word in ["w0", "w1", "w7", "w250", "nothing"] {
            let term = [TestSchema.body] + Array(word.utf8)
            #expect(try reader.documents(withTerm: term) == unloaded.documents(withTerm: term), "\(word)")
        }
    }

    @Test func countsWithoutPositionsComeBackAsFrequencies() throws {
        let folder = TemporaryDirectory()
        let directory = try IndexDirectory(path: folder.path, create: true)
        let writer = try IndexWriter(directory: directory, schema: TestSchema.schema, fold: TestSchema.fold)
        let counts: [Int32] = [1, 3, 7, 2, 200]
        for (index, count) in counts.enumerated() {
            var input = ModelDocument(key: "doc-\(index)", words: ["w1"], date: 0).input
            let bytes = Array("name".utf8) + Array("doc-\(index)".utf8)
            input.fields[1] = FieldInput(
                field: TestSchema.key, termBytes: bytes, termStarts: [0, 4, Int32(bytes.count)], frequencies: [count, 1])
            try writer.add(input)
        }
        try writer.commit(userData: [:])
        writer.close()
        let reader = try IndexReader.open(path: folder.path)
        let segment = reader.segments[0]
        let info = try #require(try segment.dictionary.lookup([TestSchema.key] + Array("name".utf8)))
        let cursor = try segment.postings(info, withPositions: true)
        var freqs: [Int32] = []
        while try cursor.next() != PostingsFormat.noMoreDocs {
            freqs.append(cursor.freq)
            #expect(try cursor.positions() == [])
        }
        #expect(freqs == counts)
        #expect(try IndexChecker().check(reader).documents == counts.count)
    }

    /// Skipping through a list (from the start, or again after a rewind),
    /// and reading it whole at once (which sets the documents a cursor
    /// steps through, across full blocks and the tail, and leaves a cursor
    /// that has moved where it was).
    @Test func advanceAndWholeListAgreeWithTheModel() throws {
        let folder = TemporaryDirectory()
        var random = SeededRandom(seed: 7)
        let docs = (0..<1500).map { ModelDocument.random($0, &random) }
        let reader = try Self.build(docs, at: folder.path)
        let segment = reader.segments[0]
        for word in ["w0", "w1", "w5", "w40", "w200"] {
            let expected = docs.indices.filter { docs[$0].words.contains(word) }.map(Int32.init)
            guard !expected.isEmpty, let info = try segment.dictionary.lookup([TestSchema.body] + Array(word.utf8)) else { continue }
            let whole = try segment.postings(info, withPositions: false)
            let before = try whole.advance(to: 700)
            var bits = [UInt64](repeating: 0, count: (segment.docCount + 63) / 64)
            // Frequencies add up to what is there (twice over: two passes).
            var freqs = [UInt8](repeating: 0, count: segment.docCount)
            for _ in 0..<2 {
                try bits.withUnsafeMutableBufferPointer { buffer in
                    try freqs.withUnsafeMutableBufferPointer { counts in
                        try whole.insertDocs(into: buffer, docCount: segment.docCount, freqs: counts)
                    }
                }
            }
            let found = (0..<segment.docCount).filter { bits[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }.map(Int32.init)
            #expect(found == expected, "docs of \(word)")
            #expect(freqs == docs.map { document in UInt8(2 * document.words.filter { $0 == word }.count) })
            #expect(whole.doc == before)
            for round in 0..<50 {
                let cursor = try segment.postings(info)
                // Every other cursor has been walked somewhere and rewound
                // first (a search scores its likeliest documents, then walks
                // from the start): it must answer as a new one would.
                if round % 2 == 1 {
                    try cursor.advance(to: Int32(random.next() % 1500))
                    if cursor.doc != PostingsFormat.noMoreDocs { _ = try cursor.positions() }
                    cursor.rewind()
                    #expect(cursor.doc == -1)
                }
                var target = Int32(random.next() % 1500)
                var last: Int32 = -1
                for _ in 0..<5 {
                    let got = try cursor.advance(to: target)
                    let want = expected.first { $0 >= target } ?? PostingsFormat.noMoreDocs
                    #expect(got == want, "\(word): advance(\(target)) after \(last)")
                    if got == PostingsFormat.noMoreDocs { break }
                    // Positions after a skip must still be right.
                    let positions = try cursor.positions()
                    let model = docs[Int(got)].words.enumerated().filter { $0.element == word }.map { UInt32($0.offset) }
                    #expect(positions == model)
                    last = got
                    target = got + Int32(random.next() % 200) + 1
                }
            }
        }
        // A segment said to be shorter than the list: damage, named.
        let info = try #require(try segment.dictionary.lookup([TestSchema.body] + Array("w0".utf8)))
        var bits = [UInt64](repeating: 0, count: 2)
        #expect(throws: StoreError.self) {
            try bits.withUnsafeMutableBufferPointer { buffer in
                try segment.postings(info, withPositions: false).insertDocs(into: buffer, docCount: 100)
            }
        }
    }

    /// Values past the decoders' short paths (one- and two-byte codes, one-
    /// byte frequencies): doc gaps of three-byte codes, frequencies of two
    /// bytes and more, and position gaps of one, two and three bytes, met
    /// in full blocks, in tails, mixed with short codes, and read whole.
    @Test func wideGapsAndFrequenciesRoundTrip() throws {
        let folder = TemporaryDirectory()
        let docCount = 20_000
        // "rare": docs far apart (gaps past 8,191 take a three-byte code).
        let rare: Set<Int> = [0, 9_000, 9_001, 19_999]
        // "many": in every 97th document, 1 to 300 times.
        func manyCount(_ doc: Int) -> Int { doc % 97 == 0 ? 1 + doc % 300 : 0 }
        // "far": in one long document at positions 0, 5, 200 and 20,000.
        let farDoc = 12_345
        let farPositions: [UInt32] = [0, 5, 200, 20_000]
        var docs: [ModelDocument] = []
        for doc in 0..<docCount {
            var words = ["a"]
            if rare.contains(doc) { words.append("rare") }
            words += Array(repeating: "many", count: manyCount(doc))
            if doc == farDoc {
                words = Array(repeating: "b", count: 20_001)
                for position in farPositions { words[Int(position)] = "far" }
            }
            docs.append(ModelDocument(key: "doc-\(doc)", words: words, date: 1))
        }
        let reader = try Self.build(docs, at: folder.path)
        let segment = reader.segments[0]
        func info(_ word: String) throws -> TermInfo {
            try #require(try segment.dictionary.lookup([TestSchema.body] + Array(word.utf8)))
        }
        for word in ["rare", "many", "far", "a"] {
            let expected = docs.indices.filter { docs[$0].words.contains(word) }
            let cursor = try segment.postings(try info(word))
            var found: [Int] = []
            while try cursor.next() != PostingsFormat.noMoreDocs {
                let doc = Int(cursor.doc)
                found.append(doc)
                let positions = docs[doc].words.indices.filter { docs[doc].words[$0] == word }.map(UInt32.init)
                #expect(Int(cursor.freq) == positions.count, "\(word) in \(doc)")
                if word != "a" || doc % 1000 == 0 { #expect(try cursor.positions() == positions, "\(word) in \(doc)") }
            }
            #expect(found == expected, "docs of \(word)")
            var bits = [UInt64](repeating: 0, count: (docCount + 63) / 64)
            var freqs = [UInt8](repeating: 0, count: docCount)
            try bits.withUnsafeMutableBufferPointer { buffer in
                try freqs.withUnsafeMutableBufferPointer { counts in
                    try segment.postings(try info(word), withPositions: false)
                        .insertDocs(into: buffer, docCount: docCount, freqs: counts)
                }
            }
            #expect((0..<docCount).filter { bits[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 } == expected, "bits of \(word)")
            // Counts stop at 255 ("many" occurs up to 300 times).
            #expect(
                freqs == docs.map { document in UInt8(min(255, document.words.filter { $0 == word }.count)) },
                "freqs of \(word)")
        }
        let skipping = try segment.postings(try info("rare"))
        #expect(try skipping.advance(to: 1) == 9_000)
        #expect(try skipping.advance(to: 9_001) == 9_001)
        #expect(try skipping.advance(to: 9_002) == 19_999)
        let far = try segment.postings(try info("far"))
        #expect(try far.advance(to: 1) == Int32(farDoc))
        #expect(try far.positions() == farPositions)
    }

    @Test func foldGroupsAndTermIteration() throws {
        let folder = TemporaryDirectory()
        let docs = [
            ModelDocument(key: "a", words: ["w12", "w1", "w3"], date: 1),
            ModelDocument(key: "b", words: ["w15", "w2"], date: 2),
        ]
        let reader = try Self.build(docs, at: folder.path)
        let dictionary = reader.segments[0].dictionary
        // "w12" and "w15" fold to "w1" (trailing digit dropped); "w1" folds to itself (too short).
        let group = try #require(try dictionary.foldGroup([TestSchema.body] + Array("w1".utf8)))
        // Document a holds "w12" and "w1", b "w15": two documents.
        #expect(group.docFreq == 2)
        #expect(try dictionary.foldGroup([TestSchema.body] + Array("w9".utf8)) == nil)
        let terms = try group.ordinals.map { String(decoding: try dictionary.term(at: $0).term.dropFirst(), as: UTF8.self) }
        #expect(Set(terms) == ["w1", "w12", "w15"])
        var iterator = try dictionary.terms()
        var all: [[UInt8]] = []
        while let (term, _) = try iterator.next() { all.append(term) }
        #expect(all == all.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(all.count == dictionary.termCount)
        var fromW2 = try dictionary.terms(from: [TestSchema.body] + Array("w2".utf8))
        #expect(try fromW2.next()?.term == [TestSchema.body] + Array("w2".utf8))
    }

    /// The flush sorts terms by their first sixteen bytes before whole
    /// keys: terms that tie there (long shared prefixes), that are
    /// prefixes of one another, or that hold zero bytes (the padding of a
    /// short key) still come out in byte order.
    @Test func termsSortByTheirBytesWhateverTheirLength() throws {
        let folder = TemporaryDirectory()
        let long = String(repeating: "x", count: 20)
        let words = [
            "b", "a", "a\u{0}", "a\u{0}\u{0}", "ab", "\(long)b", "\(long)a", "\(long)", "\(long)a\u{0}", "xxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxy", "người", "người\u{0}", "ư", "ừ", "z\u{7F}", "z\u{80}",
        ]
        let reader = try Self.build([ModelDocument(key: "k", words: words, date: 1)], at: folder.path)
        var iterator = try reader.segments[0].dictionary.terms()
        var found: [[UInt8]] = []
        while let (term, _) = try iterator.next() {
            if term.first == TestSchema.body { found.append(Array(term.dropFirst())) }
        }
        #expect(found == words.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) })
    }

    /// Many terms at once (a fold group's forms) read each block once, in
    /// any order, across block boundaries, repeats included: the same as
    /// one at a time.
    @Test func termsAtManyOrdinalsMatchOneAtATime() throws {
        let folder = TemporaryDirectory()
        let docs = (0..<40).map { doc in
            ModelDocument(key: "d\(doc)", words: (0..<25).map { "t\(doc * 25 + $0)" }, date: Int64(doc))
        }
        let reader = try Self.build(docs, at: folder.path)
        let dictionary = reader.segments[0].dictionary
        #expect(dictionary.termCount > 600)  // several blocks
        var random = SeededRandom(seed: 9)
        for _ in 0..<20 {
            var ordinals = (0..<Int(random.next() % 40 + 1)).map { _ in Int(random.next() % UInt64(dictionary.termCount)) }
            ordinals += [ordinals[0]]  // a repeat
            let many = try dictionary.terms(at: ordinals)
            let one = try ordinals.map { try dictionary.term(at: $0) }
            #expect(many.map(\.term) == one.map(\.term))
            #expect(many.map(\.info.postingsOffset) == one.map(\.info.postingsOffset))
        }
        let last = dictionary.termCount - 1
        #expect(try dictionary.terms(at: [last, 0, 127, 128, 129, last]).map(\.term) == [last, 0, 127, 128, 129, last].map { try dictionary.term(at: $0).term })
        #expect(throws: StoreError.self) { try dictionary.terms(at: [dictionary.termCount]) }
    }
}
