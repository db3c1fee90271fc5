import TracuuCore
import TracuuIngest

/// The JSON shape `tracuu extract` prints per input.
public enum ArticleOutput {
    public static func json(_ article: Article) -> JSON {
        .object([
            ("source", .string(article.source)),
            ("title", .optional(article.title)),
            ("date", .optional(article.date?.day.iso)),
            ("body", .string(article.body)),
            ("id", .string(article.id)),
            ("date_source", .optional(article.date?.source.rawValue)),
            ("date_confidence", .optional(article.date?.confidence.rawValue)),
            ("paragraphs", .int(article.body.split(separator: "\n").count)),
        ])
    }

    /// One output line of `extract --jsonl`, keyed by the manifest's id.
    public static func batchJSON(_ article: Article, id: String?) -> JSON {
        .object([
            ("id", .optional(id)), ("source", .string(article.source)), ("title", .optional(article.title)),
            ("date", .optional(article.date?.day.iso)), ("date_source", .optional(article.date?.source.rawValue)),
            ("date_confidence", .optional(article.date?.confidence.rawValue)), ("body", .string(article.body)),
        ])
    }

    /// The output line of `extract --jsonl` for a page that failed.
    public static func batchJSON(error reason: String, id: String?) -> JSON {
        .object([("id", .optional(id)), ("error", .string(reason))])
    }

    public static func json(_ error: IngestError) -> JSON {
        .object([("source", .string(error.source)), ("error", .string(error.reason)), ("code", .string(error.code.rawValue))])
    }

    public static func text(_ article: Article) -> String {
        var lines = ["source: \(article.source)", "id:     \(article.id)"]
        lines.append("title:  \(article.title ?? "(none)")")
        if let date = article.date {
            lines.append("date:   \(date.day.iso) (\(date.source.rawValue), \(date.confidence.rawValue) confidence)")
        } else {
            lines.append("date:   (none)")
        }
        lines.append("")
        lines.append(article.body)
        return lines.joined(separator: "\n")
    }
}
