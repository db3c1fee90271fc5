import Testing

@testable import TracuuCore

/// The vector check against the scalar one, and both against Swift's own
/// validation: every pair of bytes, and sequences of up to four bytes from
/// the edges of the valid ranges, placed across a sixteen-byte block edge
/// and at the very end of the text.
@Suite struct UTF8ValidationTests {
    private func swiftAccepts(_ bytes: [UInt8]) -> Bool { String(validating: bytes, as: UTF8.self) != nil }

    private func agree(_ bytes: [UInt8]) -> Bool {
        let expected = swiftAccepts(bytes)
        return UTF8Validation.isValid(bytes) == expected && UTF8Validation.isValidScalar(bytes) == expected
    }

    @Test func everyPairOfBytes() {
        var disagreements: [[UInt8]] = []
        for first in 0...255 {
            for second in 0...255 {
                let pair: [UInt8] = [UInt8(first), UInt8(second)]
                for prefix in [0, 15] {
                    let ending = [UInt8](repeating: 0x61, count: prefix) + pair
                    for bytes in [ending, ending + [0x61]] where !agree(bytes) { disagreements.append(bytes) }
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
    }

    @Test func sequencesAtTheEdgesOfTheRanges() {
        let edges: [UInt8] = [
            0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF,
        ]
        var disagreements: [[UInt8]] = []
        var accepted = 0
        for a in edges where a >= 0xC0 {
            for b in edges {
                for c in edges {
                    for d in [0x80, 0xBF, 0x41] as [UInt8] {
                        for prefix in [13, 15] {
                            let bytes = [UInt8](repeating: 0x61, count: prefix) + [a, b, c, d]
                            if !agree(bytes) { disagreements.append(bytes) }
                            if !agree(Array(bytes.dropLast())) { disagreements.append(Array(bytes.dropLast())) }
                            if swiftAccepts(bytes) { accepted += 1 }
                        }
                    }
                }
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(5))")
        #expect(accepted > 100)  // the edges make valid sequences too
    }

    /// Vietnamese-like text of every length, then with a byte changed or
    /// the end cut off.
    @Test func damagedText() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", " ", "\n", "à", "ạ", "ư", "ờ", "Đ", "€", "😀", "\u{301}", "ж"]
        var disagreements: [[UInt8]] = []
        for length in 0..<300 {
            var bytes = Array((0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined().utf8)
            if !agree(bytes) { disagreements.append(bytes) }
            guard !bytes.isEmpty else { continue }
            bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            if !agree(bytes) { disagreements.append(bytes) }
            bytes.removeLast(Int.random(in: 0...min(3, bytes.count), using: &generator))
            if !agree(bytes) { disagreements.append(bytes) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(3))")
    }

    /// The NFC quick check's vector pass against its scalar one, on text
    /// mixing what passes (ASCII, Vietnamese letters, U+2002–U+206F) with
    /// what does not (combining marks, U+2000, U+2070, other scripts), in
    /// every position relative to the blocks.
    @Test func nfcQuickCheckVectorAndScalarAgree() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", " ", "à", "ạ", "ỹ", "Ỵ", "“", "…", "\u{2002}", "\u{206F}", "\u{1E00}", "\u{1DFF}",
            "\u{301}", "\u{2000}", "\u{2070}", "Ω", "中", "😀"]
        var disagreements: [[UInt8]] = []
        var passed = 0
        for length in 0..<2000 {
            let bytes = Array((0..<(length % 40)).map { _ in pieces.randomElement(using: &generator)! }.joined().utf8)
            let vector = bytes.withUnsafeBufferPointer { UTF8Validation.isSurelyNFC($0) }
            if vector != UTF8Validation.isSurelyNFCScalar(bytes) { disagreements.append(bytes) }
            if vector { passed += 1 }
        }
        #expect(disagreements.isEmpty, "\(disagreements.prefix(3))")
        #expect(passed > 10)
    }

    @Test func repairedReplacesOnlyWhatIsMalformed() {
        let good = Array("Sở Ngoại vụ 😀".utf8)
        #expect(UTF8Validation.repaired(good) == good)
        #expect(UTF8Validation.repaired([0x61, 0xED, 0xA0, 0x80, 0x62]) == Array("a\u{FFFD}\u{FFFD}\u{FFFD}b".utf8))
        #expect(UTF8Validation.repaired([0x61, 0xE1, 0xBA]) == Array("a\u{FFFD}".utf8))
        #expect(UTF8Validation.isValid([]))
    }
}
