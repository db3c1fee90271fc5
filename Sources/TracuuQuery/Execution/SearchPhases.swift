import Dispatch

/// Where one search's time went, phase by phase (`tracuu search --profile`),
/// in nanoseconds. The phases follow `Searcher.search` and add up to its
/// whole time but for the response's assembly (microseconds):
///
/// - `parse`: the query read, its names expanded to their aliases;
/// - `resolve`: each word's forms looked up in every segment's dictionary,
///   their document counts and weights (the work a word's first use pays
///   and the searcher's word cache saves after);
/// - `plan`: each segment's scorers built, their postings opened and
///   checksummed (first use again);
/// - `count`: the matches counted from their postings' bits, when the walk
///   may skip what cannot enter the page (`ExactMatches`), or, for a narrow
///   date range, the dated articles that will lead the walk (`DateLead`);
/// - `walk`: the scorers stepped and the page's candidates chosen;
/// - `fill`: a short page filled with articles that have most of the words;
/// - `hits`: the page's stored fields read, snippets and republished copies.
///
/// Why a profile: a batch's `took_us` says how long a query took, not why,
/// and every comparison with another engine starts with that question. The
/// clock is read a dozen times a search (about 25 ns each), so it is always
/// kept and only shown when asked for.
public struct SearchPhases: Sendable, Equatable {
    public var parse = 0
    public var resolve = 0
    public var plan = 0
    public var count = 0
    public var walk = 0
    public var fill = 0
    public var hits = 0

    public init() {}

    /// The phases by name, in the order they run.
    public var named: [(name: String, nanoseconds: Int)] {
        [("parse", parse), ("resolve", resolve), ("plan", plan), ("count", count), ("walk", walk), ("fill", fill), ("hits", hits)]
    }
}

/// Charges the time since its last lap to a phase.
struct PhaseTimer {
    private var last: UInt64
    private(set) var phases = SearchPhases()

    init(started: DispatchTime) { last = started.uptimeNanoseconds }

    mutating func lap(_ phase: WritableKeyPath<SearchPhases, Int>) {
        let now = DispatchTime.now().uptimeNanoseconds
        phases[keyPath: phase] += Int(now &- last)
        last = now
    }
}
