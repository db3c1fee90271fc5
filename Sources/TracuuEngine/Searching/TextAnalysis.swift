import TracuuAnalysis
import TracuuQuery

/// What the analyzer makes of a text, for `tracuu analyze`: every token with
/// its position and the form each matching tier compares.
public enum TextAnalysis {
    public struct Token: Sendable {
        public var text: String
        public var position: UInt32
        public var joined: Bool
        /// The index term (case-folded NFKC, "Ð" read as "đ").
        public var term: String
        /// Tone mark re-placed and i/y rule applied: the `variant` tier's form.
        public var spelling: String
        /// Marks removed, "đ" kept: the `unaccented` tier's form.
        public var unaccented: String
        /// Marks removed and "đ" read as "d": the fold-map key.
        public var foldKey: String
    }

    public static func tokens(_ text: String) -> [Token] {
        Analyzer().termSequence(text).map { token in
            let bytes = Array(text.utf8)
            return Token(
                text: String(decoding: bytes[token.start..<token.end], as: UTF8.self), position: token.position,
                joined: token.joined, term: token.term, spelling: VietnameseSpelling.canonical(token.term),
                unaccented: TermForms.unaccentedKey(token.term), foldKey: TermForms.foldKey(token.term))
        }
    }

    /// The query the text becomes (parsed, aliases expanded), or the syntax error.
    public static func query(_ text: String) -> String {
        do {
            return AliasExpander().expand(try QueryParser().parse(text)).description
        } catch {
            return "(not a valid query: \(error.message) at column \(error.column))"
        }
    }

    public static func json(_ text: String) -> JSON {
        .object([
            ("text", .string(text)),
            ("tokens", .array(tokens(text).map { token in
                .object([
                    ("text", .string(token.text)), ("position", .int(Int(token.position))), ("joined", .bool(token.joined)),
                    ("term", .string(token.term)), ("spelling", .string(token.spelling)),
                    ("unaccented", .string(token.unaccented)), ("fold", .string(token.foldKey)),
                ])
            })),
            ("query", .string(query(text))),
            ("analyzer", .string(Analyzer.version)),
        ])
    }

    public static func table(_ text: String) -> String {
        let rows = tokens(text)
        let header = ["pos", "token", "term", "spelling", "unaccented", "fold"]
        var cells = [header]
        for token in rows {
            cells.append([
                String(token.position) + (token.joined ? "+" : ""), token.text, token.term, token.spelling,
                token.unaccented, token.foldKey,
            ])
        }
        var widths = [Int](repeating: 0, count: header.count)
        for row in cells { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        var lines = cells.map { row in
            row.enumerated().map { index, cell in cell + String(repeating: " ", count: widths[index] - cell.count) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }
        lines.append("")
        lines.append("as a query: \(query(text))")
        lines.append("(\"+\": glued to the previous token; analyzer \(Analyzer.version))")
        return lines.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
