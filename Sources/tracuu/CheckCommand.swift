import ArgumentParser
import FoundationEssentials
import TracuuCore
import TracuuEngine

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify every checksum and structure of the index; name the damaged file if any.",
        discussion: """
            Reads all of the last commit: file checksums against the commit, the term dictionary, \
            every posting and position, the columns, every stored block, and the articles' ids. \
            Exits with status 1 on the first problem.
            """)

    @OptionGroup var location: IndexOption

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    func run() throws {
        let path = location.path
        let report: IndexVerification.Report
        do {
            report = try IndexVerification(indexPath: path).run()
        } catch {
            if format == .json {
                Terminal.write(
                    JSON.object([("ok", .bool(false)), ("index", .string(path)), ("error", .string("\(error)"))])
                        .serialized())
            }
            throw Failure.exit(error)
        }
        let store = report.store
        switch format {
        case .json:
            Terminal.write(
                JSON.object([
                    ("ok", .bool(true)), ("index", .string(path)), ("generation", .int(Int(report.generation))),
                    ("segments", .int(store.segments)), ("articles", .int(report.articles)),
                    ("terms", .int(store.terms)), ("postings", .int(store.postings)),
                    ("positions", .int(store.positions)), ("bytes", .int(Int(store.bytes))),
                    ("seconds", .double(report.seconds, decimals: 3)),
                ]).serialized())
        case .text:
            Terminal.write(
                "ok: \(path), commit \(report.generation): \(report.articles) articles in \(store.segments) segment\(store.segments == 1 ? "" : "s"), \(store.terms) terms, \(store.postings) postings, \(store.positions) positions, \(ByteSize.format(store.bytes)) verified in \(NumberText.fixed(report.seconds, decimals: 2)) s"
            )
        }
    }
}
