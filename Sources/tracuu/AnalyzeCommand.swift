import ArgumentParser
import TracuuEngine

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show how a text is cut into words and the form each matching tier compares.",
        discussion: """
            For each token: its position, the index term, its spelling form (tone placement and i/y \
            normalized: same word), its unaccented form and its fold key (what a query without \
            marks matches). Also shows the text read as a query, with aliases expanded.
            """)

    @Argument(help: "The text to analyze.")
    var text: String

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    func run() throws {
        switch format {
        case .text: Terminal.write(TextAnalysis.table(text))
        case .json: Terminal.write(TextAnalysis.json(text).serialized())
        }
    }
}
