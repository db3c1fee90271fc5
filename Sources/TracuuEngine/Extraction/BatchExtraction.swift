import Dispatch
import FoundationEssentials
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
        guard let object = (try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)))?.tree as? [String: Any] else {
            return (ArticleOutput.batchJSON(error: "manifest line is not a JSON object", id: nil).serialized(), true)
        }
        let id = (object["id"] as? String) ?? (object["id"] as? Int).map(String.init)
        guard let path = object["path"] as? String, !path.isEmpty else {
            return (ArticleOutput.batchJSON(error: "manifest line has no \"path\"", id: id).serialized(), true)
        }
        // The page's address, when given, is its source (and last-resort date).
        let url = (object["url"] as? String).flatMap { $0.isEmpty ? nil : $0 }
        let format = FileFormat.of(fileName: path) ?? .sniff
        do {
            let bytes = try ingester.readFile(path)
            let article = try ingester.article(
                bytes: bytes, source: url ?? path, format: format == .jsonl ? .sniff : format, id: id)
            return (ArticleOutput.batchJSON(article, id: id).serialized(), false)
        } catch {
            return (ArticleOutput.batchJSON(error: "\(error)", id: id).serialized(), true)
        }
    }
}
