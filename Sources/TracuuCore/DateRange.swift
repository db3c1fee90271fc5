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
        self.lower = try from.map { text throws(DateRangeError) in
            guard let period = DatePeriod(text) else {
                throw DateRangeError(text: text, option: "from", reason: DatePeriod.problem(text))
            }
            return period.first
        }
        self.upper = try to.map { text throws(DateRangeError) in
            guard let period = DatePeriod(text) else {
                throw DateRangeError(text: text, option: "to", reason: DatePeriod.problem(text))
            }
            return period.last
        }
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
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4,
            parts.dropFirst().allSatisfy({ $0.count == 2 || $0.count == 1 }),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }),
            let year = Int(parts[0])
        else { return nil }
        let month = parts.count > 1 ? Int(parts[1]) : nil
        let day = parts.count > 2 ? Int(parts[2]) : nil
        if parts.count > 1 && month == nil { return nil }
        if parts.count > 2 && day == nil { return nil }
        guard let first = Day(year: year, month: month ?? 1, day: day ?? 1) else { return nil }
        let lastMonth = month ?? 12
        guard let last = Day(year: year, month: lastMonth, day: day ?? Day.daysIn(month: lastMonth, year: year))
        else { return nil }
        self.first = first
        self.last = last
    }
}

extension DatePeriod {
    /// Why `text` is no period, for a message: a month or day that does not
    /// exist is named as such ("2019-02-30" has the right form, and being
    /// told to write YYYY-MM-DD would not help).
    public static func problem(_ text: some StringProtocol) -> String {
        let form = "expected YYYY, YYYY-MM or YYYY-MM-DD"
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4,
            parts.dropFirst().allSatisfy({ (1...2).contains($0.count) }),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } })
        else { return form }
        let year = Int(parts[0])!
        guard parts.count > 1 else { return form }
        let month = Int(parts[1])!
        guard (1...12).contains(month) else { return "there is no month \(month)" }
        guard parts.count > 2 else { return form }
        let days = Day.daysIn(month: month, year: year)
        let day = Int(parts[2])!
        guard (1...days).contains(day) else {
            return "\(parts[0])-\(month < 10 ? "0" : "")\(month) has \(days) days"
        }
        return form
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
