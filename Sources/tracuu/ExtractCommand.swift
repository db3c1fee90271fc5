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

    func run() throws {
        if jsonl {
            let summary = BatchExtraction().run(lines: StandardInputLines()) { Terminal.write($0) }
            if summary.failed > 0 { Terminal.message("\(summary.failed) of \(summary.pages) pages failed") }
            return
        }
        let walker = InputWalker(arguments: inputs.isEmpty ? [Defaults.corpusPath] : inputs)
        let ingester = Ingester()
        var failures = 0
        var first = true
        while true {
            let input: RawInput
            do {
                guard let next = try walker.next() else { break }
                input = next
            } catch {
                failures += 1
                emit(.failure(error), first: &first)
                continue
            }
            do {
                emit(.success(try ingester.article(from: input)), first: &first)
            } catch {
                failures += 1
                emit(.failure(error), first: &first)
            }
        }
        if failures > 0 { throw ExitCode(1) }
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
