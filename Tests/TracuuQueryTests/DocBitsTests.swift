import Testing
import TracuuStore
import TracuuTestSupport

@testable import TracuuQuery

/// The set operations and the walk that counting a query's matches relies
/// on, against plain sets of random documents (word edges included).
@Suite struct DocBitsTests {
    static func bits(_ docs: Set<Int32>, count: Int) -> DocBits {
        var bits = DocBits(docCount: count)
        for doc in docs { bits.insert(doc) }
        return bits
    }

    static func walk(_ bits: DocBits) -> [Int32] {
        var docs: [Int32] = []
        var doc = bits.next(from: 0)
        while doc != PostingsFormat.noMoreDocs {
            docs.append(doc)
            doc = bits.next(from: doc + 1)
        }
        return docs
    }

    @Test func setOperationsAgreeWithSets() {
        var random = SeededRandom(seed: 5)
        for count in [1, 63, 64, 65, 1000] {
            for _ in 0..<20 {
                let a = Set((0..<Int(random.next() % 300)).map { _ in Int32(random.next() % UInt64(count)) })
                let b = Set((0..<Int(random.next() % 300)).map { _ in Int32(random.next() % UInt64(count)) })
                let bitsA = Self.bits(a, count: count)
                let bitsB = Self.bits(b, count: count)
                #expect(Self.walk(bitsA) == a.sorted())
                #expect(bitsA.count == a.count)
                var union = bitsA
                union.formUnion(bitsB)
                #expect(Self.walk(union) == a.union(b).sorted())
                var both = bitsA
                both.formIntersection(bitsB)
                #expect(Self.walk(both) == a.intersection(b).sorted())
                var rest = bitsA
                rest.subtract(bitsB)
                #expect(Self.walk(rest) == a.subtracting(b).sorted())
                if let some = a.first {
                    var fewer = bitsA
                    fewer.remove(some)
                    #expect(!fewer.contains(some) && bitsA.contains(some))
                    #expect(Self.walk(fewer) == a.subtracting([some]).sorted())
                }
                // From any document, the next one is the set's first at or after it.
                let from = Int32(random.next() % UInt64(count))
                #expect(bitsA.next(from: from) == a.filter { $0 >= from }.min() ?? PostingsFormat.noMoreDocs)
            }
        }
        #expect(DocBits(docCount: 10).next(from: 10) == PostingsFormat.noMoreDocs)
    }

    /// Every document of the segment, and none past its end (a phrase's
    /// documents are sought among those an OR's other alternatives lack).
    @Test func allOfHoldsEveryDocumentAndNoMore() {
        for count in [0, 1, 63, 64, 65, 130] {
            let all = DocBits(allOf: count)
            #expect(Self.walk(all) == (0..<Int32(count)).map { $0 }, "\(count)")
            #expect(all.count == count)
        }
    }
}
