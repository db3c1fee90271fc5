/// A list of ASCII words looked for inside a lower-cased text, such as an
/// element's class and id ("article-detail share-count" contains "share").
/// One list of `ClassWordLists`, which does the matching.
struct ClassWords: Sendable {
    private let lists: ClassWordLists

    init(_ words: [String]) {
        lists = ClassWordLists([words])
    }

    /// True when any word occurs in `text` (already lower-cased).
    func matches(_ text: String) -> Bool { lists.matches(text) != 0 }
}

/// Several word lists matched in one pass: which of them occur in a text,
/// as a bit set (bit i for list i). Every element's class and id is tested
/// against all the lists the extractor keeps.
struct ClassWordLists: Sendable {
    private let needles: [(bytes: [UInt8], lists: UInt32)]
    private let byFirstByte: [[Int]]
    /// Which (first byte, second byte) pairs start some needle, as 256 bits
    /// per first byte: most positions of a class name are ruled out by one
    /// bit test.
    private let pairs: [UInt64]

    init(_ lists: [[String]]) {
        var merged: [[UInt8]: UInt32] = [:]
        for (index, list) in lists.enumerated() {
            for word in list where !word.isEmpty { merged[Array(word.lowercased().utf8), default: 0] |= 1 << UInt32(index) }
        }
        needles = merged.map { ($0.key, $0.value) }
        var table = [[Int]](repeating: [], count: 256)
        var pairs = [UInt64](repeating: 0, count: 256 * 4)
        for (index, needle) in needles.enumerated() {
            table[Int(needle.bytes[0])].append(index)
            let first = Int(needle.bytes[0])
            if needle.bytes.count >= 2 {
                let second = Int(needle.bytes[1])
                pairs[first * 4 + second >> 6] |= 1 << UInt64(second & 63)
            } else {
                for word in 0..<4 { pairs[first * 4 + word] = ~0 }
            }
        }
        byFirstByte = table
        self.pairs = pairs
    }

    func matches(_ text: String) -> UInt32 {
        guard !text.isEmpty else { return 0 }
        var text = text
        return text.withUTF8 { matches(bytes: $0) }
    }

    func matches(bytes haystack: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var found: UInt32 = 0
        let count = haystack.count
        for start in 0..<count {
            let first = Int(haystack[start])
            if start + 1 < count {
                let second = Int(haystack[start + 1])
                guard pairs[first * 4 + second >> 6] & (1 << UInt64(second & 63)) != 0 else { continue }
            }
            for index in byFirstByte[first] {
                let (needle, lists) = needles[index]
                guard lists & ~found != 0, start + needle.count <= count else { continue }
                var offset = 1
                while offset < needle.count && haystack[start + offset] == needle[offset] { offset += 1 }
                if offset == needle.count { found |= lists }
            }
        }
        return found
    }
}

/// Substring search over UTF-8 bytes, for the hot paths where Foundation's
/// `range(of:)` (NSString underneath) is too slow.
enum ByteSearch {
    /// Offset of the first occurrence of `needle` in `haystack`.
    static func firstIndex(of needle: [UInt8], in haystack: UnsafeBufferPointer<UInt8>, from: Int = 0) -> Int? {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var start = from
        let last = haystack.count - needle.count
        search: while start <= last {
            if haystack[start] == first {
                for offset in 1..<needle.count where haystack[start + offset] != needle[offset] {
                    start += 1
                    continue search
                }
                return start
            }
            start += 1
        }
        return nil
    }
}
