import ArgumentParser
import FoundationEssentials
import TracuuCore
import TracuuEngine

struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Merge the index into one segment, dropping deleted articles.",
        discussion: "Searches keep using the old segments until the merged one is committed.")

    @OptionGroup var location: IndexOption

    func run() throws {
        let path = location.path
        let started = Date()
        do {
            let report = try Optimizer(indexPath: path).run()
            Terminal.write(
                "merged \(report.segmentsBefore) segments into 1: \(report.articles) articles, \(ByteSize.format(report.bytesBefore)) → \(ByteSize.format(report.bytesAfter)) in \(NumberText.fixed(Date().timeIntervalSince(started), decimals: 2)) s"
            )
        } catch {
            throw Failure.exit(error)
        }
    }
}
