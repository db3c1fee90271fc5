import TracuuCore
import TracuuQuery

/// The public JSON and text shapes of search results (the CLI contract:
/// keep these names stable, add fields freely).
public enum SearchOutput {
    public static func json(_ response: SearchResponse, request: SearchRequest, profile: Bool = false) -> JSON {
        var pairs: [(String, JSON)] = [
            ("query", .string(response.query)),
            ("total", .int(response.total)),
            ("took_ms", .double(Double(response.tookMicroseconds) / 1000, decimals: 3)),
            ("hits", .array(response.hits.map { hitJSON($0) })),
            ("parsed", .string(response.parsed)),
            ("partial_total", .int(response.partialTotal)),
            ("offset", .int(request.offset)),
            ("limit", .int(request.limit)),
            ("sort", .string(request.sort.rawValue)),
            ("rank", .string(request.ranking.rawValue)),
            ("from", .optional(response.dateRange.lower?.iso)),
            ("to", .optional(response.dateRange.upper?.iso)),
        ]
        if let histogram = response.histogram, let period = request.histogram {
            pairs.append(
                (
                    "histogram",
                    .object([
                        ("period", .string(period.rawValue)),
                        ("buckets", .array(histogram.map { .object([("period", .string($0.period)), ("count", .int($0.count))]) })),
                        ("undated", .int(response.undatedMatches)),
                    ])
                ))
        }
        if profile { pairs.append(("profile", profileJSON(response))) }
        return .object(pairs)
    }

    /// `--profile`: the search's phases in microseconds (`SearchPhases`),
    /// and how many documents were scored and how many skipped by their
    /// score bounds.
    public static func profileJSON(_ response: SearchResponse) -> JSON {
        var pairs: [(String, JSON)] = response.phases.named.map {
            ("\($0.name)_us", .double(Double($0.nanoseconds) / 1000, decimals: 1))
        }
        pairs.append(("scored", .int(response.scored)))
        pairs.append(("skipped", .int(response.skipped)))
        return .object(pairs)
    }

    /// `--profile` as one line of text.
    static func profileText(_ response: SearchResponse) -> String {
        let phases = response.phases.named.map { "\($0.name) \(JSON.format(Double($0.nanoseconds) / 1_000_000, decimals: 2))" }
        return "profile (ms): " + phases.joined(separator: ", ") + "; \(response.scored) scored, \(response.skipped) skipped"
    }

    /// The columns of `--format csv`, the same fields as a JSON hit.
    public static let csvColumns = [
        "rank", "id", "source", "title", "date", "score", "matched_all", "date_source", "date_confidence", "snippet",
        "also_published_at",
    ]

    /// The header row of `--format csv`, after `prefix` columns (a batch's qid).
    public static func csvHeader(prefix: [String] = []) -> String {
        (prefix + csvColumns).joined(separator: ",") + "\r\n"
    }

    /// One CSV row (RFC 4180: fields with commas, quotes or line breaks are
    /// quoted, quotes doubled); `prefix` adds leading fields (a batch's qid).
    public static func csvRow(_ hit: SearchHit, rank: Int, prefix: [String] = []) -> String {
        let fields =
            prefix + [
                String(rank), hit.id, hit.source, hit.title ?? "", hit.date?.day.iso ?? "", JSON.format(hit.score, decimals: 4),
                hit.matchedAll ? "true" : "false", hit.date?.source.rawValue ?? "", hit.date?.confidence.rawValue ?? "",
                hit.snippet.text, hit.alsoPublished.map(\.source).joined(separator: " "),
            ]
        return fields.map(csvField).joined(separator: ",") + "\r\n"
    }

    public static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    /// `--format jsonl`: one hit a line, its rank first, then the fields of a JSON hit.
    public static func jsonLines(_ response: SearchResponse, request: SearchRequest) -> String {
        var output = ""
        for (index, hit) in response.hits.enumerated() {
            guard case .object(let fields) = hitJSON(hit) else { continue }
            output += JSON.object([("rank", .int(request.offset + index + 1))] + fields).serialized() + "\n"
        }
        return output
    }

    /// The histogram as text bars, widest period = 40 characters.
    static func histogramText(_ response: SearchResponse) -> [String] {
        guard let buckets = response.histogram else { return [] }
        let widest = buckets.map(\.count).max() ?? 0
        var lines = [""]
        for bucket in buckets {
            let width = widest > 0 ? max(1, bucket.count * 40 / widest) : 0
            let label = bucket.period + String(repeating: " ", count: max(0, 8 - bucket.period.count))
            lines.append("  \(label)\(String(repeating: "█", count: width)) \(bucket.count)")
        }
        if response.undatedMatches > 0 { lines.append("  no date \(response.undatedMatches)") }
        if buckets.isEmpty && response.undatedMatches == 0 { lines.append("  (no matches to count)") }
        return lines
    }

    public static func hitJSON(_ hit: SearchHit) -> JSON {
        var pairs: [(String, JSON)] = [
            ("id", .string(hit.id)),
            ("source", .string(hit.source)),
            ("title", .optional(hit.title)),
            ("date", .optional(hit.date?.day.iso)),
            ("score", .double(hit.score, decimals: 4)),
            ("snippet", .string(hit.snippet.text)),
            ("highlights", .array(hit.snippet.highlights.map { .array([.int($0.lowerBound), .int($0.upperBound)]) })),
            ("snippet_html", .string(hit.snippet.marked(open: "<mark>", close: "</mark>", escape: HTML.escape))),
            ("date_source", .optional(hit.date?.source.rawValue)),
            ("date_confidence", .optional(hit.date?.confidence.rawValue)),
            ("matched_all", .bool(hit.matchedAll)),
            ("also_published_at", .array(hit.alsoPublished.map(republishedJSON))),
        ]
        if let explanation = hit.explanation { pairs.append(("explain", explanationJSON(explanation))) }
        return .object(pairs)
    }

    static func republishedJSON(_ copy: Republished) -> JSON {
        .object([("id", .string(copy.id)), ("source", .string(copy.source)), ("date", .optional(copy.date?.day.iso))])
    }

    static func explanationJSON(_ explanation: Explanation) -> JSON {
        .object([
            ("value", .double(explanation.value, decimals: 4)),
            ("description", .string(explanation.description)),
            ("details", .array(explanation.details.map(explanationJSON))),
        ])
    }

    /// Human-readable results; `color` adds ANSI bold/dim for terminals.
    public static func text(_ response: SearchResponse, request: SearchRequest, color: Bool, profile: Bool = false) -> String {
        let bold = color ? "\u{1B}[1m" : ""
        let dim = color ? "\u{1B}[2m" : ""
        let reset = color ? "\u{1B}[0m" : ""
        var lines: [String] = []
        let shown = response.hits.isEmpty ? "" : " (showing \(request.offset + 1)–\(request.offset + response.hits.count))"
        var header = "\(response.total) article\(response.total == 1 ? " matches" : "s match") \(response.query)\(shown)"
        if response.partialTotal > 0 { header += "; \(response.partialTotal) more have some of the words" }
        lines.append(header + "  \(dim)[\(JSON.format(Double(response.tookMicroseconds) / 1000, decimals: 1)) ms]\(reset)")
        if profile { lines.append("\(dim)\(profileText(response))\(reset)") }
        lines += histogramText(response)
        for (index, hit) in response.hits.enumerated() {
            lines.append("")
            let title = hit.title ?? "(untitled) " + hit.opening
            let date = hit.date?.day.iso ?? "no date"
            let partial = hit.matchedAll ? "" : "  (some of the words)"
            lines.append("\(request.offset + index + 1). \(bold)\(title)\(reset)")
            lines.append("   \(date) · score \(JSON.format(hit.score, decimals: 3)) · \(hit.id)\(partial)")
            lines.append("   \(dim)\(hit.source)\(reset)")
            let snippet = color ? hit.snippet.marked(open: bold, close: reset) : hit.snippet.text
            lines.append("   " + snippet)
            if !hit.alsoPublished.isEmpty {
                let copies = hit.alsoPublished.map { "\($0.source) (\($0.date?.day.iso ?? "no date"))" }
                lines.append("   \(dim)also published at: \(copies.joined(separator: ", "))\(reset)")
            }
            if let explanation = hit.explanation {
                lines.append(explanation.render(indent: 2))
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// HTML escaping for `snippet_html` (and the web page later).
public enum HTML {
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
