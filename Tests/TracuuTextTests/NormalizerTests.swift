import Foundation
import Testing
import TracuuTestSupport

@testable import TracuuText

@Suite struct NormalizerTests {
    struct Line: Decodable {
        var doc_id: String
        var raw: String
        var nfc: String
    }

    /// Real non-NFC lines from the corpora, with Python's NFC of each: ICU
    /// through our shim must agree with an independent implementation.
    static let lines: [Line] = {
        let text = String(decoding: PackagePaths.read(PackagePaths.fixture("TracuuTextTests", "non_nfc_lines.jsonl")), as: UTF8.self)
        return text.split(separator: "\n").map { try! JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
    }()

    @Test func fixtureIsLoaded() {
        #expect(Self.lines.count == 12)
    }

    @Test(arguments: lines.map(\.doc_id))
    func nfcMatchesPython(docID: String) {
        let line = Self.lines.first { $0.doc_id == docID }!
        let ours = Normalizer.normalize(line.raw, .nfc)
        #expect(Array(ours.unicodeScalars) == Array(line.nfc.unicodeScalars))
        #expect(Normalizer.isNormalized(ours, .nfc))
        #expect(!Normalizer.isNormalized(line.raw, .nfc))
    }

    @Test func decompositionRoundTrips() {
        let text = "Bộ Ngoại giao Việt Nam"
        let decomposed = Normalizer.normalize(text, .nfd)
        #expect(decomposed.unicodeScalars.count > text.unicodeScalars.count)
        #expect(Array(Normalizer.normalize(decomposed, .nfc).unicodeScalars) == Array(text.unicodeScalars))
    }

    @Test func casefoldFlattensCompatibilityForms() {
        // Fullwidth letters, NBSP, soft hyphen, zero-width space and case.
        #expect(Normalizer.normalize("ＡＳＥＡＮ", .nfkcCasefold) == "asean")
        #expect(Normalizer.normalize("Ngo\u{00AD}ại", .nfkcCasefold) == "ngoại")
        #expect(Normalizer.normalize("Việt\u{200B}Nam", .nfkcCasefold) == "việtnam")
        #expect(Normalizer.normalize("\u{FEFF}ĐÀ NẴNG", .nfkcCasefold) == "đà nẵng")
    }

    @Test func asciiIsReturnedAsIs() {
        #expect(Normalizer.normalize("UBND 04/QĐ", .nfc) == "UBND 04/QĐ")
        #expect(Normalizer.isNormalized("plain ascii", .nfd))
    }

    /// The quick NFC check may say "not sure" freely but must never call
    /// text NFC that ICU would change: every code point below U+3000, alone,
    /// between letters and before a combining mark.
    @Test func quickCheckNeverContradictsICU() {
        var accepted = 0
        for value in 0..<0x3000 {
            guard let scalar = Unicode.Scalar(UInt32(value)) else { continue }
            for text in ["\(Character(scalar))", "a\(Character(scalar))b", "ab\(Character(scalar))"] {
                guard Normalizer.isSurelyNFC(text) else { continue }
                accepted += 1
                #expect(Normalizer.isNormalized(text, .nfc), "U+\(String(value, radix: 16)) in \(text.debugDescription)")
            }
        }
        #expect(!Normalizer.isSurelyNFC("\u{2000}"))
        #expect(!Normalizer.isSurelyNFC("hoa\u{0300}"))
        #expect(accepted > 1000)
        // Vietnamese text in either tone placement takes the quick path.
        #expect(Normalizer.isSurelyNFC("Hòa bình, hoà bình – “Đà Nẵng” … Ngoại vụ"))
    }

    /// The same inside longer text, at every offset of the sixteen-byte
    /// blocks the check reads at once: a character that straddles two
    /// blocks, or ends the text, is judged like one inside a block, and
    /// Vietnamese passes.
    @Test func quickCheckInLongTextAtEveryOffset() {
        let samples: [Unicode.Scalar] = ["a", "ệ", "Đ", "ư", "\u{0300}", "\u{2000}", "\u{2002}", "“", "…", "\u{2070}", "中", "😀", "\u{1E9E}", "\u{1EFF}"]
        for scalar in samples {
            for offset in 0..<36 {
                let text =
                    String(repeating: "h", count: offset) + "\(Character(scalar))"
                    + (offset % 2 == 0 ? " hội nhập quốc tế" : "")
                let quick = Normalizer.isSurelyNFC(text)
                if quick { #expect(Normalizer.isNormalized(text, .nfc), "\(text.debugDescription)") }
                if ["a", "ệ", "Đ", "ư", "“", "…"].contains(scalar) { #expect(quick, "\(text.debugDescription)") }
                if ["\u{0300}", "\u{2000}", "中", "😀"].contains(scalar) { #expect(!quick, "\(text.debugDescription)") }
            }
        }
    }

    @Test func versionsAreReported() {
        #expect(TextLibraries.icuVersion.split(separator: ".").count >= 2)
        #expect(TextLibraries.unicodeVersion.first?.isNumber == true)
    }
}

@Suite struct FoldingTests {
    @Test func removesMarksKeepsD() {
        #expect(Folding.removingMarks("Ngoại vụ Đà Nẵng") == "Ngoai vu Đa Nang")
        #expect(Folding.folded("Ngoại vụ Đà Nẵng") == "Ngoai vu Da Nang")
        #expect(Folding.folded("Ðồng chí") == "Dong chi")
    }

    @Test func matchKeyIgnoresCaseAccentsAndSpacing() {
        #expect(Folding.matchKey("  CÁC TIN\u{00A0}KHÁC ") == "cac tin khac")
        #expect(Folding.matchKey("Các tin khác") == Folding.matchKey("cac tin khac"))
    }

    /// The table behind `matchKey` gives what ICU gives, for every code
    /// point it covers (alone, between letters, after a space) and for real
    /// text: the bundled corpus and the non-NFC lines (decomposed marks,
    /// old tone placement).
    @Test func matchKeyTableAgreesWithICU() throws {
        var checked = 0
        for range in ScalarKeys.ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                for text in ["\(scalar)", "Ab\(scalar)cd", "x \(scalar) y", "đ\(scalar)\u{0301}"] {
                    #expect(Folding.matchKey(text) == Folding.generalMatchKey(text), "U+\(String(value, radix: 16))")
                    checked += 1
                }
            }
        }
        var lines = NormalizerTests.lines.map(\.raw)
        let corpus = try FileManager.default.contentsOfDirectory(atPath: PackagePaths.corpus).filter { $0.hasSuffix(".txt") }
        for name in corpus {
            let text = String(decoding: PackagePaths.read(PackagePaths.corpus + "/" + name), as: UTF8.self)
            lines += text.split(separator: "\n").map(String.init)
        }
        #expect(lines.count > 50)
        for line in lines {
            #expect(ScalarKeys.shared.matchKey(line) != nil)
            #expect(Folding.matchKey(line) == Folding.generalMatchKey(line))
        }
        // Other scripts take the general path.
        #expect(ScalarKeys.shared.matchKey("Привет мир") == nil)
        #expect(Folding.matchKey("ＡＢＣ　Привет") == "abc привет")
        #expect(checked > 5000)
    }
}
