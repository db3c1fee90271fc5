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

extension Tracuu {
    /// Runs the command line. `tracuu search …` is parsed by `SearchCommand`
    /// alone: the root's parse first makes the definitions of every
    /// subcommand's options (3 million of a search process's 37 million
    /// instructions) only to find `search` among them. Whatever that parse
    /// cannot take as a plain search — help, a completion script, a bad
    /// option, the word "help" (which a root parse would read as its help
    /// command) — goes the usual way, so messages and help read as before.
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "search" {
            let searchArguments = SearchCommand.queryBehindTerminator(Array(arguments.dropFirst()))
            arguments = ["search"] + searchArguments
            if !searchArguments.contains(where: Tracuu.needsTheRoot),
                let search = try? SearchCommand.parseAsRoot(searchArguments) as? SearchCommand
            {
                do {
                    try search.run()
                    Tracuu.exit()
                } catch {
                    Tracuu.exit(withError: error)
                }
            }
        }
        Tracuu.main(arguments)
    }

    /// Arguments that the root parse answers in its own way.
    private static func needsTheRoot(_ argument: String) -> Bool {
        argument == "help" || argument == "-h" || argument == "--help" || argument == "--version"
            || argument.hasPrefix("--generate-completion") || argument.hasPrefix("--experimental")
    }
}
