import TracuuStore
import TracuuTestSupport

/// A tiny schema and a brute-force model of what an index holds, to compare
/// the store's answers with.
enum TestSchema {
    static let body: UInt8 = 1
    static let key: UInt8 = 3
    static let schema = IndexSchema(
        fields: [
            .init(id: body, name: "body", hasPositions: true, folded: true, lengthColumn: "TLEN"),
            .init(id: key, name: "key", hasPositions: false, folded: false, lengthColumn: nil),
        ],
        columns: [.init(tag: "TLEN", width: 4), .init(tag: "DATE", width: 4), .init(tag: "HASH", width: 8)],
        storedApart: [4])
    /// Fold: drop a trailing digit, so "w12" and "w1" share a fold key.
    static let fold: @Sendable ([UInt8]) -> [UInt8] = { bytes in
        var result = bytes
        if let last = result.last, last >= 0x30, last <= 0x39, result.count > 2 { result.removeLast() }
        return result
    }
}

struct ModelDocument {
    var key: String
    var words: [String]
    var date: Int64

    var input: DocumentInput {
        var positions: [String: [UInt32]] = [:]
        var order: [String] = []
        for (position, word) in words.enumerated() {
            if positions[word] == nil { order.append(word) }
            positions[word, default: []].append(UInt32(position))
        }
        let body = FieldInput(
            field: TestSchema.body, terms: order.map { Array($0.utf8) }, positions: order.map { positions[$0]! })
        let keyField = FieldInput(field: TestSchema.key, terms: [Array(key.utf8)], positions: [])
        return DocumentInput(
            fields: [body, keyField], columns: [Int64(words.count), date, Int64(key.hashValue & 0xFFFF)],
            stored: [(1, Array(key.utf8)), (4, Array(words.joined(separator: " ").utf8))])
    }

    static func random(_ index: Int, _ random: inout SeededRandom) -> ModelDocument {
        // A Zipf-like vocabulary: w0 in nearly every document (many blocks), rare words in few.
        let length = Int(random.next() % 40) + 1
        let words = (0..<length).map { _ -> String in
            let r = Double(random.next() % 10_000) / 10_000
            return "w\(Int(pow(r, 3) * 300))"
        }
        return ModelDocument(key: "doc-\(index)", words: words, date: Int64(17_000 + index % 500))
    }
}

import Foundation
