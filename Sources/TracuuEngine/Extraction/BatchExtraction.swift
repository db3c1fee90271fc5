import Dispatch
import Foundation
import TracuuCore
import TracuuIngest

/// `tracuu extract --jsonl`: a manifest of pages in, one JSON line per page
/// out, in one process — the interface extraction benchmarks drive
/// (`{"id", "path", "url"}` → `{"id", "source", "title", "date",
/// "date_source", "body"}` or `{"id", "error"}`).
///
/// Pages are extracted on every core in chunks; output keeps the manifest's
/// order so a run is reproducible line for line.
public struct BatchExtraction: Sendable {
    public var ingester: Ingester
    /// Lines extracted together; large enough to keep both cores busy,
    /// small enough that output streams.
    public var chunkSize = 64

    public init(ingester: Ingester = Ingester()) {
        self.ingester = ingester
    }

    /// Counts for the closing summary.
    public struct Summary: Sendable {
        public var pages = 0
        public var failed = 0
    }

    /// Reads manifest lines from `input` until it ends, calling `write` with
    /// each output line in order.
    public func run(lines input: some Sequence<String>, write: (String) -> Void) -> Summary {
        var summary = Summary()
        var chunk: [String] = []
        func drain() {
            let results = extract(chunk)
            for (line, failed) in results {
                write(line)
                summary.pages += 1
                if failed { summary.failed += 1 }
            }
            chunk.removeAll(keepingCapacity: true)
        }
        for line in input where !line.allSatisfy(\.isWhitespace) {
            chunk.append(line)
            if chunk.count >= chunkSize { drain() }
        }
        if !chunk.isEmpty { drain() }
        return summary
    }

    private func extract(_ lines: [String]) -> [(String, Bool)] {
        // Each iteration writes only its own slot.
        nonisolated(unsafe) let results = UnsafeMutableBufferPointer<(String, Bool)>.allocate(capacity: lines.count)
        results.initialize(repeating: ("", false))
        defer { results.deallocate() }
        DispatchQueue.concurrentPerform(iterations: lines.count) { index in
            results[index] = extractLine(lines[index])
        }
        return Array(results)
    }

    /// One manifest line to one output line; the flag says it failed.
    func extractLine(_ line: String) -> (String, Bool) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            return (JSON.object([("id", .null), ("error", .string("manifest line is not a JSON object"))]).serialized(), true)
        }
        let id = (object["id"] as? String) ?? (object["id"] as? Int).map(String.init)
        let path = object["path"] as? String
        let url = (object["url"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        func failure(_ reason: String) -> (String, Bool) {
            (JSON.object([("id", .optional(id)), ("error", .string(reason))]).serialized(), true)
        }
        guard let path, !path.isEmpty else { return failure("manifest line has no \"path\"") }
        let bytes: [UInt8]
        do {
            bytes = try ingester.readFile(path)
        } catch {
            return failure("\(error.source): \(error.reason)")
        }
        let format = FileFormat.of(fileName: path) ?? .sniff
        do {
            let article = try ingester.article(
                bytes: bytes, source: url ?? path, format: format == .jsonl ? .sniff : format, id: id)
            return (
                JSON.object([
                    ("id", .optional(id)), ("source", .string(article.source)), ("title", .optional(article.title)),
                    ("date", .optional(article.date?.day.iso)),
                    ("date_source", .optional(article.date?.source.rawValue)),
                    ("date_confidence", .optional(article.date?.confidence.rawValue)), ("body", .string(article.body)),
                ]).serialized(), false
            )
        } catch {
            return failure("\(error.source): \(error.reason)")
        }
    }
}
