import ArgumentParser

@main
struct Tracuu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracuu",
        abstract: "Full-text search over Vietnamese news about foreign affairs.",
        discussion: """
            Diacritics are optional ("ngoai vu" finds "ngoại vụ"), tone placement does not matter \
            ("hoà" = "hòa"), and dates filter with --from/--to (YYYY, YYYY-MM or YYYY-MM-DD, inclusive).
            Without arguments every command works on the bundled corpus/ and index/.
            """,
        version: "tracuu 0.1.0",
        subcommands: [
            IndexCommand.self, SearchCommand.self, ExtractCommand.self, StatsCommand.self, ShowCommand.self, SimilarCommand.self,
            AnalyzeCommand.self, ReindexCommand.self, CheckCommand.self, OptimizeCommand.self, ServeCommand.self, CrawlCommand.self,
        ])
}
