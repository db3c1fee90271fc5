import FoundationEssentials
import TracuuCore
import TracuuText

/// One line of a JSONL corpus: `{"id", "title", "date", "url", "body", ...}`,
/// the form of the corpora in `shared/data/`. The record's `id` becomes the
/// article's id, so published relevance judgments score tracuu's output.
enum JSONLRecord {
    /// The fields a record may carry; others are passed over.
    private struct Record {
        var id: String?
        var title: String?
        var date: String?
        var url: String?
        var body: [UInt8]?
        var text: [UInt8]?

        /// Reads the fields from the line's members. A field of another
        /// type than expected reads as absent (a `null` title is common);
        /// an integer id is taken as its digits.
        init(line: [UInt8]) throws(JSONObjectScanner.SyntaxError) {
            for (key, value) in try JSONObjectScanner.members(line, keepingBytesOf: ["body", "text"]) {
                let string: String?
                if case .string(let text) = value { string = text } else { string = nil }
                let bytes: [UInt8]?
                if case .utf8(let text) = value { bytes = text } else { bytes = nil }
                switch key {
                case "id":
                    if case .number(let digits) = value, Int(digits) != nil {
                        id = digits
                    } else {
                        id = string
                    }
                case "title": title = string
                case "date": date = string
                case "url": url = string
                case "body": body = bytes
                case "text": text = bytes
                default: break
                }
            }
        }
    }

    static func article(line: [UInt8], file: String, lineNumber: Int) throws(IngestError) -> Article {
        let location = "\(file):\(lineNumber)"
        let record: Record
        do {
            record = try Record(line: line)
        } catch {
            throw IngestError(
                .badRecord, source: location, reason: "not a JSON object: \(error.reason) (at byte \(error.offset + 1))")
        }
        guard let body = record.body ?? record.text, !JSONLRecord.isBlank(body) else {
            throw IngestError(.badRecord, source: location, reason: "the record has no \"body\" text")
        }
        let id = record.id ?? "\(URL(fileURLWithPath: file).lastPathComponent):\(lineNumber)"
        var date: PublicationDate?
        if let text = record.date, !text.isEmpty {
            guard let day = Day(iso: text.prefix(10)) else {
                throw IngestError(.badRecord, source: location, reason: "\"date\" is \"\(text)\", not YYYY-MM-DD")
            }
            date = PublicationDate(day: day, source: .record, confidence: .high)
        }
        let source = record.url.flatMap { $0.isEmpty ? nil : $0 } ?? "\(file)#\(id)"
        let title = record.title.map { Normalizer.normalize($0, .nfc) }.flatMap { $0.isEmpty ? nil : $0 }
        // The scanner hands `.utf8` values over checked (or repaired).
        return Article(id: id, source: source, title: title, date: date, wellFormedBody: Normalizer.nfc(utf8: body))
    }

    /// Whether well-formed UTF-8 text is all white space (or empty). The
    /// first byte of a real body settles it; only text of spaces and
    /// non-ASCII characters is made into a string to ask Unicode.
    static func isBlank(_ utf8: [UInt8]) -> Bool {
        for byte in utf8 where byte < 0x80 {
            if byte != 0x20 && !(0x09...0x0D).contains(byte) { return false }
        }
        return String(decoding: utf8, as: UTF8.self).allSatisfy(\.isWhitespace)
    }
}
