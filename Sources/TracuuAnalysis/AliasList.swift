/// Names that mean the same thing ("Hoa Kỳ" = "Mỹ", "Liên Hợp Quốc" =
/// "LHQ"), read from `Resources/aliases.tsv` — data, not code, compiled into
/// the binary — and matched against query words.
///
/// Matching follows the analyzer's tiers: a name matches query words that
/// spell it exactly or as a spelling variant ("Liên Hiệp Quốc" with another
/// tone placement), or that are typed without marks and spell its letters
/// ("hoa ky"). Applied when a query is read, so the index never changes
/// when the list does.
public struct AliasList: Sendable {
    public struct Group: Sendable, Equatable {
        /// The names as written in the list.
        public var names: [String]
        /// Each name's analyzed terms.
        public var terms: [[String]]
    }

    public let groups: [Group]
    /// Canonical spelling of a name's first term → (group, name) candidates.
    private let byFirstTerm: [String: [(group: Int, name: Int)]]
    /// The longest name, in terms.
    public let longestName: Int

    /// The list that ships with tracuu.
    public static let standard: AliasList = {
        AliasList(tsv: String(decoding: PackageResources.aliases_tsv, as: UTF8.self))
    }()

    public static let empty = AliasList(tsv: "")

    public init(tsv: String) {
        let analyzer = Analyzer(initialCapacity: Analyzer.queryCapacity)
        var groups: [Group] = []
        for line in tsv.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let names = line.split(separator: "\t").map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
            let terms = names.map { analyzer.termSequence($0).map(\.term) }
            guard names.count > 1, terms.allSatisfy({ !$0.isEmpty }) else { continue }
            groups.append(Group(names: names, terms: terms))
        }
        var index: [String: [(group: Int, name: Int)]] = [:]
        for (groupIndex, group) in groups.enumerated() {
            for (nameIndex, terms) in group.terms.enumerated() {
                index[AliasList.letters(terms[0]), default: []].append((groupIndex, nameIndex))
            }
        }
        self.groups = groups
        self.byFirstTerm = index
        self.longestName = groups.flatMap { $0.terms.map(\.count) }.max() ?? 0
    }

    /// The longest name that the query terms starting at `start` spell, as
    /// (group, number of terms matched).
    public func match(_ terms: [String], at start: Int) -> (group: Group, length: Int)? {
        guard start < terms.count, let candidates = byFirstTerm[AliasList.letters(terms[start])] else { return nil }
        var best: (Group, Int)?
        for (groupIndex, nameIndex) in candidates {
            let name = groups[groupIndex].terms[nameIndex]
            guard start + name.count <= terms.count, name.count > (best?.1 ?? 0) else { continue }
            let typed = Array(terms[start..<start + name.count])
            if AliasList.spells(typed, name) { best = (groups[groupIndex], name.count) }
        }
        return best
    }

    /// Whether typed terms spell a name: every term bare and with the same
    /// letters, or every term the same word up to spelling variants.
    public static func spells(_ typed: [String], _ name: [String]) -> Bool {
        if typed.allSatisfy(TermForms.isBare) {
            return typed == name.map(TermForms.letters)
        }
        return zip(typed, name).allSatisfy { MatchTier.of(query: $0, candidate: $1) <= .variant }
    }

    private static func letters(_ term: String) -> String { TermForms.letters(term) }
}

extension Substring {
    /// Without leading and trailing spaces (sliced, not rebuilt character
    /// by character: this runs at the start of every search process).
    fileprivate func trimmingCharacters() -> String {
        let start = drop(while: { $0 == " " })
        var end = start.endIndex
        while end > start.startIndex, start[start.index(before: end)] == " " { end = start.index(before: end) }
        return String(start[..<end])
    }
}
