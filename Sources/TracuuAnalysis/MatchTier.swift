/// How closely an indexed word matches a query word that shares its fold key.
///
/// One index serves every tier: the index stores words as written (case
/// folded), its fold map groups words by fold key, and a query word is expanded
/// to the group and each member graded here. Tiers rank; they never merge two
/// words that differ in tone into one: typed with marks, "bàn" matches "bàn"
/// (exact) and "ban" (unaccented, text typed without marks), never "bán"
/// (`Grader.match`).
public enum MatchTier: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// The same word, as typed.
    case exact = 0
    /// The same word spelled another way: its tone mark on the other vowel
    /// ("hoà" for "hòa") or "i" for "y" ("lí" for "lý").
    case variant = 1
    /// The same letters without tone and vowel marks ("ngoai" for "ngoại").
    case unaccented = 2
    /// The same letters once "đ" is read as "d" as well ("dong" for "đông").
    case folded = 3

    public static func < (lhs: MatchTier, rhs: MatchTier) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .exact: "exact"
        case .variant: "spelling-variant"
        case .unaccented: "unaccented"
        case .folded: "d-folded"
        }
    }

    /// The tier named by its description ("exact", "variant" / "tone-variant", …).
    public static func named(_ name: String) -> MatchTier? {
        switch name {
        case "exact": .exact
        case "variant", "tone-variant", "spelling-variant": .variant
        case "unaccented": .unaccented
        case "folded", "d-folded": .folded
        default: nil
        }
    }

    /// The tier of `candidate` for `query` (both index terms with the same
    /// fold key).
    public static func of(query: String, candidate: String) -> MatchTier {
        Grader(query: query).tier(of: candidate)
    }

    /// Grades many candidates for one query word, with the query's own
    /// spelling keys worked out once (a query word's fold group can hold
    /// dozens of forms in every segment; grading them was a tenth of a
    /// search).
    public struct Grader: Sendable {
        public let query: String
        /// Whether the query word was typed without any mark
        /// (`TermForms.isBare`).
        public let queryIsBare: Bool
        private let canonical: String
        private let unaccented: String

        public init(query: String) {
            self.query = query
            queryIsBare = TermForms.isBare(query)
            canonical = VietnameseSpelling.canonical(query)
            unaccented = TermForms.unaccentedKey(query)
        }

        /// The tier at which `candidate` (an index term with the query's
        /// fold key) matches, or nil when it does not match at all. A word
        /// typed without marks matches every form. A word typed with marks
        /// matches its own spelling, its spelling variants, and the forms
        /// written without any mark ("ngoai" for "ngoại", "dong" for
        /// "đông": text typed without diacritics); not the other words
        /// that share its letters ("ngoài" for "ngoại", "nhất" for "Nhật",
        /// "bán" for "bàn"), which are other words: minimal pairs stay
        /// apart once tones are typed.
        ///
        /// Why: matched at the unaccented tier, they filled a toned
        /// query's total with another word's articles ("Nhật": 47,786 of
        /// 87,413 articles, most for "nhất"; "bàn": 59,350, for "bán",
        /// "bạn" and "ban"), and their postings were most of the work of
        /// searching a common toned word.
        public func match(_ candidate: String) -> MatchTier? {
            let tier = tier(of: candidate)
            return queryIsBare || tier <= .variant || TermForms.isBare(candidate) ? tier : nil
        }

        /// The forms compared are the analyzer's (NFC), so bytes decide;
        /// `==` on Strings with marks takes the normalizing comparison,
        /// slower, and its first use in a process cost a scan of the
        /// binary's conformance records (a tenth of the first search).
        public func tier(of candidate: String) -> MatchTier {
            if query.utf8.elementsEqual(candidate.utf8) { return .exact }
            if canonical.utf8.elementsEqual(VietnameseSpelling.canonical(candidate).utf8) { return .variant }
            if unaccented.utf8.elementsEqual(TermForms.unaccentedKey(candidate).utf8) { return .unaccented }
            return .folded
        }
    }

    /// The weight a match of this tier gets in scoring. A query word typed
    /// without any mark ("ngoai") expresses no preference, so every form
    /// matches it fully; a toned query word prefers its own spelling.
    public func weight(queryIsBare: Bool) -> Double {
        if queryIsBare { return 1.0 }
        switch self {
        case .exact: return 1.0
        case .variant: return 0.95
        case .unaccented: return 0.5
        case .folded: return 0.4
        }
    }
}
