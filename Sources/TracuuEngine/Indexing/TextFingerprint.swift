import TracuuAnalysis

/// The fingerprints that find a press release republished on another site:
/// an exact one (the same words in the same order) and a MinHash sketch for
/// near copies (a byline, a dateline or a sentence changed).
///
/// Built over the body's words as the analyzer cuts them, each as its
/// term's stable hash (`Analyzer.FieldTerms.wordHashes`): case-folded, but
/// with accents and tone placement as written, since copies of one release
/// are copied, not retyped. The indexing pass that analyzes the text hands
/// the hashes over, so the body is read once, not twice (a separate word
/// scan was 5 % of indexing). Vietnamese writes a word as syllables
/// ("hội nhập quốc tế"), each too common to tell texts apart alone, so the
/// sketch is over runs of three syllables (shingles), about as distinctive
/// as two or three English words.
///
/// The sketch is one-permutation MinHash: each shingle is hashed once and
/// falls in one of 32 bins by its top bits, and a bin keeps its smallest
/// hash; two bins agree with probability equal to the texts' Jaccard
/// similarity. Bins are grouped into 8 bands of 4, and two texts are near
/// copies when at least 2 of their 8 bands agree whole: likely at a
/// similarity of 0.8 (90 %) and above, rare at 0.5 (8 %). A first try with
/// a 64-bit SimHash (≤ 3 bits apart) missed copies that differed by two
/// words in a 120-word release: news items are too short for SimHash.
public struct TextFingerprint: Sendable, Equatable {
    /// Hash of the word sequence; 0 when the body is too short to compare.
    public var exact: UInt64
    /// The 8 band keys of the MinHash sketch, two to a value (`BND0`…`BND3`);
    /// all 0 when the body is too short for near matches.
    public var bands: [UInt64]

    /// Bodies with fewer words are not compared at all (a caption, a
    /// "Lịch công tác" stub: alike by accident, not by copying).
    public static let minimumWords = 12
    /// Fewer words than this: exact copies only (a near match of a short
    /// text is mostly chance).
    public static let minimumNearWords = 80
    static let bins = 32
    static let bandCount = 8
    static let rowsPerBand = 4
    /// Bands that must agree for a near copy.
    public static let agreeingBands = 2

    public init(exact: UInt64, bands: [UInt64]) {
        self.exact = exact
        self.bands = bands
    }

    /// The 32-bit key of band `band` (0..<8).
    public func bandKey(_ band: Int) -> UInt32 { TextFingerprint.bandKey(band, in: bands[band / 2]) }

    /// Band `band`'s key within its stored 64-bit word (`bands[band / 2]`,
    /// one `BND` column): two bands a word.
    @inline(__always)
    static func bandKey(_ band: Int, in word: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: word >> UInt64(32 * (band % 2)))
    }

    /// How many bands of two sketches agree.
    public static func agreement(_ a: TextFingerprint, _ b: TextFingerprint) -> Int {
        guard a.hasSketch, b.hasSketch else { return 0 }
        return (0..<bandCount).reduce(0) { $0 + (a.bandKey($1) == b.bandKey($1) ? 1 : 0) }
    }

    public var hasSketch: Bool { bands.contains { $0 != 0 } }

    /// The fingerprint of `body` analyzed by `analyzer` (outside the
    /// indexing pass, which has the hashes already).
    public init(body: String, analyzer: Analyzer) {
        self.init(words: analyzer.wordHashes(body))
    }

    /// The fingerprint of a body given as its words' hashes, in order.
    public init(words: [UInt64]) {
        bands = [0, 0, 0, 0]
        guard words.count >= TextFingerprint.minimumWords else {
            exact = 0
            return
        }
        guard words.count >= TextFingerprint.minimumNearWords else {
            exact = TextFingerprint.sequenceHash(words)
            return
        }
        // The sequence hash and the shingles in one pass: the sequence
        // hash is a chain of dependent multiplications, which the
        // shingles' independent work fills in beside it (two passes were
        // 2.3 % of indexing).
        var sequence = TextFingerprint.sequenceSeed
        var minima = [UInt64](repeating: .max, count: TextFingerprint.bins)
        words.withUnsafeBufferPointer { words in
            minima.withUnsafeMutableBufferPointer { minima in
                for index in 0..<(words.count - 2) {
                    sequence = TextFingerprint.sequenceStep(sequence, words[index])
                    let shingle = TextFingerprint.shingle(words[index], words[index + 1], words[index + 2])
                    let bin = Int(shingle >> 59)
                    minima[bin] = min(minima[bin], shingle & 0x07FF_FFFF_FFFF_FFFF)
                }
                sequence = TextFingerprint.sequenceStep(sequence, words[words.count - 2])
                sequence = TextFingerprint.sequenceStep(sequence, words[words.count - 1])
            }
        }
        exact = TextFingerprint.finishSequence(sequence)
        // An empty bin says nothing about similarity: give it a value of
        // this text's own, which no other text shares.
        for bin in 0..<TextFingerprint.bins where minima[bin] == .max {
            minima[bin] = TextFingerprint.mix(exact ^ UInt64(bin)) | 0x0800_0000_0000_0000
        }
        for band in 0..<TextFingerprint.bandCount {
            var key: UInt64 = UInt64(band)
            for row in 0..<TextFingerprint.rowsPerBand {
                key = TextFingerprint.mix(key ^ minima[band * TextFingerprint.rowsPerBand + row])
            }
            let key32 = UInt64(UInt32(truncatingIfNeeded: key) | 1)
            bands[band / 2] |= key32 << UInt64(32 * (band % 2))
        }
    }

    /// The shingle of the three words starting at `index`.
    public static func shingle(_ words: [UInt64], at index: Int) -> UInt64 {
        shingle(words[index], words[index + 1], words[index + 2])
    }

    /// The shingle of three consecutive words' hashes.
    @inline(__always)
    static func shingle(_ first: UInt64, _ second: UInt64, _ third: UInt64) -> UInt64 {
        // One finalizer over an order-sensitive combination: the words'
        // hashes are already well spread (three finalizers cost a
        // third of the fingerprint's time).
        mix(first &* 0x9E37_79B9_7F4A_7C15 ^ (second &* 0xC2B2_AE3D_27D4_EB4F) ^ third)
    }

    /// The exact fingerprint of a word sequence (FNV-style, then mixed;
    /// never 0, which means "too short").
    static func sequenceHash(_ words: [UInt64]) -> UInt64 {
        finishSequence(words.reduce(sequenceSeed, sequenceStep))
    }

    static let sequenceSeed: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always)
    static func sequenceStep(_ sequence: UInt64, _ word: UInt64) -> UInt64 {
        (sequence ^ word) &* 0x0000_0100_0000_01B3
    }

    @inline(__always)
    static func finishSequence(_ sequence: UInt64) -> UInt64 {
        let mixed = mix(sequence)
        return mixed == 0 ? 1 : mixed
    }

    /// SplitMix64's finalizer: every input bit moves every output bit.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
