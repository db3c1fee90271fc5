/// A parsed query, before it meets an index.
public indirect enum QueryNode: Equatable, Sendable, CustomStringConvertible {
    /// One query word, already analyzed into index terms. A word the
    /// tokenizer splits ("04/QĐ-UBND", "23/6/2017") holds several terms and
    /// matches as a phrase.
    case word(QueryWord)
    /// Words that must stand together in this order ("…" in the query).
    case phrase([QueryWord])
    /// Every child must match.
    case and([QueryNode])
    /// At least one child must match.
    case or([QueryNode])
    /// Documents matching the child are excluded (only inside `and`).
    case not(QueryNode)
    /// The child is matched against one field (`title:`).
    case field(String, QueryNode)

    public var description: String {
        switch self {
        case .word(let word):
            word.isPrefix ? word.terms[0] + "*" : word.terms.count == 1 ? word.terms[0] : "\"\(word.terms.joined(separator: " "))\""
        case .phrase(let words): "\"" + words.map { $0.terms.joined(separator: " ") }.joined(separator: " ") + "\""
        case .and(let children): "(" + children.map(\.description).joined(separator: " AND ") + ")"
        case .or(let children): "(" + children.map(\.description).joined(separator: " OR ") + ")"
        case .not(let child): "-" + child.description
        case .field(let name, let child): "\(name):\(child.description)"
        }
    }
}

/// A word as the user typed it and the index terms it analyzes to.
public struct QueryWord: Equatable, Sendable {
    public var text: String
    public var terms: [String]
    /// `ngoai*`: every word that starts with the (one) term, marks ignored.
    public var isPrefix: Bool
    /// Matches its reading only (its spelling and spelling variants), not
    /// the looser forms that share its letters: a name the alias list adds
    /// is written as the list writes it, not as someone typed it.
    public var readingOnly: Bool

    public init(text: String, terms: [String], isPrefix: Bool = false, readingOnly: Bool = false) {
        self.text = text
        self.terms = terms
        self.isPrefix = isPrefix
        self.readingOnly = readingOnly
    }
}
