import Testing

@testable import TracuuText

@Suite struct CharsetDecoderTests {
    /// "Việt Nam" in windows-1258: ệ is e + U+0323 written as 0xEA (ê) + 0xF2 (dot below).
    static let windows1258: [UInt8] = [0x56, 0x69, 0xEA, 0xF2, 0x74, 0x20, 0x4E, 0x61, 0x6D]

    @Test func validUTF8WinsOverLateMeta() {
        // VnExpress puts a UTF-8 <title> before <meta charset>.
        let html = "<html><head><title>Ông Hồ Đức Phớc</title><meta charset=\"utf-8\"></head></html>"
        let decoded = CharsetDecoder.decode(Array(html.utf8), lookForMeta: true)
        #expect(decoded.charset == "UTF-8")
        #expect(decoded.text.contains("Ông Hồ Đức Phớc"))
    }

    @Test func windows1258IsDecodedAndComposed() {
        let decoded = CharsetDecoder.decode(Self.windows1258)
        #expect(decoded.text == "Việt Nam")
        #expect(decoded.text.unicodeScalars.count == 8)  // NFC: ệ is one code point
    }

    @Test func declaredCharsetIsUsedForInvalidUTF8() {
        var page = Array("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\"></head><body>".utf8)
        page += Self.windows1258
        page += Array("</body></html>".utf8)
        let decoded = CharsetDecoder.decode(page, lookForMeta: true)
        #expect(decoded.evidence == .declared)
        #expect(decoded.text.contains("Việt Nam"))
    }

    /// A UTF-8 page with a few broken bytes stays UTF-8, as browsers read
    /// it; detection would take its ą (C4 85) for windows-1252's "Ä…".
    @Test func declaredUTF8WithAFewBrokenBytes() {
        let polish = String(repeating: "Kolejne organizacje sprzeciwiają się atakom na fundację. ", count: 20)
        let page = Array("<html><head><meta charset=\"UTF-8\"></head><body><p>".utf8) + Array(polish.utf8)
            + [0xC3, 0x28, 0x20] + Array("</p></body></html>".utf8)
        #expect(CharsetDecoder.mostlyUTF8(page))
        let decoded = CharsetDecoder.decode(page, lookForMeta: true)
        #expect(decoded.charset == "UTF-8")
        #expect(decoded.text.contains("sprzeciwiają się"))
        // Mostly windows-1258 bytes behind a UTF-8 label are not UTF-8.
        let mislabelled = Array("<meta charset=\"utf-8\">".utf8) + Self.windows1258 + Self.windows1258
        #expect(!CharsetDecoder.mostlyUTF8(mislabelled))
    }

    @Test func byteOrderMarks() {
        let utf16: [UInt8] = [0xFF, 0xFE, 0x56, 0x00, 0x69, 0x00, 0xC7, 0x1E, 0x74, 0x00]  // "Việt" UTF-16LE
        let decoded = CharsetDecoder.decode(utf16)
        #expect(decoded.evidence == .byteOrderMark)
        #expect(decoded.text == "Việt")
        let withBOM: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("Hà Nội".utf8)
        #expect(CharsetDecoder.decode(withBOM).text == "Hà Nội")
    }

    @Test func transportCharsetComesFirst() {
        let decoded = CharsetDecoder.decode(Self.windows1258, transportCharset: "windows-1258")
        #expect(decoded.evidence == .transport)
        #expect(decoded.text == "Việt Nam")
    }

    @Test func declaredCharsetScan() {
        #expect(CharsetDecoder.declaredCharset(in: Array("<META CHARSET='Windows-1258'>".utf8)) == "windows-1258")
        #expect(CharsetDecoder.declaredCharset(in: Array("<p>no declaration</p>".utf8)) == nil)
        #expect(CharsetDecoder.canonicalName("latin1") == "windows-1252")
        #expect(CharsetDecoder.canonicalName("no-such-charset") == nil)
    }

    @Test func invalidBytesNeverAbort() {
        let garbage: [UInt8] = [0xC3, 0x28, 0xFF, 0xFE, 0x80, 0x41]
        let decoded = CharsetDecoder.decode(garbage)
        #expect(!decoded.text.isEmpty)
    }
}
