import Testing
import TracuuStore

@testable import TracuuQuery

/// A reading's document frequency is the size of the union of its forms'
/// postings; it is counted without decoding the most frequent form (see
/// `DocumentUnion` in TracuuStore), and must equal the union counted doc by doc.
@Suite struct ReadingDocFreqTests {
    @Test func theUnionCountMatchesEveryDocumentCounted() throws {
        let corpus = try GeneratedCorpus(documents: 900, seed: 21)
        let reader = try corpus.searcher().reader
        var checked = 0
        for segment in reader.segments {
            for fold in ["hoa", "thuy", "ngoai", "tac", "hop"] {
                let group = try segment.dictionary.foldGroup([ArticleSchema.Field.text] + Array(fold.utf8))
                let infos = try segment.dictionary.terms(at: group?.ordinals ?? []).map(\.info)
                guard infos.count > 1 else { continue }
                var docs: Set<Int32> = []
                for info in infos {
                    let cursor = try segment.postings(info, withPositions: false)
                    while try cursor.next() != PostingsFormat.noMoreDocs { docs.insert(cursor.doc) }
                }
                // Counted as the segment was built (by the indexing
                // threads, from the analyzer's fold ids).
                #expect(group?.docFreq == docs.count, "\(fold)")
                #expect(try QueryResolver.unionLiveDocFreq(infos, in: segment) == docs.count, "\(fold)")
                #expect(try QueryResolver.unionLiveDocFreq(infos.reversed(), in: segment) == docs.count, "\(fold)")
                checked += 1
            }
        }
        #expect(checked >= 6)
    }
}
