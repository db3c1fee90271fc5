import ArgumentParser
import TracuuEngine

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Documents, terms, segments, size on disk and date range of the index.")

    @OptionGroup var location: IndexOption

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    func run() throws {
        let path = location.path
        let stats: IndexStats
        do {
            stats = try IndexStats(reader: IndexLocation.openReader(path, checkAnalyzer: false))
        } catch {
            throw Failure.exit(error)
        }
        switch format {
        case .json:
            Terminal.write(stats.json(index: path).serialized())
        case .text:
            let range = stats.dateMin.map { "\($0.iso) … \(stats.dateMax!.iso)" } ?? "none"
            Terminal.write(
                """
                index:      \(path)
                documents:  \(stats.documents) (\(stats.dated) with a date)
                terms:      \(stats.terms)
                segments:   \(stats.segments)
                size:       \(ByteSize.format(stats.bytes)) (\(stats.bytes) bytes)
                dates:      \(range)
                alias names: listed in \(stats.aliasNamesSegments) of \(stats.segments) segments
                text marks: flagged in \(stats.textMarksSegments) of \(stats.segments) segments
                commit:     generation \(stats.generation)
                built with: \(stats.provenance.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
                """)
        }
    }
}
