import Foundation
import TracuuCore
import TracuuText

/// One line of a JSONL corpus: `{"id", "title", "date", "url", "body", ...}`,
/// the form of the corpora in `shared/data/`. The record's `id` becomes the
/// article's id, so published relevance judgments score tracuu's output.
enum JSONLRecord {
    private struct Record: Decodable {
        var id: String?
        var title: String?
        var date: String?
        var url: String?
        var body: String?
        var text: String?

        enum CodingKeys: String, CodingKey { case id, title, date, url, body, text }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try? container.decodeIfPresent(String.self, forKey: .id) {
                id = text
            } else if let number = try? container.decodeIfPresent(Int.self, forKey: .id) {
                id = String(number)
            }
            title = try? container.decodeIfPresent(String.self, forKey: .title)
            date = try? container.decodeIfPresent(String.self, forKey: .date)
            url = try? container.decodeIfPresent(String.self, forKey: .url)
            body = try? container.decodeIfPresent(String.self, forKey: .body)
            text = try? container.decodeIfPresent(String.self, forKey: .text)
        }
    }

    static func article(line: [UInt8], file: String, lineNumber: Int) throws(IngestError) -> Article {
        let location = "\(file):\(lineNumber)"
        let record: Record
        do {
            record = try JSONDecoder().decode(Record.self, from: Data(line))
        } catch {
            throw IngestError(.badRecord, source: location, reason: "not a JSON object: \(describe(error))")
        }
        guard let body = record.body ?? record.text, !body.allSatisfy(\.isWhitespace) else {
            throw IngestError(.badRecord, source: location, reason: "the record has no \"body\" text")
        }
        let id = record.id ?? "\((file as NSString).lastPathComponent):\(lineNumber)"
        var date: PublicationDate?
        if let text = record.date, !text.isEmpty {
            guard let day = Day(iso: text.prefix(10)) else {
                throw IngestError(.badRecord, source: location, reason: "\"date\" is \"\(text)\", not YYYY-MM-DD")
            }
            date = PublicationDate(day: day, source: .record, confidence: .high)
        }
        let source = record.url.flatMap { $0.isEmpty ? nil : $0 } ?? "\(file)#\(id)"
        let title = record.title.map { Normalizer.normalize($0, .nfc) }.flatMap { $0.isEmpty ? nil : $0 }
        return Article(id: id, source: source, title: title, date: date, body: Normalizer.normalize(body, .nfc))
    }

    private static func describe(_ error: Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return context.underlyingError.map { "\($0.localizedDescription)" } ?? context.debugDescription
        }
        if case DecodingError.typeMismatch(_, let context) = error { return context.debugDescription }
        return "\(error)"
    }
}
