/// Finds the `href` values of a page's `<a>`, `<area>` and `<base>` tags in
/// its bytes: a scan of the markup, not a parse, so it never stops at the
/// markup errors libxml2 would recover from.
///
/// It reads what these patterns (case-insensitive) match, scanning as a
/// regular-expression search would, first match first:
///
///     <(?:a|area)\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))
///     <base\s[^>]*href\s*=\s*["']?([^"' >]+)        (the first only)
///
/// with `\s` the ASCII white space of HTML (tab, line feed, form feed,
/// carriage return, space). Why not a regular expression: on a 250 KB
/// vnexpress page, Swift's `Regex` took 40 ms, Foundation's
/// `NSRegularExpression` (outside FoundationEssentials) about 8, this scan
/// 1.3 ms; resuming a crawl reads the links of every page in its archive.
struct LinkScanner {
    let bytes: [UInt8]

    /// The values of every `<a href>` and `<area href>`, in order, as written.
    func hrefs() -> [String] {
        var found: [String] = []
        var index = 0
        while let open = next(UInt8(ascii: "<"), from: index) {
            index = open + 1
            guard let space = tagName(after: open, ["a", "area"]) else { continue }
            // The first `href` before the tag's first `>` whose value parses.
            var position = space + 1
            while position < bytes.count, bytes[position] != UInt8(ascii: ">") {
                if let (value, end) = hrefValue(at: position) {
                    found.append(value)
                    index = end
                    break
                }
                position += 1
            }
        }
        return found
    }

    /// The value of the first `<base href>`, nil when there is none.
    func baseHref() -> String? {
        var index = 0
        while let open = next(UInt8(ascii: "<"), from: index) {
            index = open + 1
            guard let space = tagName(after: open, ["base"]) else { continue }
            var close = space + 1
            while close < bytes.count, bytes[close] != UInt8(ascii: ">") { close += 1 }
            // The last `href` first, as the greedy `[^>]*` tries them.
            var position = close - 4
            while position > space {
                if let value = baseValue(at: position) { return value }
                position -= 1
            }
        }
        return nil
    }

    /// Where the white space after `<name` lies, for the first of `names`
    /// that the bytes after `open` spell (any case).
    private func tagName(after open: Int, _ names: [String]) -> Int? {
        for name in names {
            let end = open + 1 + name.utf8.count
            guard end < bytes.count, spells(name, at: open + 1), isSpace(bytes[end]) else { continue }
            return end
        }
        return nil
    }

    /// `href\s*=\s*` and a double-quoted, single-quoted or bare value at
    /// `position`: the value and where the match ends.
    private func hrefValue(at position: Int) -> (String, Int)? {
        guard let equals = pastEquals(position) else { return nil }
        let start = skippingSpace(from: equals)
        guard start < bytes.count else { return nil }
        for quote in [UInt8(ascii: "\""), UInt8(ascii: "'")] where bytes[start] == quote {
            if let close = next(quote, from: start + 1) { return (text(start + 1..<close), close + 1) }
        }
        var end = start
        while end < bytes.count, !isSpace(bytes[end]), bytes[end] != UInt8(ascii: ">") { end += 1 }
        return end > start ? (text(start..<end), end) : nil
    }

    /// `href\s*=\s*["']?` and one or more bytes other than quotes, space
    /// and `>` at `position`: those bytes.
    private func baseValue(at position: Int) -> String? {
        guard let equals = pastEquals(position) else { return nil }
        func allowed(_ byte: UInt8) -> Bool { !"\"' >".utf8.contains(byte) }
        // The white space after "=" is given back, one byte at a time, when
        // what follows it does not fit, as a regular expression backtracks:
        // only the space is refused in the value, so a tab or line break
        // may open it.
        var start = skippingSpace(from: equals)
        while true {
            var first = start
            if first < bytes.count, bytes[first] == UInt8(ascii: "\"") || bytes[first] == UInt8(ascii: "'") { first += 1 }
            var end = first
            while end < bytes.count, allowed(bytes[end]) { end += 1 }
            if end > first { return text(first..<end) }
            guard start > equals else { return nil }
            start -= 1
        }
    }

    /// Just past the "=" of `href\s*=` at `position`, nil when that is not there.
    private func pastEquals(_ position: Int) -> Int? {
        guard position + 4 <= bytes.count, spells("href", at: position) else { return nil }
        let index = skippingSpace(from: position + 4)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return nil }
        return index + 1
    }

    private func skippingSpace(from start: Int) -> Int {
        var index = start
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }

    /// Whether the bytes at `position` spell the lowercase ASCII `word`, in any case.
    private func spells(_ word: String, at position: Int) -> Bool {
        var index = position
        for letter in word.utf8 {
            guard index < bytes.count, bytes[index] | 0x20 == letter else { return false }
            index += 1
        }
        return true
    }

    private func next(_ byte: UInt8, from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        return bytes[start...].firstIndex(of: byte)
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    private func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
}
