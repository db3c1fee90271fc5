import TracuuAnalysis
import TracuuCore

/// Parses the query language:
///
/// ```
/// query   := or
/// or      := and ("OR" and)*
/// and     := unary+                      (words are all required)
/// unary   := "-" primary | primary
/// primary := "(" or ")" | "\"" words "\"" | field ":" primary | word
/// field   := "title"
/// word    := text | text "*"               (a prefix: every word starting so)
/// dates   := "date:" (period | period? ".." period?)   anywhere outside parentheses
/// ```
///
/// A `date:` term is a filter of the whole query, not a word: `date:2017`
/// or `date:2017-06..2019-01` keeps articles published in that inclusive
/// range (periods as in `--from`/`--to`; an open end is allowed), and
/// several intersect. Inside parentheses or after a minus it would suggest
/// a logic it does not have, so it is refused there.
///
/// `OR` must be written in capitals ("or" is an ordinary word). A minus
/// excludes only when glued to its word (`-Lào`); a dash standing between
/// spaces, as in the headline "Quan hệ Việt - Lào", is punctuation. Words go
/// through the same analyzer as the index. A malformed query throws a
/// `QuerySyntaxError` whose column points at the problem; nothing is
/// guessed silently.
public struct QueryParser {
    public static let fields: Set<String> = ["title"]
    private let analyzer: Analyzer

    public init(analyzer: Analyzer = Analyzer()) { self.analyzer = analyzer }

    /// The query's words and operators; `date:` filters are checked and dropped.
    public func parse(_ text: String) throws(QuerySyntaxError) -> QueryNode {
        try parseQuery(text).node
    }

    /// The query and the date range its `date:` terms ask for (unbounded without any).
    public func parseQuery(_ text: String) throws(QuerySyntaxError) -> ParsedQuery {
        var lexer = Lexer(text: text)
        let tokens = try lexer.tokens()
        var state = State(tokens: tokens, query: text, analyzer: analyzer)
        guard tokens.contains(where: { if case .word = $0.kind { return true }; return $0.kind == .quote }) else {
            let onlyDates = !tokens.isEmpty && tokens.allSatisfy { if case .date = $0.kind { true } else { false } }
            throw QuerySyntaxError(
                query: text, column: 1,
                message: onlyDates
                    ? "date: filters the words of a query; add a word to search for"
                    : "the query has no words to search for")
        }
        let node = try state.parseOr()
        if let extra = state.peek() {
            let what = extra.kind == .close ? "an unmatched ')'" : "unexpected text"
            throw QuerySyntaxError(query: text, column: extra.column, message: what)
        }
        guard let simplified = node.simplified() else {
            throw QuerySyntaxError(query: text, column: 1, message: "the query has no words to search for")
        }
        if simplified.isOnlyExclusions {
            throw QuerySyntaxError(query: text, column: 1, message: "a query cannot only exclude words; add a word to search for")
        }
        return ParsedQuery(node: simplified, dateRange: state.dateRange)
    }

    /// The range of a `date:` value (`2017`, `2017-06..2019-01`, `..2019`,
    /// `2017-06..`), or why it is none: a bound that is no date, with the
    /// reason, or a start after the end.
    static func dateRange(_ value: String) -> Result<DateRange, DatePeriod.Problem> {
        let bounds = value.components(separatedBy: "..")
        let notARange = DatePeriod.Problem(reason: "'\(value)' is not a date range")
        guard bounds.count <= 2, bounds.contains(where: { !$0.isEmpty }) else { return .failure(notARange) }
        var periods: [DatePeriod?] = []
        for bound in bounds {
            if bound.isEmpty {
                periods.append(nil)
                continue
            }
            switch DatePeriod.read(bound) {
            case .success(let period): periods.append(period)
            case .failure(let problem): return .failure(DatePeriod.Problem(reason: "'\(bound)' is no date (\(problem.reason))"))
            }
        }
        let range = DateRange(lower: periods[0]?.first, upper: periods[periods.count - 1]?.last)
        if let lower = range.lower, let upper = range.upper, lower > upper {
            return .failure(DatePeriod.Problem(reason: "'\(value)' starts after it ends"))
        }
        return .success(range)
    }

    struct Token: Equatable {
        enum Kind: Equatable { case word(String), quote, open, close, minus, or, field(String), date(String) }
        var kind: Kind
        /// 1-based column (in characters) where the token starts.
        var column: Int
    }

    struct Lexer {
        let text: String
        var tokens_: [Token] = []

        init(text: String) { self.text = text }

        mutating func tokens() throws(QuerySyntaxError) -> [Token] {
            var result: [Token] = []
            let characters = Array(text)
            var i = 0
            var inQuote = false
            var quoteColumn = 0
            while i < characters.count {
                let c = characters[i]
                if c.isWhitespace {
                    i += 1
                    continue
                }
                if c == "\"" || c == "“" || c == "”" {
                    result.append(Token(kind: .quote, column: i + 1))
                    inQuote.toggle()
                    quoteColumn = i + 1
                    i += 1
                    continue
                }
                if !inQuote {
                    if c == "(" {
                        result.append(Token(kind: .open, column: i + 1))
                        i += 1
                        continue
                    }
                    if c == ")" {
                        result.append(Token(kind: .close, column: i + 1))
                        i += 1
                        continue
                    }
                    if c == "-" || c == "–" || c == "—" {
                        let opensWord = i == 0 || characters[i - 1].isWhitespace || characters[i - 1] == "("
                        let attached = i + 1 < characters.count && !characters[i + 1].isWhitespace
                        if opensWord && attached && c == "-" {
                            // "-Lào": exclude the word.
                            result.append(Token(kind: .minus, column: i + 1))
                            i += 1
                            continue
                        }
                        if opensWord && !attached {
                            // "Việt - Lào": a dash between words, as headlines write it.
                            i += 1
                            continue
                        }
                    }
                }
                let start = i
                while i < characters.count, !characters[i].isWhitespace, !"\"“”".contains(characters[i]),
                    inQuote || !"()".contains(characters[i])
                {
                    i += 1
                }
                // Appended a Character at a time: `String(characters[a..<b])`
                // is the generic initializer, whose first use in a process
                // cost a scan of the binary's conformance records.
                var word = ""
                for character in characters[start..<i] { word.append(character) }
                if !inQuote, word == "OR" {
                    result.append(Token(kind: .or, column: start + 1))
                } else if !inQuote, word.count > 5, word.prefix(5).lowercased() == "date:" {
                    result.append(Token(kind: .date(String(word.dropFirst(5))), column: start + 1))
                } else if !inQuote, let colon = word.firstIndex(of: ":"),
                    QueryParser.fields.contains(word[..<colon].lowercased())
                {
                    result.append(Token(kind: .field(word[..<colon].lowercased()), column: start + 1))
                    let rest = String(word[word.index(after: colon)...])
                    if !rest.isEmpty {
                        result.append(Token(kind: .word(rest), column: start + 1 + word.distance(from: word.startIndex, to: colon) + 1))
                    }
                } else {
                    result.append(Token(kind: .word(word), column: start + 1))
                }
            }
            if inQuote {
                throw QuerySyntaxError(query: text, column: quoteColumn, message: "this quote is never closed")
            }
            return result
        }
    }

    struct State {
        let tokens: [Token]
        let query: String
        let analyzer: Analyzer
        var index = 0
        var depth = 0
        /// What the `date:` terms read so far allow.
        var dateRange = DateRange()

        init(tokens: [Token], query: String, analyzer: Analyzer) {
            self.tokens = tokens
            self.query = query
            self.analyzer = analyzer
        }

        func peek() -> Token? { index < tokens.count ? tokens[index] : nil }

        mutating func parseOr() throws(QuerySyntaxError) -> QueryNode {
            var children = [try parseAnd()]
            while let token = peek(), token.kind == .or {
                index += 1
                guard let next = peek(), next.kind != .close, next.kind != .or else {
                    throw QuerySyntaxError(query: query, column: token.column, message: "OR needs a word after it")
                }
                children.append(try parseAnd())
            }
            return children.count == 1 ? children[0] : .or(children)
        }

        mutating func parseAnd() throws(QuerySyntaxError) -> QueryNode {
            var children: [QueryNode] = []
            while let token = peek(), token.kind != .or, token.kind != .close {
                if case .date(let value) = token.kind {
                    try readDate(value, token)
                    continue
                }
                children.append(try parseUnary())
            }
            guard !children.isEmpty else {
                let column = peek()?.column ?? (query.count + 1)
                let hadDate = index > 0 && { if case .date = tokens[index - 1].kind { true } else { false } }()
                let message = hadDate ? "date: filters the words of a query; add a word to search for" : "expected a word here"
                throw QuerySyntaxError(query: query, column: column, message: message)
            }
            return children.count == 1 ? children[0] : .and(children)
        }

        mutating func parseUnary() throws(QuerySyntaxError) -> QueryNode {
            if let token = peek(), token.kind == .minus {
                index += 1
                guard let next = peek(), next.kind != .or, next.kind != .close else {
                    throw QuerySyntaxError(query: query, column: token.column, message: "'-' needs a word to exclude after it")
                }
                if case .date = next.kind {
                    throw QuerySyntaxError(
                        query: query, column: token.column,
                        message: "a date cannot be excluded; give the range to keep, e.g. date:..2016 or date:2018..")
                }
                return .not(try parsePrimary())
            }
            return try parsePrimary()
        }

        mutating func parsePrimary() throws(QuerySyntaxError) -> QueryNode {
            guard let token = peek() else {
                throw QuerySyntaxError(query: query, column: query.count + 1, message: "the query ends too early")
            }
            index += 1
            switch token.kind {
            case .open:
                depth += 1
                let inner = try parseOr()
                guard let close = peek(), close.kind == .close else {
                    throw QuerySyntaxError(query: query, column: token.column, message: "this '(' is never closed")
                }
                index += 1
                depth -= 1
                return inner
            case .quote:
                var words: [QueryWord] = []
                while let next = peek(), next.kind != .quote {
                    index += 1
                    if case .word(let text) = next.kind { words.append(analyze(text)) }
                }
                index += 1  // the closing quote (the lexer checked it exists)
                return .phrase(words)
            case .field(let name):
                guard let next = peek(), next.kind != .or, next.kind != .close else {
                    throw QuerySyntaxError(query: query, column: token.column, message: "\(name): needs a word after it")
                }
                return .field(name, try parsePrimary())
            case .word(let text):
                if text.hasSuffix("*") {
                    return .word(try prefix(text, token))
                }
                return .word(analyze(text))
            case .close:
                throw QuerySyntaxError(query: query, column: token.column, message: "an unmatched ')'")
            case .minus, .or:
                throw QuerySyntaxError(query: query, column: token.column, message: "expected a word here")
            case .date:
                throw QuerySyntaxError(
                    query: query, column: token.column,
                    message: "date: filters the whole query; write it outside parentheses and after no field")
            }
        }

        /// Reads a `date:` term at the top level into `dateRange`.
        mutating func readDate(_ value: String, _ token: Token) throws(QuerySyntaxError) {
            if depth > 0 {
                throw QuerySyntaxError(
                    query: query, column: token.column,
                    message: "date: filters the whole query; write it outside parentheses")
            }
            let range: DateRange
            switch QueryParser.dateRange(value) {
            case .success(let read): range = read
            case .failure(let problem):
                throw QuerySyntaxError(
                    query: query, column: token.column + 5,
                    message: "\(problem.reason); write date:2017, date:2017-06 or date:2017-06..2019-01")
            }
            let combined = dateRange.intersection(range)
            if let lower = combined.lower, let upper = combined.upper, lower > upper {
                throw QuerySyntaxError(
                    query: query, column: token.column, message: "this date range leaves no day with the ones before it")
            }
            dateRange = combined
            index += 1
        }

        /// `ngoai*`: one word of at least two letters before the star.
        func prefix(_ text: String, _ token: Token) throws(QuerySyntaxError) -> QueryWord {
            let stem = String(text.dropLast())
            let terms = analyzer.termSequence(stem).map(\.term)
            guard terms.count == 1, !stem.contains("*") else {
                throw QuerySyntaxError(
                    query: query, column: token.column,
                    message: terms.isEmpty ? "a '*' needs the start of a word before it" : "a '*' ends one word; '\(stem)' is several")
            }
            guard terms[0].count >= 2 else {
                throw QuerySyntaxError(
                    query: query, column: token.column, message: "a prefix needs at least two letters before the '*'")
            }
            return QueryWord(text: text, terms: terms, isPrefix: true)
        }

        func analyze(_ text: String) -> QueryWord {
            QueryWord(text: text, terms: analyzer.termSequence(text).map(\.term))
        }
    }
}

extension QueryNode {
    /// Drops words that analyze to nothing (punctuation), empty phrases and
    /// one-child groups; nil when nothing searchable is left.
    func simplified() -> QueryNode? {
        switch self {
        case .word(let word): return word.terms.isEmpty ? nil : self
        case .phrase(let words):
            let kept = words.filter { !$0.terms.isEmpty }
            if kept.isEmpty { return nil }
            if kept.count == 1 { return .word(kept[0]) }
            return .phrase(kept)
        case .and(let children):
            let kept = children.compactMap { $0.simplified() }
            if kept.isEmpty { return nil }
            return kept.count == 1 ? kept[0] : .and(kept)
        case .or(let children):
            let kept = children.compactMap { $0.simplified() }
            if kept.isEmpty { return nil }
            return kept.count == 1 ? kept[0] : .or(kept)
        case .not(let child): return child.simplified().map { .not($0) }
        case .field(let name, let child): return child.simplified().map { .field(name, $0) }
        }
    }

    var isOnlyExclusions: Bool {
        switch self {
        case .not: return true
        case .and(let children): return children.allSatisfy(\.isOnlyExclusions)
        case .or(let children): return children.contains(where: \.isOnlyExclusions)
        default: return false
        }
    }
}

/// A parsed query: what to match and the date range its `date:` terms allow.
public struct ParsedQuery: Equatable, Sendable {
    public var node: QueryNode
    public var dateRange: DateRange
}

/// A query that does not parse, with the 1-based column of the problem.
public struct QuerySyntaxError: Error, Sendable, CustomStringConvertible, Equatable {
    public var query: String
    public var column: Int
    public var message: String

    public var description: String {
        "query syntax error at column \(column): \(message)\n  \(query)\n  \(String(repeating: " ", count: max(0, column - 1)))^"
    }
}
