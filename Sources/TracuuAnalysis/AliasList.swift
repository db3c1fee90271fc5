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
        // Cut as bytes: splitting the String by Characters took a fifth of
        // this, and this runs at the start of every search process.
        for line in tsv.utf8.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) where line.first != UInt8(ascii: "#") {
            let names = line.split(separator: UInt8(ascii: "\t")).map(AliasList.trimmed).filter { !$0.isEmpty }
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

    /// A field without its leading and trailing spaces.
    private static func trimmed(_ field: Substring.UTF8View) -> String {
        let space = UInt8(ascii: " ")
        let start = field.drop(while: { $0 == space })
        var end = start.endIndex
        while end > start.startIndex, start[start.index(before: end)] == space { end = start.index(before: end) }
        return String(Substring(start[..<end]))
    }
}
