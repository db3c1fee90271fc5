import TracuuCore
import TracuuText

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

    /// Each group's names as the list writes them.
    private let names: [[String]]
    /// The fingerprint (`FoldPrint`) of the letters of a name's first term
    /// → (group, name) candidates.
    private let byFirstTerm: [UInt64: [(group: Int, name: Int)]]
    /// Groups analyzed so far, shared by the list's copies.
    private let analyzed: AnalyzedGroups
    /// A hash of the names as the list writes them. An index records the
    /// list its name lists were built with by it (`NameFinder.marker`),
    /// and a search reads them only when its own list is the same.
    package let fingerprint: UInt64

    /// The list that ships with tracuu.
    public static let standard: AliasList = {
        AliasList(tsv: String(decoding: PackageResources.aliases_tsv, as: UTF8.self))
    }()

    public static let empty = AliasList(tsv: "")

    /// Every group whose names all analyze to terms.
    public var groups: [Group] { names.indices.compactMap(group) }

    /// Reads the list, analyzing only the names whose first word the
    /// letter tables cannot read (such as "TP.HCM" or "Cam-pu-chia"); whole
    /// groups are analyzed when a query's word first matches them. Why:
    /// analyzing the whole list was 3 million instructions, 8 % of every
    /// search process, which matches one or two of its 45 groups. A
    /// first word of letters alone is one term whose letters are the word's
    /// own without marks, so its fingerprint is known without the analyzer.
    public init(tsv: String) {
        var names: [[String]] = []
        // Cut as bytes: splitting the String by Characters took a fifth of
        // this, and this runs at the start of every search process.
        for line in tsv.utf8.split(whereSeparator: { $0 == 0x0A || $0 == 0x0D }) where line.first != UInt8(ascii: "#") {
            let group = line.split(separator: UInt8(ascii: "\t")).map(AliasList.trimmed).filter { !$0.isEmpty }
            if group.count > 1 { names.append(group) }
        }
        // Names whose first word is not letters alone are analyzed here: a
        // dozen in the shipped list.
        let analyzed = AnalyzedGroups()
        var index: [UInt64: [(group: Int, name: Int)]] = [:]
        index.reserveCapacity(names.reduce(0) { $0 + $1.count })
        for (groupIndex, group) in names.enumerated() {
            for (nameIndex, name) in group.enumerated() {
                let print: UInt64
                if let plain = AliasList.firstWordPrint(name) {
                    print = plain
                } else {
                    guard let first = analyzed.terms(of: name).first else { continue }
                    print = FoldPrint.of(AliasList.letters(first))
                }
                index[print, default: []].append((groupIndex, nameIndex))
            }
        }
        self.names = names
        fingerprint = StableHash.hash64(names.map { $0.joined(separator: "\t") }.joined(separator: "\n"))
        self.byFirstTerm = index
        self.analyzed = analyzed
    }

    /// Group `index` analyzed, or nil when one of its names has no terms.
    private func group(_ index: Int) -> Group? { analyzed.group(index, names: names[index]) }

    /// The fingerprint of the letters of a name's first word, when the
    /// word is letters alone (nil otherwise).
    static func firstWordPrint(_ name: String) -> UInt64? {
        var name = name
        return name.withUTF8 { bytes in
            let end = bytes.firstIndex(of: UInt8(ascii: " ")) ?? bytes.count
            return Folding.plainFoldPrints(utf8: UnsafeBufferPointer(rebasing: bytes[..<end]))?.print
        }
    }

    /// The longest name that the query terms starting at `start` spell, as
    /// (group, number of terms matched).
    public func match(_ terms: [String], at start: Int) -> (group: Group, length: Int)? {
        guard start < terms.count else { return nil }
        let letters = AliasList.letters(terms[start])
        guard let candidates = byFirstTerm[FoldPrint.of(letters)] else { return nil }
        var best: (Group, Int)?
        for (groupIndex, nameIndex) in candidates {
            guard let group = group(groupIndex) else { continue }
            let name = group.terms[nameIndex]
            guard start + name.count <= terms.count, name.count > (best?.1 ?? 0),
                AliasList.letters(name[0]) == letters
            else { continue }
            let typed = Array(terms[start..<start + name.count])
            if AliasList.spells(typed, name) { best = (group, name.count) }
        }
        return best
    }

    /// Whether typed terms spell a name: every term bare and with the same
    /// letters, or every term the same word up to spelling variants.
    public static func spells(_ typed: [String], _ name: [String]) -> Bool {
        if typed.allSatisfy(TermForms.isBare) {
            return typed == name.map(TermForms.letters)
        }
        return zip(typed, name).allSatisfy { sameSpelling($0, $1) }
    }

    /// `MatchTier.of(query: a, candidate: b) <= .variant`, without the
    /// unaccented key a grader works out too: the same bytes, or the same
    /// canonical spelling.
    ///
    /// Why: a query name is checked against every word of its group's
    /// longer names ("Lào" against the seven of "Cộng hòa Dân chủ Nhân dân
    /// Lào"), and each grader made three rewrites of the words.
    static func sameSpelling(_ a: String, _ b: String) -> Bool {
        a.utf8.elementsEqual(b.utf8)
            || VietnameseSpelling.canonical(a).utf8.elementsEqual(VietnameseSpelling.canonical(b).utf8)
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

/// The groups of an alias list analyzed so far: each group once per
/// process, whichever thread matches it first, by the list's one analyzer.
private final class AnalyzedGroups: @unchecked Sendable {
    private let lock = Lock()
    private var analyzer: Analyzer?
    /// Group index → the group, or nil when one of its names has no terms.
    private var done: [Int: Group?] = [:]

    typealias Group = AliasList.Group

    func group(_ index: Int, names: [String]) -> Group? {
        lock.lock()
        defer { lock.unlock() }
        if let known = done[index] { return known }
        let terms = names.map(analyze)
        let group = terms.allSatisfy({ !$0.isEmpty }) ? Group(names: names, terms: terms) : nil
        done[index] = group
        return group
    }

    /// A name's analyzed terms.
    func terms(of name: String) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return analyze(name)
    }

    /// Called with the lock held: the analyzer is not thread-safe.
    private func analyze(_ name: String) -> [String] {
        if analyzer == nil { analyzer = Analyzer(initialCapacity: Analyzer.queryCapacity) }
        return analyzer!.termSequence(name).map(\.term)
    }
}
