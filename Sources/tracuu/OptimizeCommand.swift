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
            let seconds = NumberText.fixed(Date().timeIntervalSince(started), decimals: 2)
            if report.merged == 0 {
                Terminal.write(
                    "nothing to merge: \(report.articles) articles in one segment without deletions, \(ByteSize.format(report.bytesAfter)) (\(seconds) s)"
                )
            } else {
                Terminal.write(
                    "merged \(report.merged) segments into 1: \(report.articles) articles, \(ByteSize.format(report.bytesBefore)) → \(ByteSize.format(report.bytesAfter)) in \(seconds) s"
                )
            }
        } catch {
            throw Failure.exit(error)
        }
    }
}
