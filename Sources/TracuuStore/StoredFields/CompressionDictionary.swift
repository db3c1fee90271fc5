import FoundationEssentials
import TracuuCore

/// A zstd dictionary for stored fields, digested for compression: what many
/// small per-article frames share (bylines, "Thủ tướng", "hợp tác"), so each
/// compresses nearly as well as inside a large block.
public final class CompressionDictionary: @unchecked Sendable {
    public let bytes: [UInt8]
    let checksum: UInt32
    let compressor: ZstdDictionary.Compressor

    init(bytes: [UInt8]) {
        self.bytes = bytes
        checksum = CRC32C.checksum(bytes)
        compressor = ZstdDictionary.Compressor(dictionary: bytes)
    }

    /// A dictionary trained (zstd's fastCover, k = 200, d = 8, at most 64 KiB)
    /// on `samples`, whole serialized documents; nil when they are too few
    /// or too small to learn from.
    static func train(_ samples: [[UInt8]]) -> CompressionDictionary? {
        guard samples.reduce(0, { $0 + $1.count }) >= StoredFieldsWriter.sampleMinimum,
            let bytes = ZstdDictionary.train(samples, capacity: StoredFieldsWriter.dictionaryCapacity)
        else { return nil }
        return CompressionDictionary(bytes: bytes)
    }
}

/// The dictionary the segments of one writer share: trained once, on the
/// first segment's first articles, and used by every segment after it (on
/// every indexing thread). An index opened to add to starts with the
/// dictionary of its newest segment, so a run that adds a few articles
/// compresses them as well as a large one.
///
/// Why share: training costs about a tenth of a second a segment, which
/// was a tenth of zstd's share of indexing; and segments with the same
/// dictionary merge by copying their frames as they are (`SegmentMerger`),
/// without decompressing and compressing every article again.
final class SharedDictionary: @unchecked Sendable {
    private let lock = Lock()
    private var dictionary: CompressionDictionary?
    /// Whether a thread has claimed the training (`claimTraining`).
    private var training = false

    init(seed: CompressionDictionary? = nil) { dictionary = seed }

    /// The dictionary, once one is known.
    var current: CompressionDictionary? {
        lock.lock()
        defer { lock.unlock() }
        return dictionary
    }

    /// Drops the dictionary so the next segment trains its own (tests of
    /// files with several dictionaries).
    func forgetForTesting() {
        lock.lock()
        dictionary = nil
        lock.unlock()
    }

    /// Whether the caller should train the dictionary: yes for the first
    /// thread to ask, no while it trains or once a dictionary is known.
    ///
    /// Why: the indexing threads share the articles evenly, so they reach
    /// the sample size together, and each trained a dictionary of its own
    /// (a tenth of a second of a core) only to drop all but the first.
    /// The others now hold their articles a little longer, until the
    /// dictionary is published.
    func claimTraining() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard dictionary == nil, !training else { return false }
        training = true
        return true
    }

    /// Gives up a claim that trained nothing (too few samples), so another
    /// thread may try.
    func releaseClaim() {
        lock.lock()
        training = false
        lock.unlock()
    }

    /// Offers a freshly trained dictionary; returns the one to use: the
    /// first one offered (another thread may have trained one meanwhile).
    func publish(_ candidate: CompressionDictionary) -> CompressionDictionary {
        lock.lock()
        defer { lock.unlock() }
        training = false
        if let dictionary { return dictionary }
        dictionary = candidate
        return candidate
    }
}
