/// What the ingester keeps of one input: the text a reader came for and the
/// facts needed to find and cite it.
public struct Article: Sendable, Hashable {
    /// Stable identifier shown in results: the record's own `id` for JSONL
    /// corpora (so published relevance judgments can be scored), otherwise a
    /// hash of the source (see `ArticleID`).
    public var id: String
    /// The file path or URL the article came from; the key for reindexing.
    public var source: String
    /// The headline, or nil when the input has none that can be told apart.
    public var title: String?
    public var date: PublicationDate?
    /// The article text in NFC, paragraphs separated by "\n", as UTF-8
    /// (well formed: the public initializers check or repair it).
    ///
    /// Kept as bytes because indexing only ever reads the body's bytes
    /// (tokenizing, hashing, storing), and making a Swift string of a
    /// corpus line's body validated its UTF-8 one scalar at a time: 7 % of
    /// `tracuu index`'s time, against well under 1 % for `UTF8Validation`.
    public private(set) var bodyUTF8: [UInt8]

    /// The article text as a string, made on each use.
    public var body: String {
        get { String(decoding: bodyUTF8, as: UTF8.self) }
        set { bodyUTF8 = Array(newValue.utf8) }
    }

    public init(id: String, source: String, title: String?, date: PublicationDate?, body: String) {
        self.init(id: id, source: source, title: title, date: date, wellFormedBody: Array(body.utf8))
    }

    /// An article whose body is UTF-8 bytes, repaired (malformed
    /// sequences become U+FFFD) when they are not well formed.
    public init(id: String, source: String, title: String?, date: PublicationDate?, bodyUTF8: [UInt8]) {
        self.init(id: id, source: source, title: title, date: date, wellFormedBody: UTF8Validation.repaired(bodyUTF8))
    }

    /// An article whose body the caller has already checked (the JSONL
    /// scanner does, and NFC keeps it well formed): checking again would
    /// read every body twice.
    package init(id: String, source: String, title: String?, date: PublicationDate?, wellFormedBody: [UInt8]) {
        self.id = id
        self.source = source
        self.title = title
        self.date = date
        self.bodyUTF8 = wellFormedBody
    }
}

/// Identifiers for articles that do not bring their own.
public enum ArticleID {
    /// A 16-hex-digit FNV-1a hash of the source: stable across reindexing and
    /// machines as long as the source string is the same.
    public static func forSource(_ source: String) -> String {
        let hash = FNV1a.hash64(source.utf8)
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// The 64-bit FNV-1a hash: tiny, deterministic across runs and platforms
/// (unlike Swift's seeded `Hasher`), good enough for content fingerprints.
public enum FNV1a {
    public static func hash64<S: Sequence>(_ bytes: S, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64
    where S.Element == UInt8 {
        var hash = seed
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// A fast 64-bit hash of bytes, stable across runs and machines (it is
/// stored: the index keeps each article's content hash). Eight bytes are
/// mixed per step, where FNV-1a takes a multiplication per byte.
public enum StableHash {
    public static func hash64(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> UInt64 {
        var h = seed ^ (UInt64(bytes.count) &* 0xC2B2_AE3D_27D4_EB4F)
        var index = 0
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            h = (h ^ (word &* 0xBF58_476D_1CE4_E5B9)).rotatedLeft(27) &* 0x94D0_49BB_1331_11EB
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            tail |= UInt64(bytes[index]) << shift
            shift += 8
            index += 1
        }
        h = (h ^ (tail &* 0xBF58_476D_1CE4_E5B9)).rotatedLeft(31) &* 0x94D0_49BB_1331_11EB
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        return h
    }

    public static func hash64(_ text: String, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> UInt64 {
        var copy = text
        return copy.withUTF8 { hash64(UnsafeRawBufferPointer($0), seed: seed) }
    }
}

extension UInt64 {
    fileprivate func rotatedLeft(_ count: UInt64) -> UInt64 { (self << count) | (self >> (64 - count)) }
}
