import ArgumentParser
import FoundationEssentials
import TracuuCore
import TracuuEngine

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Add articles to the index (only new or changed ones), committing as it goes.",
        discussion: """
            PATH is a file (.html, .htm, .txt, .jsonl, .jsonl.gz), a folder (read recursively) or an \
            http(s) URL. Without PATH, the bundled corpus/ is indexed. Running it again adds what is \
            new, replaces what changed and leaves the rest alone.
            """)

    @Argument(help: "Files, folders, JSONL corpora or URLs (default: the bundled corpus/).")
    var inputs: [String] = []

    @OptionGroup var location: IndexOption

    @Option(help: "Flush and commit when buffered postings reach this size (e.g. 64MB, 1GB).")
    var memory: String = "256MB"

    @Option(help: "Commit at least this often (seconds), so a kill loses at most this stretch.")
    var commitInterval: Double = 60

    @Flag(help: "Stop at the first input that cannot be read.")
    var strict = false

    @Flag(help: "Start from an empty index (needed after an analyzer upgrade).")
    var rebuild = false

    @Flag(help: "Remove articles whose source file no longer exists.")
    var prune = false

    @Flag(
        help: ArgumentHelp(
            "Index syllable pairs, so compound words score with their own statistics.",
            discussion: "Slightly better ranking for about +50% index size and twice the indexing time; a setting of the whole index, so changing it needs --rebuild."))
    var pairs = false

    @Option(help: "Summary format.")
    var format: OutputFormat = .text

    func validate() throws {
        guard commitInterval >= 0 else { throw ValidationError("--commit-interval must be 0 or more seconds") }
    }

    func run() throws {
        guard let budget = ByteSize.parse(memory) else {
            throw ValidationError("--memory '\(memory)' is not a size like 64MB or 1GB")
        }
        let indexPath = location.path
        let paths = inputs.isEmpty ? [Defaults.corpusPath] : inputs
        let options = IndexOptions(
            indexPath: indexPath, inputs: paths, memoryBudget: budget, strict: strict, rebuild: rebuild, prune: prune,
            commitInterval: commitInterval, pairs: pairs ? true : nil)
        let report: IndexReport
        do {
            report = try IndexCommand.run(options, progress: Terminal.stderrIsTerminal)
        } catch {
            throw Failure.exit(error)
        }
        // Without the term count: on a large index it cost more than adding
        // a hundred articles (tracuu stats prints it).
        let stats = try? IndexStats(reader: IndexLocation.openReader(indexPath), countingTerms: false)
        switch format {
        case .json:
            Terminal.write(IndexCommand.json(report, stats: stats, indexPath: indexPath).serialized())
        case .text:
            Terminal.write(IndexCommand.summary(report, stats: stats, indexPath: indexPath))
        }
        // What could be read is committed either way; the status tells a
        // script that something was not (as `tracuu extract`'s does). A run
        // whose every input was skipped used to exit 0 with an empty index.
        if report.skippedTotal > 0 { throw ExitCode(1) }
    }

    /// Runs the indexer with the CLI's way of reporting.
    static func run(_ options: IndexOptions, progress: Bool) throws -> IndexReport {
        let total = progress ? ProgressLine.countInputs(options.inputs) : nil
        let indexer = Indexer(options: options) { event in
            switch event {
            case .skipped(let error):
                if progress { Terminal.clearStatus() }
                Terminal.message("skipped \(error.source): \(error.reason)")
            case .progress(let report):
                guard progress else { return }
                Terminal.status(ProgressLine.text(report, total: total))
            case .committed:
                break
            }
        }
        let report = try indexer.run()
        if progress { Terminal.clearStatus() }
        return report
    }

    static func summary(_ report: IndexReport, stats: IndexStats?, indexPath: String) -> String {
        var parts = ["\(report.added) new", "\(report.updated) updated", "\(report.unchanged) unchanged"]
        if report.duplicates > 0 { parts.append("\(report.duplicates) duplicate sources") }
        if report.pruned > 0 { parts.append("\(report.pruned) pruned") }
        var line = "read \(report.read) inputs: " + parts.joined(separator: ", ")
        if report.skippedTotal > 0 {
            let reasons = report.skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }
            line += "; skipped \(report.skippedTotal) (\(reasons.joined(separator: ", ")))"
        }
        if report.ignored > 0 {
            let reasons = report.ignoredReasons.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            line += "; ignored \(report.ignored) (\(reasons.joined(separator: "; ")))"
        }
        line += " in \(NumberText.fixed(report.seconds, decimals: 2)) s"
        var lines = [line]
        lines += sourceLines(report)
        if let stats {
            let range = stats.dateMin.map { " from \($0.iso) to \(stats.dateMax!.iso)" } ?? ""
            lines.append(
                "index \(indexPath): \(stats.documents) articles (\(stats.dated) dated\(range)), \(stats.segments) segment\(stats.segments == 1 ? "" : "s"), \(ByteSize.format(stats.bytes))"
            )
        }
        return lines.joined(separator: "\n")
    }

    /// What happened per source, busiest first, when the run read more than
    /// one (a folder of one site says nothing the first line does not).
    static func sourceLines(_ report: IndexReport, shown: Int = 20) -> [String] {
        guard report.sources.count > 1 else { return [] }
        func activity(_ source: SourceReport) -> Int {
            source.added + source.updated + source.unchanged + source.skipped.values.reduce(0, +)
        }
        let ordered = report.sources.sorted { activity($0.value) != activity($1.value) ? activity($0.value) > activity($1.value) : $0.key < $1.key }
        var lines = ["by source:"]
        for (site, source) in ordered.prefix(shown) {
            var parts = ["\(source.added) new", "\(source.updated) updated", "\(source.unchanged) unchanged"]
            if source.republished > 0 { parts.append("\(source.republished) republished copies") }
            if source.duplicates > 0 { parts.append("\(source.duplicates) duplicate sources") }
            let skipped = source.skipped.values.reduce(0, +)
            if skipped > 0 {
                let reasons = source.skipped.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                parts.append("skipped \(skipped) (\(reasons))")
            }
            lines.append("  \(site): " + parts.joined(separator: ", "))
        }
        if ordered.count > shown { lines.append("  … and \(ordered.count - shown) more (--format json lists every source)") }
        return lines
    }

    static func json(_ report: IndexReport, stats: IndexStats?, indexPath: String) -> JSON {
        .object([
            ("index", .string(indexPath)),
            ("read", .int(report.read)),
            ("added", .int(report.added)),
            ("updated", .int(report.updated)),
            ("unchanged", .int(report.unchanged)),
            ("duplicates", .int(report.duplicates)),
            ("pruned", .int(report.pruned)),
            ("ignored", .int(report.ignored)),
            ("ignored_reasons", .object(report.ignoredReasons.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            ("skipped", .object(report.skipped.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
            (
                "sources",
                .array(
                    report.sources.sorted { $0.key < $1.key }.map { site, source in
                        .object([
                            ("source", .string(site)), ("new", .int(source.added)), ("updated", .int(source.updated)),
                            ("unchanged", .int(source.unchanged)), ("republished", .int(source.republished)),
                            ("duplicates", .int(source.duplicates)),
                            ("skipped", .object(source.skipped.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                        ])
                    })
            ),
            ("errors", .array(report.errors.map(JSON.string))),
            ("commits", .int(report.commits)),
            ("merges", .int(report.merges)),
            ("segments", stats.map { .int($0.segments) } ?? .null),
            ("seconds", .double(report.seconds, decimals: 3)),
            ("documents", stats.map { .int($0.documents) } ?? .null),
        ])
    }
}

/// "64MB", "1GB", "512k", "1000000" → bytes.
enum ByteSize {
    static func parse(_ text: String) -> Int? {
        let lower = text.lowercased().trimmed()
        let units: [(String, Int)] = [("gib", 1 << 30), ("gb", 1 << 30), ("g", 1 << 30), ("mib", 1 << 20), ("mb", 1 << 20), ("m", 1 << 20), ("kib", 1 << 10), ("kb", 1 << 10), ("k", 1 << 10), ("b", 1)]
        for (suffix, factor) in units where lower.hasSuffix(suffix) {
            guard let value = Double(lower.dropLast(suffix.count).trimmed()), value > 0 else { return nil }
            return Int(value * Double(factor))
        }
        return Int(lower).flatMap { $0 > 0 ? $0 : nil }
    }

    static func format(_ bytes: UInt64) -> String {
        let value = Double(bytes)
        let kib = 1024.0
        if value >= kib * kib * kib { return NumberText.fixed(value / (kib * kib * kib), decimals: 2) + " GB" }
        if value >= kib * kib { return NumberText.fixed(value / (kib * kib), decimals: 1) + " MB" }
        if value >= kib { return NumberText.fixed(value / kib, decimals: 1) + " KB" }
        return "\(bytes) bytes"
    }
}
