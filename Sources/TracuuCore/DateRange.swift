/// An inclusive range of days, as given by `--from`/`--to` or `date:` in a query.
///
/// Both ends accept `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. A partial date means the
/// whole period: `from: 2017` starts on 2017-01-01 and `to: 2017` ends on
/// 2017-12-31, which is what a journalist typing "--to 2017" means.
public struct DateRange: Hashable, Sendable, CustomStringConvertible {
    public var lower: Day?
    public var upper: Day?

    public init(lower: Day? = nil, upper: Day? = nil) {
        self.lower = lower
        self.upper = upper
    }

    /// Builds a range from user text; throws `DateRangeError` naming the bad value.
    public init(from: String?, to: String?) throws(DateRangeError) {
        func period(_ text: String, option: String) throws(DateRangeError) -> DatePeriod {
            switch DatePeriod.read(text) {
            case .success(let period): return period
            case .failure(let problem): throw DateRangeError(text: text, option: option, reason: problem.reason)
            }
        }
        self.lower = try from.map { text throws(DateRangeError) in try period(text, option: "from").first }
        self.upper = try to.map { text throws(DateRangeError) in try period(text, option: "to").last }
        if let lower, let upper, lower > upper {
            throw DateRangeError(
                text: "\(from ?? "") > \(to ?? "")", option: "from",
                reason: "the start \(lower.iso) is after the end \(upper.iso)")
        }
    }

    /// True when neither end is set: every article passes, dated or not.
    public var isUnbounded: Bool { lower == nil && upper == nil }

    public func contains(_ day: Day) -> Bool {
        if let lower, day < lower { return false }
        if let upper, day > upper { return false }
        return true
    }

    /// The range both ranges allow.
    public func intersection(_ other: DateRange) -> DateRange {
        let newLower = [lower, other.lower].compactMap { $0 }.max()
        let newUpper = [upper, other.upper].compactMap { $0 }.min()
        return DateRange(lower: newLower, upper: newUpper)
    }

    public var description: String { "\(lower?.iso ?? "…")..\(upper?.iso ?? "…")" }
}

/// A period written as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
public struct DatePeriod: Hashable, Sendable {
    public var first: Day
    public var last: Day

    public init?(_ text: some StringProtocol) {
        guard case .success(let period) = DatePeriod.read(String(text)) else { return nil }
        self = period
    }

    /// Why a text is no period, for a message.
    public struct Problem: Error, Sendable {
        public var reason: String

        public init(reason: String) { self.reason = reason }
    }

    /// The period `text` writes, or why it writes none: a month or day that
    /// does not exist is named as such ("2019-02-30" has the right form,
    /// and being told to write YYYY-MM-DD would not help).
    ///
    /// A `String`, not any `StringProtocol`, and no key paths: the generic
    /// version's first use in a process had the Swift runtime look up
    /// conformances by scanning every record in the binary, tens of
    /// microseconds of the first query with a date.
    public static func read(_ text: String) -> Result<DatePeriod, Problem> {
        let form = Problem(reason: "expected YYYY, YYYY-MM or YYYY-MM-DD")
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4,
            parts.dropFirst().allSatisfy({ $0.count == 2 || $0.count == 1 }),
            parts.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } })
        else { return .failure(form) }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count else { return .failure(form) }
        let year = numbers[0]
        let month = numbers.count > 1 ? numbers[1] : nil
        let day = numbers.count > 2 ? numbers[2] : nil
        if let month, !(1...12).contains(month) { return .failure(Problem(reason: "there is no month \(month)")) }
        let lastMonth = month ?? 12
        let days = Day.daysIn(month: lastMonth, year: year)
        if let day, !(1...days).contains(day) {
            return .failure(Problem(reason: "\(parts[0])-\(lastMonth < 10 ? "0" : "")\(lastMonth) has \(days) days"))
        }
        guard let first = Day(year: year, month: month ?? 1, day: day ?? 1),
            let last = Day(year: year, month: lastMonth, day: day ?? days)
        else { return .failure(form) }
        return .success(DatePeriod(first: first, last: last))
    }

    private init(first: Day, last: Day) {
        self.first = first
        self.last = last
    }
}

public struct DateRangeError: Error, Sendable, CustomStringConvertible {
    public var text: String
    public var option: String
    public var reason: String

    public init(text: String, option: String, reason: String? = nil) {
        self.text = text
        self.option = option
        self.reason = reason ?? "expected YYYY, YYYY-MM or YYYY-MM-DD"
    }

    public var description: String { "invalid date '\(text)' for --\(option): \(reason)" }
}
