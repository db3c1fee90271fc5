import TracuuAnalysis
import TracuuStore

/// A document iterator that scores what it finds: the shape of every node
/// of query execution in one segment (Lucene's Scorer). Iterators move
/// forward only; `doc` is −1 before the first call and
/// `PostingsFormat.noMoreDocs` at the end.
///
/// A base class rather than a protocol, for the loops that run per
/// candidate document over a node's children: `doc` is a stored property
/// every child has at the same place, read without a call, and children
/// are called through `Unmanaged` references (`UnretainedCalls.swift`)
/// with no reference counting. Through protocol existentials in arrays,
/// each read and call retained and released the child: retains and
/// releases were a tenth of a multi-word query's instructions, and the
/// benchmark's multi-word queries cost 19 % fewer instructions without
/// them (callgrind). The methods every subclass must override trap here.
class Scorer {
    /// The current document.
    final var doc: Int32 = -1
    /// An upper bound of the documents this scorer can match (for ordering conjunctions).
    final let cost: Int
    /// Whether `approximate(to:)` may stop on a document that does not
    /// match, to be settled by `confirm()` (a phrase, or an OR holding one).
    final let twoPhase: Bool

    init(cost: Int, twoPhase: Bool = false) {
        self.cost = cost
        self.twoPhase = twoPhase
    }

    @discardableResult final func next() throws(StoreError) -> Int32 { try advance(to: doc + 1) }

    /// Moves to the first match at or after `target` and returns it.
    @discardableResult func advance(to target: Int32) throws(StoreError) -> Int32 { Scorer.mustOverride() }

    /// Moves to the first document at or after `target` that may match:
    /// for a phrase, the next holding all its words, positions unread.
    /// `confirm()` then says whether it matches. A conjunction moves its
    /// children this way and reads positions only where every other child
    /// matches too (Lucene's two-phase iteration): a phrase advanced on its
    /// own checks the positions of each document holding its words until
    /// one matches, most of them documents the other words skip ("Hoa Kỳ"
    /// in "Hoa Kỳ Iraq").
    @discardableResult func approximate(to target: Int32) throws(StoreError) -> Int32 { try advance(to: target) }

    /// Whether the current document matches; after `advance(to:)` always
    /// true. Asked again for the same document, answers from memory.
    func confirm() throws(StoreError) -> Bool { true }

    /// The score of the current document.
    func score() throws(StoreError) -> Double { Scorer.mustOverride() }

    /// Goes back to before the first document, children and cursors too,
    /// forgetting what was worked out for the documents visited. A scorer
    /// shared by two parents is rewound twice, which is harmless.
    func rewind() { doc = -1 }

    func explain() throws(StoreError) -> Explanation { Scorer.mustOverride() }

    /// An upper bound of `score()` for every document from the current one
    /// up to `upTo`, read from the postings' block maxima without scoring
    /// (block-max pruning); nil when this kind of scorer has none.
    func blockBound() -> (bound: Double, upTo: Int32)? { Scorer.mustOverride() }

    /// Whether the scorer matches `target` (then `doc` is `target`), looking
    /// at no document past it where it can help it (phrases); afterwards
    /// `doc` is at least `target`. For owners that ask only this (a
    /// disjunction's covered children): a phrase may leave `doc` on a later
    /// candidate it has not checked.
    func matches(at target: Int32) throws(StoreError) -> Bool {
        if doc < target { return try advance(to: target) == target }
        return doc == target ? try confirm() : false
    }

    private static func mustOverride(_ function: StaticString = #function) -> Never {
        fatalError("Scorer.\(function) is implemented by every subclass")
    }
}

/// What word scorers need to know about the segment and the collection.
struct ScoringContext {
    let segment: SegmentReader
    let ranking: Ranking
    /// Every form the query resolver met in this segment, with its entry
    /// (a form absent here is absent from the map), so scorers need not
    /// look each form up in the dictionary a second time.
    let terms: [TermKey: TermInfo]
    let lengths: FieldLengths
    /// Live documents in the index (N in the idf).
    let documents: Int
    /// Whether every document of the segment has the names of the alias
    /// list the query's names came from (`QueryResolver.namesComplete`).
    var namesComplete = false
    /// The segment's documents written without marks, where alone a marked
    /// word's unmarked forms count (nil: not known, they count everywhere).
    var unmarkedDocs: UnmarkedTextDocs?

    /// The documents a form of `word` may match in: nil for all, or those
    /// written without marks for an unmarked form of a marked word.
    func allowedDocs(_ word: ResolvedWord, _ variant: ResolvedWord.Variant) -> UnmarkedTextDocs? {
        variant.isReading || word.looseForms != .unmarked ? nil : unmarkedDocs
    }

    /// The largest tf′ a title word can have, whatever its frequency: a
    /// word occurs in a title at most as often as the title has words, so
    /// tf′(f, length ≥ f) bounds it. Lets a block be judged without reading
    /// the title's postings. Worked out once per searcher and ranking
    /// (`ScoringContext.titleTfBound(_:averageTitleLength:)`), not per use.
    let titleTfBound: Double

    static func titleTfBound(_ ranking: Ranking, averageTitleLength: Double) -> Double {
        var best = 1.0
        for freq in 1...256 {
            best = max(best, ranking.tfPart(freq: Double(freq), length: Int64(freq), averageLength: averageTitleLength))
        }
        return best
    }

    func length(field: UInt8, doc: Int32) -> Int64 { lengths.length(field: field, doc: doc) }

    /// Where an added alias name of several words stands in this segment,
    /// from its names field: nil when the phrase is no such name or the
    /// segment was not indexed with the query's alias list (its positions
    /// are checked then), `.absent` when no article here holds it.
    func namePostings(_ words: [ResolvedWord]) -> NamePostings? {
        guard namesComplete, let key = ResolvedWord.aliasNameKey(of: words) else { return nil }
        guard let info = terms[TermKey(key)] else { return .absent }
        return .postings(info)
    }

    enum NamePostings {
        case absent
        case postings(TermInfo)
    }

    func averageLength(field: UInt8) -> Double { lengths.average(field: field) }
}

/// A segment's document lengths per field and the index-wide averages.
///
/// Its own small value (views and numbers, nothing counted): a loop over
/// many documents holds a copy, where a call on the whole context (a
/// segment reader and a dictionary besides) copied all of that for every
/// document (`ScoreCeiling`, a third of its bound's cost).
struct FieldLengths {
    let text: ColumnsReader.View?
    let title: ColumnsReader.View?
    let averageText: Double
    let averageTitle: Double
    /// Each field's length normalization for the query's ranking.
    let textNorm: Ranking.LengthNorm
    let titleNorm: Ranking.LengthNorm

    init(text: ColumnsReader.View?, title: ColumnsReader.View?, averageText: Double, averageTitle: Double, ranking: Ranking) {
        self.text = text
        self.title = title
        self.averageText = averageText
        self.averageTitle = averageTitle
        textNorm = ranking.lengthNorm(averageLength: averageText)
        titleNorm = ranking.lengthNorm(averageLength: averageTitle)
    }

    /// The document's length in the field's words (1 without the column).
    @inline(__always)
    func length(field: UInt8, doc: Int32) -> Int64 {
        guard let column = field == ArticleSchema.Field.title ? title : text else { return 1 }
        return column[Int(doc)]
    }

    @inline(__always)
    func average(field: UInt8) -> Double { field == ArticleSchema.Field.title ? averageTitle : averageText }

    @inline(__always)
    func norm(field: UInt8) -> Ranking.LengthNorm { field == ArticleSchema.Field.title ? titleNorm : textNorm }
}
