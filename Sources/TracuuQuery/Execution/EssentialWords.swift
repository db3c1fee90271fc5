/// MaxScore (Turtle and Flood) over a segment's word counts: each word's
/// bound over the whole segment, weakest first. Once the bounds of the
/// weakest words add up to less than the page's bar, a document holding
/// only those words cannot enter the page, and the bar only rises, so it
/// stays out.
///
/// Why: a query ranked over any of its words counts every document holding
/// one ("quan hệ Việt Nam Trung Quốc": 75,000 of 87,000), and without this
/// each one's `ScoreCeiling` bound was worked out. `ScoreCeiling` makes the
/// bounds; `Searcher.walkCounted` narrows its candidates with `narrowed`.
struct EssentialWords {
    /// A word's documents and the most it adds to any of them (a compound
    /// pair counts under its first word).
    struct Word {
        let bits: DocBits
        let bound: Double
    }

    private let byBound: [Word]
    private let docCount: Int
    /// How many of `byBound` the page's bar has passed, and their bounds' sum.
    private var passed = 0
    private var passedSum = 0.0

    init(_ words: [Word], docCount: Int) {
        byBound = words.sorted { $0.bound < $1.bound }
        self.docCount = docCount
    }

    /// When `bar` passes another word, the documents holding one of the
    /// words it has not passed (empty when it has passed them all), for the
    /// caller to keep only those; nil when nothing changed.
    mutating func narrowed(bar: Double) -> DocBits? {
        var changed = false
        while passed < byBound.count, cannotReach(passedSum + byBound[passed].bound, bar) {
            passedSum += byBound[passed].bound
            passed += 1
            changed = true
        }
        guard changed else { return nil }
        var docs = DocBits(docCount: docCount)
        for word in byBound[passed...] { docs.formUnion(word.bits) }
        return docs
    }
}
