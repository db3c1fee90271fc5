import ArgumentParser
import FoundationEssentials
import TracuuCore
import TracuuEngine

struct ReindexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reindex",
        abstract: "Rebuild the index from the article text it stores (after an analyzer upgrade).",
        discussion: "The sources are not read again. The old index stays usable until the new one is committed.")

    @OptionGroup var location: IndexOption

    func run() throws {
        let path = location.path
        let started = Date()
        do {
            let report = try Reindexer(indexPath: path).run()
            let dropped = report.duplicates > 0 ? "; left out \(report.duplicates) extra copies of an article id" : ""
            Terminal.write(
                "reindexed \(report.articles) articles\(dropped) in \(NumberText.fixed(Date().timeIntervalSince(started), decimals: 2)) s")
        } catch {
            throw Failure.exit(error)
        }
    }
}
