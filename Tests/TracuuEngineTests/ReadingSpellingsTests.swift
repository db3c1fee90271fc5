import Foundation
import Testing
@testable import TracuuAnalysis
import TracuuStore
import TracuuTestSupport

@testable import TracuuEngine
@testable import TracuuQuery

/// A word read as written (an alias's words) is looked up by its spellings
/// (`QueryResolver.resolve(reading:field:)`) instead of its whole fold
/// group; it must find exactly the forms the fold group grades as its
/// reading, the word itself and its spelling variants, with their documents.
@Suite struct ReadingSpellingsTests {
    /// Words, each also written as hands and old keyboards write it: the
    /// tone on each of its letters, "i" for "y" and "y" for "i", and with
    /// the other tones or none (looser forms, which the reading leaves out).
    static let words = [
        "hòa", "thủy", "khỏe", "ủy", "quý", "lý", "kỹ", "mỹ", "ngoài", "hoàn", "thuế", "việt", "nam", "người",
        "khuỷu", "quốc", "giá", "gì", "ý", "y", "i", "rắc", "ixraen", "đông", "á", "hội", "tổ", "chức", "mại",
    ]

    static func misspellings(of word: String) -> [String] {
        guard let letters = VietnameseSpelling.letters(of: word) else { return [word] }
        var forms: Set<String> = [word]
        var shapes = [letters.map { VietnameseSpelling.Letter(base: $0.base, shape: $0.shape, tone: 0) }]
        if let last = letters.last, last.base == 0x69 || last.base == 0x79 {
            var swapped = shapes[0]
            swapped[swapped.count - 1].base = last.base == 0x69 ? 0x79 : 0x69
            shapes.append(swapped)
        }
        for shape in shapes {
            forms.insert(VietnameseSpelling.spelled(shape))
            for index in shape.indices {
                for tone in 1...5 {
                    var marked = shape
                    marked[index].tone = tone
                    forms.insert(VietnameseSpelling.spelled(marked))
                }
            }
        }
        return forms.sorted()
    }

    @Test func aWordsSpellingsAreItsReadingInItsFoldGroup() throws {
        let folder = TemporaryDirectory("spellings")
        var random = SeededRandom(seed: 5)
        let vocabulary = Self.words.flatMap(Self.misspellings)
        #expect(vocabulary.count > 500)
        var lines: [String] = []
        for number in 0..<400 {
            let title = (0..<4).map { _ in vocabulary.randomElement(using: &random)! }
            let body = (0..<40).map { _ in vocabulary.randomElement(using: &random)! }
            lines.append(
                try GeneratedCorpus.json([
                    "id": "s\(number)", "title": title.joined(separator: " "), "body": body.joined(separator: " "),
                ]))
        }
        let index = folder.child("index")
        _ = try Indexer(
            options: IndexOptions(
                indexPath: index, inputs: [folder.write("spellings.jsonl", lines.joined(separator: "\n") + "\n")])
        ).run()
        let reader = try IndexLocation.openReader(index)

        var checked = 0
        for field in [ArticleSchema.Field.text, ArticleSchema.Field.title] {
            for word in Self.words {
                // What the fold group holds of the word's reading, and the
                // documents holding any of it, counted one by one.
                var expected: Set<[UInt8]> = []
                var docs: Set<Int> = []
                for (segmentIndex, segment) in reader.segments.enumerated() {
                    let group = try segment.dictionary.foldGroup([field] + Array(TermForms.foldKey(word).utf8))
                    for (key, info) in try segment.dictionary.terms(at: group?.ordinals ?? []) {
                        let form = String(decoding: key.dropFirst(), as: UTF8.self)
                        guard MatchTier.of(query: word, candidate: form) <= .variant else { continue }
                        expected.insert(key)
                        let cursor = try segment.postings(info, withPositions: false)
                        while try cursor.next() != PostingsFormat.noMoreDocs {
                            docs.insert(reader.docBases[segmentIndex] + Int(cursor.doc))
                        }
                    }
                }
                var resolver = QueryResolver(reader: reader, ranking: .tfidf)
                let reading = try resolver.resolve(reading: word, field: field)
                #expect(Set(reading.variants.map(\.key)) == expected, "\(word) in field \(field)")
                #expect(reading.variants.allSatisfy { $0.isReading })
                #expect(reading.readingDocFreq == docs.count, "\(word) in field \(field)")
                #expect(reading.readingOnly)
                if expected.count > 1 { checked += 1 }
            }
        }
        #expect(checked >= 10, "words written several ways in the index")
    }
}
