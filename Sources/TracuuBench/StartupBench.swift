import Foundation
import TracuuAnalysis
import TracuuEngine
import TracuuQuery
import TracuuStore

/// `tracuu-bench startup INDEX QUERY`: where a whole `tracuu search`
/// process spends its time, phase by phase, in a fresh process (the target
/// is a whole process, so the cold costs are the point: page faults on the
/// mapped files, first ICU calls, one-time tables). Run it several times
/// and read the medians.
///
/// Phases, in the order the command line runs them: opening the newest
/// commit (checksums included), the republication groups, the searcher's
/// collection statistics, the alias list, the search without snippets, and
/// the same page's snippets and stored fields (the search again with
/// snippets, minus the first search). Last, apart from the phases: how
/// long working the groups out from the columns takes (what the commit's
/// attachment saves a search, and what every commit of a writer costs).
enum StartupBench {
    static func run(_ path: String, query: String) throws {
        var phases: [(String, Double)] = []
        let clock = ContinuousClock()
        func milliseconds(_ elapsed: Duration) -> Double {
            Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3
        }
        func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
            var result: T?
            let elapsed = try clock.measure { result = try body() }
            phases.append((name, milliseconds(elapsed)))
            return result!
        }
        let reader = try time("open") { try IndexLocation.openReader(path) }
        let republications = time("republications") { Republications(reader: reader) }
        let searcher = time("searcher") { Searcher(reader: reader, republications: republications) }
        // Reading the list, as a search does: `groups` would analyze every
        // group, where a search analyzes only those its words match (in
        // the search phase).
        _ = time("aliases") { AliasList.standard.match([], at: 0) }
        var request = SearchRequest(query: query)
        request.snippets = false
        let plain = try time("search") { try searcher.search(request) }
        request.snippets = true
        let withSnippets = try time("search+snippets") { try searcher.search(request) }
        // The second search finds its postings warm: what it adds to the
        // first is about what the page's stored fields and snippets cost.
        let second = phases.removeLast().1
        phases.append(("snippets", max(0, second - phases[phases.count - 1].1)))
        let line = phases.map { "\($0.0) \(String(format: "%.2f", $0.1))" }.joined(separator: " | ")
        let total = phases.reduce(0) { $0 + $1.1 }
        let computed = milliseconds(clock.measure { _ = Republications.computed(reader: reader) })
        print(
            "\(line) | total \(String(format: "%.2f", total)) ms (\(plain.total) matches, \(withSnippets.hits.count) hits)"
                + " | groups from the columns \(String(format: "%.2f", computed)) ms")
    }
}
