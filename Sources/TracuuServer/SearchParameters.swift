import TracuuCore
import TracuuQuery

/// The search a URL asks for: `q`, `from`, `to`, `sort`, `rank`, `limit`,
/// `offset`, `histogram`, `explain` and `profile`, the names and values of the
/// command line's options, checked against the server's limits.
struct SearchParameters: Sendable {
    var query: String
    var from: String?
    var to: String?
    var dateRange: DateRange
    var sort: SearchRequest.Sort
    var rank: Ranking
    var limit: Int
    var offset: Int
    var histogram: SearchRequest.HistogramPeriod?
    var explain: Bool
    /// Whether the answer shows where the search's time went (`--profile`).
    var profile: Bool

    init(_ form: FormQuery, limits: ServerLimits, defaultLimit: Int = 10) throws(RequestError) {
        query = form["q"] ?? ""
        guard query.count <= limits.queryCharacters else {
            throw RequestError(
                kind: .queryTooLong(limit: limits.queryCharacters),
                message: "the query has \(query.count) characters; at most \(limits.queryCharacters) are allowed")
        }
        from = form["from"]
        to = form["to"]
        for (name, text) in [("from", from), ("to", to)] {
            if let text, DatePeriod(text) == nil {
                throw RequestError(
                    kind: .badParameter(name: name),
                    message: "invalid date '\(text)' for \(name): write YYYY, YYYY-MM or YYYY-MM-DD")
            }
        }
        do {
            dateRange = try DateRange(from: from, to: to)
        } catch {
            throw RequestError(kind: .invertedDates, message: error.reason)
        }
        sort = try SearchParameters.choice(form, "sort", default: .relevance)
        rank = try SearchParameters.choice(form, "rank", default: .tfidf)
        histogram = form["histogram"] == nil ? nil : try SearchParameters.choice(form, "histogram", default: .month)
        explain = try SearchParameters.flag(form, "explain")
        profile = try SearchParameters.flag(form, "profile")
        let asked = try SearchParameters.number(form, "limit") ?? defaultLimit
        limit = min(asked, limits.resultsPerPage)
        offset = try SearchParameters.number(form, "offset") ?? 0
        guard offset + limit <= limits.deepestResult else {
            throw RequestError(
                kind: .badParameter(name: "offset"),
                message: "results beyond the first \(limits.deepestResult) cannot be paged to; narrow the query instead")
        }
    }

    /// Results per page of the search page.
    static let pageSize = 10

    /// The search page's parameters: `page` (from 1) instead of
    /// `limit`/`offset`, and always a histogram per month.
    static func page(_ form: FormQuery, limits: ServerLimits) throws(RequestError) -> SearchParameters {
        var pairs = form.pairs.filter { !["limit", "offset", "histogram", "page"].contains($0.name) }.map { ($0.name, $0.value) }
        if let text = form["page"] {
            guard let page = Int(text), page >= 1 else {
                throw RequestError(kind: .badParameter(name: "page"), message: "page must be a whole number ≥ 1, not '\(text)'")
            }
            pairs.append(("offset", String((min(page, limits.deepestResult) - 1) * pageSize)))
        }
        pairs.append(("histogram", "month"))
        return try SearchParameters(FormQuery(pairs: pairs), limits: limits, defaultLimit: pageSize)
    }

    /// The page number the offset is at (from 1).
    var page: Int { offset / SearchParameters.pageSize + 1 }

    /// The engine's request, stopped after the server's time limit.
    func request(limits: ServerLimits) -> SearchRequest {
        var request = SearchRequest(
            query: query, dateRange: dateRange, limit: limit, offset: offset, sort: sort, ranking: rank, explain: explain)
        request.histogram = histogram
        request.timeLimitMilliseconds = limits.timeLimitMilliseconds
        return request
    }

    private static func choice<T: RawRepresentable & CaseIterable>(
        _ form: FormQuery, _ name: String, default value: T
    ) throws(RequestError) -> T where T.RawValue == String {
        guard let text = form[name] else { return value }
        guard let chosen = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw RequestError(kind: .badParameter(name: name), message: "\(name) must be one of \(allowed), not '\(text)'")
        }
        return chosen
    }

    private static func number(_ form: FormQuery, _ name: String) throws(RequestError) -> Int? {
        guard let text = form[name] else { return nil }
        guard let value = Int(text), value >= 0 else {
            throw RequestError(kind: .badParameter(name: name), message: "\(name) must be a whole number ≥ 0, not '\(text)'")
        }
        return value
    }

    private static func flag(_ form: FormQuery, _ name: String) throws(RequestError) -> Bool {
        switch form[name] {
        case nil, "0", "false": return false
        case "1", "true": return true
        case let other?:
            throw RequestError(kind: .badParameter(name: name), message: "\(name) must be true or false, not '\(other)'")
        }
    }
}
