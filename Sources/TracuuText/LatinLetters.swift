/// ICU's answers for each letter of the blocks Vietnamese is written in,
/// asked once per process, so that a word of such letters is case-folded
/// and unmarked without calling ICU.
///
/// Why: every distinct word an analyzer meets goes through NFKC_Casefold
/// (its index term) and through NFD, mark removal and NFC (its fold key).
/// Each ICU call costs a round trip through UTF-16 and a few thousand
/// instructions, and a search process meets its words cold: the aliases
/// list and the snippets of ten articles made about 15 % of its
/// instructions, and new words about 5 % of indexing.
///
/// Why the answers compose: the blocks covered (U+00A0–U+024F and
/// U+1E00–U+1EFF) hold starters only, and no letter in them takes part in
/// a composition as its second element, so NFC never joins two of them.
/// The result of a word is then its letters' results in a row, provided
/// each is a single letter of the blocks (or ASCII) that is stable itself.
/// Letters whose answer is anything else (ß → "ss", ĳ → "ij", a removed
/// soft hyphen) have no entry here, and a word holding one goes to ICU
/// whole; so does any word with a combining mark or a code point outside
/// the blocks. `LatinLettersTests` checks every entry against ICU.
struct LatinLetters: Sendable {
    static let shared = LatinLetters()

    static let ranges: [ClosedRange<UInt32>] = [0x00A0...0x024F, 0x1E00...0x1EFF]

    /// Per slot: the letter NFKC_Casefold makes of it, 0 when none.
    private var caseFolded: [UInt32] = []
    /// Per slot: the letter left after NFD and the removal of combining
    /// marks, 0 when not a single letter of the blocks or ASCII.
    private var unmarked: [UInt32] = []

    private init() {
        // One ICU call per form, over every code point at once, one per
        // line: a newline composes with nothing and stays as it is. Worked
        // on as UTF-8 bytes, not scalars and strings: a search process
        // builds this table before its first word.
        var input: [UInt8] = []
        for range in LatinLetters.ranges {
            for value in range {
                UTF8.encode(Unicode.Scalar(value)!) { input.append($0) }
                input.append(0x0A)
            }
        }
        let count = LatinLetters.ranges.reduce(0) { $0 + $1.count }
        caseFolded.reserveCapacity(count)
        unmarked.reserveCapacity(count)
        input.withUnsafeBytes { bytes in
            LatinLetters.forEachLine(Normalizer.normalize(bytes: bytes, .nfkcCasefold), skippingMarks: false) {
                caseFolded.append(LatinLetters.entry($0))
            }
            LatinLetters.forEachLine(Normalizer.normalize(bytes: bytes, .nfd), skippingMarks: true) {
                unmarked.append(LatinLetters.entry($0))
            }
        }
        precondition(caseFolded.count == count && unmarked.count == count, "one answer per code point")
        // A case-folded letter must fold to itself: otherwise folding a
        // word twice could differ from folding it once.
        for slot in caseFolded.indices where caseFolded[slot] >= 0x80 {
            if caseFolded[LatinLetters.slot(caseFolded[slot])!] != caseFolded[slot] { caseFolded[slot] = 0 }
        }
    }

    /// Calls `body` for each line of ICU's output (the answers for the
    /// code points put between the newlines) with its one code point, or
    /// nil when it holds none or several (combining marks not counted with
    /// `skippingMarks`).
    private static func forEachLine(_ text: String, skippingMarks: Bool, _ body: (UInt32?) -> Void) {
        var value: UInt32 = 0
        var count = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                body(count == 1 ? value : nil)
                count = 0
            } else if !(skippingMarks && Folding.isCombiningMark(scalar)) {
                value = scalar.value
                count += 1
            }
        }
    }

    /// A one-letter answer's entry: the letter when it is an ASCII letter or
    /// digit or in the blocks, 0 for anything else.
    private static func entry(_ answer: UInt32?) -> UInt32 {
        guard let value = answer else { return 0 }
        if value < 0x80 { return isASCIIAlphanumeric(UInt8(value)) ? value : 0 }
        return slot(value) != nil ? value : 0
    }

    @inline(__always)
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    @inline(__always)
    static func slot(_ value: UInt32) -> Int? {
        if value >= 0x00A0 && value <= 0x024F { return Int(value - 0x00A0) }
        if value >= 0x1E00 && value <= 0x1EFF { return 0x024F - 0x00A0 + 1 + Int(value - 0x1E00) }
        return nil
    }

    /// NFKC_Casefold of a word of ASCII letters and digits and letters of
    /// the blocks, as UTF-8; nil when it holds anything else.
    func caseFolded(utf8 word: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        map(word, caseFolded) { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }

    /// The word's letters without marks (NFD, combining marks removed,
    /// NFC), as UTF-8; nil when it holds anything but ASCII letters and
    /// digits and letters of the blocks.
    func unmarked(utf8 word: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        map(word, unmarked) { $0 }
    }

    /// The slot of the code point whose UTF-8 starts at `index` of `word`
    /// (not ASCII), `index` moved past it; nil when it is outside the
    /// blocks or malformed. Two- and three-byte sequences only: the blocks
    /// end at U+1EFF.
    @inline(__always)
    private static func slot(in word: UnsafeBufferPointer<UInt8>, at index: inout Int) -> Int? {
        let byte = word[index]
        let value: UInt32
        if byte & 0xE0 == 0xC0, index + 1 < word.count, word[index + 1] & 0xC0 == 0x80 {
            value = UInt32(byte & 0x1F) << 6 | UInt32(word[index + 1] & 0x3F)
            index += 2
        } else if byte & 0xF0 == 0xE0, index + 2 < word.count, word[index + 1] & 0xC0 == 0x80,
            word[index + 2] & 0xC0 == 0x80
        {
            value = UInt32(byte & 0x0F) << 12 | UInt32(word[index + 1] & 0x3F) << 6 | UInt32(word[index + 2] & 0x3F)
            index += 3
        } else {
            return nil
        }
        return slot(value)
    }

    /// See `Folding.plainFoldPrints`.
    func plainFoldPrints(utf8 word: UnsafeBufferPointer<UInt8>) -> (print: UInt64, yAsI: UInt64?)? {
        var print = FoldPrint.seed
        var beforeLast = print
        var last: UInt8 = 0
        var index = 0
        while index < word.count {
            let byte = word[index]
            var letter: UInt8
            if byte < 0x80 {
                letter = byte | 0x20
                index += 1
            } else {
                guard let slot = LatinLetters.slot(in: word, at: &index) else { return nil }
                switch unmarked[slot] {
                case 0x61...0x7A, 0x41...0x5A: letter = UInt8(unmarked[slot]) | 0x20
                case 0x110, 0x111, 0xD0, 0xF0: letter = UInt8(ascii: "d")
                default: return nil
                }
            }
            guard letter >= 0x61 && letter <= 0x7A else { return nil }
            beforeLast = print
            print = FoldPrint.adding(letter, to: print)
            last = letter
        }
        guard index > 0 else { return nil }
        return (print, last == UInt8(ascii: "y") ? FoldPrint.adding(UInt8(ascii: "i"), to: beforeLast) : nil)
    }

    /// `word` with each code point replaced through `table` (ASCII letters
    /// and digits through `ascii`); nil at the first one without an entry.
    private func map(
        _ word: UnsafeBufferPointer<UInt8>, _ table: [UInt32], ascii: (UInt8) -> UInt8
    ) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(word.count)
        var index = 0
        while index < word.count {
            let byte = word[index]
            if byte < 0x80 {
                guard LatinLetters.isASCIIAlphanumeric(byte) else { return nil }
                out.append(ascii(byte))
                index += 1
                continue
            }
            guard let slot = LatinLetters.slot(in: word, at: &index) else { return nil }
            let mapped = table[slot]
            guard mapped != 0 else { return nil }
            UTF8.encode(Unicode.Scalar(mapped).unsafelyUnwrapped) { out.append($0) }
        }
        return out
    }
}
