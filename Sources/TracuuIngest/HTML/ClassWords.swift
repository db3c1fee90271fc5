/// A list of ASCII words looked for inside an element's lower-cased class
/// and id ("article-detail share-count" contains "share" and "article").
///
/// Every element of every page is tested against several such lists, so
/// matching is a plain byte search on the UTF-8 bytes: Foundation's
/// `String.contains` went through NSString and took a third of extraction
/// time.
struct ClassWords: Sendable {
    private let needles: [[UInt8]]

    init(_ words: [String]) {
        needles = words.map { Array($0.lowercased().utf8) }
    }

    /// True when any word occurs in `text` (already lower-cased).
    func matches(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        var text = text
        return text.withUTF8 { haystack in
            for needle in needles where needle.count <= haystack.count {
                let first = needle[0]
                var start = 0
                let last = haystack.count - needle.count
                search: while start <= last {
                    if haystack[start] == first {
                        for offset in 1..<needle.count where haystack[start + offset] != needle[offset] {
                            start += 1
                            continue search
                        }
                        return true
                    }
                    start += 1
                }
            }
            return false
        }
    }
}
