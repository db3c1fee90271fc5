import TracuuAnalysis

/// Rewrites a parsed query so that a name also searches its aliases:
/// `Hoa Kỳ thuế` becomes `("hoa kỳ" OR mỹ OR "hợp chúng quốc hoa kỳ") AND thuế`.
/// The added names match as written (and as spelling variants), never by
/// looser forms; the words as typed keep every tier.
///
/// Runs of consecutive plain words inside an AND are matched against the
/// alias list, longest name first; a quoted phrase is expanded when it is
/// exactly a name. The words as typed stay the first alternative, so their
/// matching tiers are unchanged; exclusions (`-Mỹ`) are expanded too, so
/// excluding a name excludes its aliases.
public struct AliasExpander {
    public let aliases: AliasList

    public init(aliases: AliasList = .standard) { self.aliases = aliases }

    public func expand(_ node: QueryNode) -> QueryNode {
        switch node {
        case .word(let word) where word.terms.count == 1:
            return expandRun([node]).first ?? node
        case .word:
            return node
        case .phrase(let words):
            let terms = words.flatMap(\.terms)
            if let (group, length) = aliases.match(terms, at: 0), length == terms.count {
                return alternatives(typed: node, group: group)
            }
            return node
        case .and(let children):
            let expanded = expandRun(children)
            return expanded.count == 1 ? expanded[0] : .and(expanded)
        case .or(let children):
            return .or(children.map(expand))
        case .not(let child):
            return .not(expand(child))
        case .field(let name, let child):
            return .field(name, expand(child))
        }
    }

    /// Expands names formed by consecutive single-term words; other children
    /// are expanded on their own.
    private func expandRun(_ children: [QueryNode]) -> [QueryNode] {
        var result: [QueryNode] = []
        var index = 0
        while index < children.count {
            // The run of single-term plain words starting here.
            var run: [QueryWord] = []
            var cursor = index
            while cursor < children.count, case .word(let word) = children[cursor], word.terms.count == 1 {
                run.append(word)
                cursor += 1
            }
            if run.isEmpty {
                result.append(expand(children[index]))
                index += 1
                continue
            }
            let terms = run.map { $0.terms[0] }
            var position = 0
            while position < run.count {
                if let (group, length) = aliases.match(terms, at: position) {
                    let typedWords = Array(run[position..<position + length])
                    let typed: QueryNode = length == 1 ? .word(typedWords[0]) : .phrase(typedWords)
                    result.append(alternatives(typed: typed, group: group))
                    position += length
                } else {
                    result.append(.word(run[position]))
                    position += 1
                }
            }
            index = cursor
        }
        return result
    }

    /// The typed words, then every other name of the group but those that
    /// hold the typed words or a shorter name of the group as a run of
    /// their own words ("CHDCND Lào" for "Lào", "Cộng hòa Nhân dân Trung
    /// Hoa" beside "Trung Hoa"). Such a name finds no article the name it
    /// holds misses; kept, it only added that name's score again to each
    /// article that spells it out, and made the search read the postings of
    /// its common words ("cộng", "hòa", "dân") in full. Left out, nDCG@10
    /// on the VMDS queries with VNTC distractors rose from 0.888 to 0.896,
    /// and "Lào" took a quarter of its time.
    private func alternatives(typed: QueryNode, group: AliasList.Group) -> QueryNode {
        let typedTerms: [String]
        switch typed {
        case .word(let word): typedTerms = word.terms
        case .phrase(let words): typedTerms = words.flatMap(\.terms)
        default: typedTerms = []
        }
        // Shortest names first, so a name is judged against every shorter one kept.
        var kept: [[String]] = [typedTerms]
        var adds = [Bool](repeating: false, count: group.terms.count)
        for index in group.terms.indices.sorted(by: { group.terms[$0].count < group.terms[$1].count }) {
            let terms = group.terms[index]
            if AliasList.spellsName(typedTerms, terms) || kept.contains(where: { AliasList.holds(terms, $0) }) { continue }
            kept.append(terms)
            adds[index] = true
        }
        var options: [QueryNode] = [typed]
        for index in group.terms.indices where adds[index] {
            let (name, terms) = (group.names[index], group.terms[index])
            // As the list writes the name: its reading, not looser forms. A
            // seven-word name matched loosely ("công hoa dẫn chú …") found
            // nonsense, and checked positions in nearly every article.
            let words = terms.map { QueryWord(text: $0, terms: [$0], readingOnly: true) }
            options.append(words.count == 1 ? .word(QueryWord(text: name, terms: terms, readingOnly: true)) : .phrase(words))
        }
        return options.count == 1 ? typed : .or(options)
    }
}

extension AliasList {
    /// Whether typed terms spell this name (so it need not be added again).
    static func spellsName(_ typed: [String], _ name: [String]) -> Bool {
        typed.count == name.count && spells(typed, name)
    }

    /// Whether `name` holds `typed` (typed terms or another name) as a run
    /// of its own words: "CHDCND Lào" holds "Lào".
    static func holds(_ name: [String], _ typed: [String]) -> Bool {
        guard !typed.isEmpty, name.count > typed.count else { return false }
        return (0...(name.count - typed.count)).contains { start in
            spells(typed, Array(name[start..<start + typed.count]))
        }
    }
}
