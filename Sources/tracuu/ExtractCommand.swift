import ArgumentParser
import TracuuEngine
import TracuuIngest

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Show what the ingester keeps of each input: title, date, body.",
        usage: "tracuu extract [<inputs> ...] [--format text|json]\n       tracuu extract --jsonl < manifest.jsonl",
        discussion: "With --format json, one JSON object a line: {source, title, date, body, ...} or {source, error}.")

    @Argument(help: "Files, folders, JSONL corpora or URLs (default: the bundled corpus/).")
    var inputs: [String] = []

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Flag(
        help: ArgumentHelp(
            "Batch mode: read {\"id\", \"path\", \"url\"} lines on stdin, write one JSON line per page.",
            discussion: "Output lines are {id, source, title, date, date_source, date_confidence, body} or {id, error}."))
    var jsonl = false

    @Flag(help: "Stop at the first input that cannot be read.")
    var strict = false

    func run() throws {
        if jsonl {
            let summary = BatchExtraction().run(lines: StandardInputLines()) { Terminal.write($0) }
            if summary.failed > 0 { Terminal.message("\(summary.failed) of \(summary.pages) pages failed") }
            return
        }
        let walker = InputWalker(arguments: inputs.isEmpty ? [Defaults.corpusPath] : inputs)
        let ingester = Ingester()
        var extracted = 0
        var skipped: [String: Int] = [:]
        var first = true
        func fail(_ error: IngestError) throws {
            skipped[error.code.rawValue, default: 0] += 1
            emit(.failure(error), first: &first)
            if strict { throw ExitCode(1) }
        }
        while true {
            let input: RawInput
            do {
                guard let next = try walker.next() else { break }
                input = next
            } catch {
                try fail(error)
                continue
            }
            do {
                emit(.success(try ingester.article(from: input)), first: &first)
                extracted += 1
            } catch {
                try fail(error)
            }
        }
        let failures = skipped.values.reduce(0, +)
        if failures > 0 {
            let reasons = skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            Terminal.message("extracted \(extracted) of \(extracted + failures) inputs; skipped \(failures) (\(reasons))")
            throw ExitCode(1)
        }
    }

    private func emit(_ result: Result<TracuuCore.Article, IngestError>, first: inout Bool) {
        switch (format, result) {
        case (.json, .success(let article)): Terminal.write(ArticleOutput.json(article).serialized())
        case (.json, .failure(let error)): Terminal.write(ArticleOutput.json(error).serialized())
        case (.text, .success(let article)):
            Terminal.write((first ? "" : "\n" + String(repeating: "─", count: 60) + "\n") + ArticleOutput.text(article))
        case (.text, .failure(let error)): Terminal.message("\(error.source): \(error.reason)")
        }
        first = false
    }
}

import TracuuCore

/// Standard input as a sequence of lines.
struct StandardInputLines: Sequence, IteratorProtocol {
    mutating func next() -> String? { readLine(strippingNewline: true) }
}
