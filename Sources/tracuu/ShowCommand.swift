import ArgumentParser
import TracuuCore
import TracuuEngine

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print an indexed article by its id, from the index alone.")

    @Argument(help: "The article id (as search prints it).")
    var id: String

    @OptionGroup var location: IndexOption

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    func run() throws {
        let article: Article
        do {
            let reader = try IndexLocation.openReader(location.path)
            article = try StoredArticles.article(id: id, in: reader)
        } catch {
            throw Failure.exit(error)
        }
        switch format {
        case .json: Terminal.write(ArticleOutput.json(article).serialized())
        case .text: Terminal.write(ArticleOutput.text(article))
        }
    }
}
