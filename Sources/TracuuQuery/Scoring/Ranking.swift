#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ranking functions, with their formulas in full (the README repeats them).
///
/// **TF-IDF** (default): pivoted length normalization (Singhal, Buckley and
/// Mitra, 1996) with a doubly logarithmic term frequency:
///
///     score(q, d) = Σ_{w ∈ q}  tier(w, d) · tf′(w, d) · idf(w) / norm(d)  +  Σ_pairs pair(a, b, d)
///     tf′         = 1 + ln(1 + ln(tf))            (0 when tf = 0)
///     idf         = ln((N + 1) / df)              (not squared)
///     norm(d)     = (1 − s) + s · len(d) / avglen,   s = 0.2
///
/// where the forms of a query word `w` in the index (its exact spelling, a
/// tone-placement variant, unaccented or d-folded forms) split in two (see
/// `ResolvedWord`): its **reading** (every form when `w` was typed without
/// marks; the spelling and its tone-placement variants otherwise) counts as
/// one term — `tf` is the sum of the forms' frequencies, each weighted by its
/// tier (exact 1, variant 0.95), `df` the number of documents with any form,
/// and `tier` = 1 — while each looser form of a word typed with marks (its
/// letters without any mark, "hoi" for "hội", in an article written
/// without marks: `MatchTier.Grader.match`, `UnmarkedTextDocs`) counts on
/// its own with `tier` 0.5 (unaccented) or 0.4 (d-folded) and an idf capped
/// at the reading's; a document scores the better of the two. N is the number of
/// live documents and len(d) the document's length in words. A weighted tf
/// below 1 is used as is (tf′ = tf).
///
/// **BM25** (`--rank bm25`, k1 = 1.2, b = 0.75):
///
///     score(q, d) = Σ_w tier · idf_bm25 · tf · (k1 + 1) / (tf + k1 · (1 − b + b · len(d) / avglen))  +  Σ_pairs pair
///     idf_bm25    = ln(1 + (N − df + 0.5) / (df + 0.5))
///
/// **Compound words**, for each pair (a, b) of consecutive query words
/// outside quotes, scored like one more word. Vietnamese writes a compound
/// word as separate syllables ("hội nhập"), so this is what makes "hội
/// nhập" outrank an article with "hội" and "nhập" far apart. By default
/// the words' positions tell (adjacency):
///
///     pair(a, b, d) = min(tier_a, tier_b) · (idf_a + idf_b) · f
///     f             = tf′(adjacent(a, b, d))   when b directly follows a
///                   = 1 / (1 + gap)            otherwise, if gap < 8 (else 0)
///
/// where adjacent counts the places b directly follows a and gap is the
/// number of words between the closest a and b (one more when b comes
/// first). idf_a + idf_b is the idf the pair would have if its words were
/// independent (an underestimate of a true compound's, measured best of
/// sum, max and mean in bench/relevance.py). An index built with syllable pairs (`tracuu index --pairs`)
/// holds each pair "a b" as a term of its own, and the pair scores with its
/// own statistics:
///
///     pair(a, b, d) = min(tier_a, tier_b) · tf′(pair, d) · idf(pair)
///
/// whose idf tells a rare compound from two common syllables: +0.009
/// nDCG@10 in bench/relevance.py with distractors, for +50% index size
/// and about twice the indexing time.
public enum Ranking: String, Sendable, CaseIterable {
    case tfidf
    case bm25

    public static let pivotSlope = 0.2
    public static let k1 = 1.2
    public static let b = 0.75
    /// Query words further apart than this get no compound score.
    public static let proximityWindow = 8

    public func idf(docFreq: Int, documents: Int) -> Double {
        let df = Double(max(docFreq, 1))
        let n = Double(max(documents, 1))
        switch self {
        case .tfidf: return log((n + 1) / df)
        case .bm25: return log(1 + (n - df + 0.5) / (df + 0.5))
        }
    }

    /// The term-frequency part of a word's score, length normalization
    /// included. The frequency may be weighted (a reading whose forms count
    /// less than the spelling typed); below 1 it is taken as is (tf′ is 1 at 1).
    @inline(__always)
    public func tfPart(freq: Double, length: Int64, averageLength: Double) -> Double {
        tfPart(freq: freq, length: length, norm: lengthNorm(averageLength: averageLength))
    }

    /// A field's length normalization with its average folded in: norm(d)
    /// for TF-IDF, k1 · (1 − b + b · len(d) / avglen) for BM25, as
    /// `constant + perWord · len(d)`. Worked out once per field and segment,
    /// so scoring a document divides once: dividing by the average and then
    /// by the norm made every score and bound wait on two divisions in a
    /// row (in `perf`, a third of a document bound's samples sat on the
    /// multiply waiting for them).
    public struct LengthNorm: Sendable {
        /// The normalization is `constant + perWord · length`.
        let constant: Double
        let perWord: Double
    }

    public func lengthNorm(averageLength: Double) -> LengthNorm {
        let slope = self == .tfidf ? Ranking.pivotSlope : Ranking.b
        let scale = self == .tfidf ? 1 : Ranking.k1
        guard averageLength > 0 else { return LengthNorm(constant: scale, perWord: 0) }
        return LengthNorm(constant: scale * (1 - slope), perWord: scale * slope / averageLength)
    }

    /// `tfPart(freq:length:averageLength:)` with the norm worked out already.
    @inline(__always)
    public func tfPart(freq: Double, length: Int64, norm: LengthNorm) -> Double {
        guard freq > 0 else { return 0 }
        let lengthPart = norm.constant + norm.perWord * Double(max(length, 1))
        switch self {
        case .tfidf: return Ranking.dampedTF(freq) / lengthPart
        case .bm25: return freq * (Ranking.k1 + 1) / (freq + lengthPart)
        }
    }

    /// tf′ = 1 + ln(1 + ln(tf)), or tf itself below 1. Whole frequencies
    /// (nearly all: only readings with variant forms are weighted) come
    /// from a table (`dampedTFTable`); two logarithms per form per scored
    /// document were a twentieth of query time.
    @inline(__always)
    static func dampedTF(_ freq: Double) -> Double {
        if freq < 1 { return freq }
        if freq < Double(dampedTFTable.count), freq.rounded(.towardZero) == freq { return dampedTFTable[Int(freq)] }
        return dampedTFFormula(freq)
    }

    static func dampedTFFormula(_ freq: Double) -> Double { 1 + log(1 + log(freq)) }

    /// The compound score of two query words from their positions (see the
    /// adjacency formula above).
    public func proximity(
        adjacent: Int, gap: Int, idfA: Double, idfB: Double, tierA: Double, tierB: Double, length: Int64,
        averageLength: Double
    ) -> Double {
        let base = min(tierA, tierB) * (idfA + idfB)
        if adjacent > 0 { return base * tfPart(freq: Double(adjacent), length: length, averageLength: averageLength) }
        guard gap >= 0, gap < Ranking.proximityWindow else { return 0 }
        return base / Double(1 + gap)
    }

    /// An upper bound of `proximity` that needs no positions: the words
    /// cannot stand side by side more often than the rarer occurs
    /// (`occurrences`), and standing apart scores at most `base`
    /// (min tier × the idf sum). Used to skip documents and blocks that
    /// cannot reach a page.
    public func proximityBound(base: Double, occurrences: Int32, length: Int64, averageLength: Double) -> Double {
        base * max(1, tfPart(freq: Double(occurrences), length: length, averageLength: averageLength))
    }
}
