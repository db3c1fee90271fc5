import Dispatch

/// A search that ran past its request's `deadline` and stopped.
///
/// The searcher checks the clock every few thousand documents, so a search
/// that is out of time stops within a fraction of a millisecond of it and
/// frees its thread: a server that only stopped *waiting* for a slow search
/// would let it go on eating a core while it answers the next ones.
public struct SearchTimeout: Error, Sendable, CustomStringConvertible {
    /// How long the search had.
    public var limitMilliseconds: Int

    public init(limitMilliseconds: Int) {
        self.limitMilliseconds = limitMilliseconds
    }

    public var description: String {
        "the search took longer than \(limitMilliseconds) ms and was stopped; narrow the query or the date range"
    }
}

/// The clock a search reads while it runs, cheap enough for its loops.
struct SearchClock {
    private let deadline: UInt64?
    private let limitMilliseconds: Int
    /// Documents until the next reading of the clock.
    private var countdown = SearchClock.interval
    /// A clock read costs ~25 ns; every 2,048 documents it is lost in the scoring.
    static let interval = 2_048

    init(_ request: SearchRequest, started: DispatchTime) {
        if let limit = request.timeLimitMilliseconds {
            deadline = started.uptimeNanoseconds + UInt64(max(0, limit)) * 1_000_000
            limitMilliseconds = limit
        } else {
            deadline = nil
            limitMilliseconds = 0
        }
    }

    /// Throws when the deadline has passed; reads the clock only every `interval` calls.
    @inline(__always)
    mutating func tick() throws(SearchTimeout) {
        guard let deadline else { return }
        countdown -= 1
        guard countdown <= 0 else { return }
        countdown = SearchClock.interval
        try check(deadline)
    }

    /// Reads the clock now (between phases of a search).
    func checkNow() throws(SearchTimeout) {
        guard let deadline else { return }
        try check(deadline)
    }

    private func check(_ deadline: UInt64) throws(SearchTimeout) {
        if DispatchTime.now().uptimeNanoseconds > deadline {
            throw SearchTimeout(limitMilliseconds: limitMilliseconds)
        }
    }
}
