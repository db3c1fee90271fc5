import TracuuCore

/// Splits text into word tokens with positions, working on UTF-8 bytes.
///
/// A token is a run of letters, combining marks and digits. Vietnamese writes
/// one syllable per space-separated word, so every syllable is a token; compound
/// words are recovered at query time from adjacency (see `QueryTerm`), with no
/// segmentation dictionary.
///
/// Inside a run, some punctuation joins rather than separates:
/// - a decimal comma and a thousands dot keep a number whole ("0,2",
///   "1.221");
/// - `/`, `-`, `.`, `&`, `_`, `@` between alphanumerics split the text into
///   parts that are marked `joined`, so that "04/QĐ-UBND", "22-NQ/TW",
///   "23/6/2017", "14.06.2018", "vnexpress.net" or "so@langson.gov.vn" become
///   consecutive positions that a query typed the same way matches as a
///   phrase (and any part alone still finds them).
///
/// Sentence ends and line breaks advance the position by an extra step, so a
/// phrase or proximity match never straddles two sentences.
///
/// Default-ignorable code points (soft hyphen, zero-width joiners, BOM) do not
/// break a word; the term normalizer removes them.
public struct Tokenizer: Sendable {
    /// Tokens longer than this many bytes are dropped: they are base64 blobs,
    /// long URLs' tails or runs of separators, never words anyone searches for.
    public static let maxTokenBytes = 96

    public init() {}

    /// One token: a byte range of the input and its position.
    public struct Token: Sendable, Equatable {
        /// UTF-8 byte offsets into the text.
        public var start: Int
        public var end: Int
        /// Word position; consecutive words differ by 1, sentence breaks by more.
        public var position: UInt32
        /// True when this token was glued to the previous one by `/`, `-`, `.`...
        /// (a part of a compound like "04/QĐ-UBND").
        public var joined: Bool
    }

    /// Calls `body` for each token of `text`, starting at `firstPosition`.
    /// Returns the position after the last token (with a sentence gap), so
    /// fields can be tokenized one after another without phrase overlap.
    @discardableResult
    public func tokenize(
        _ text: UnsafeBufferPointer<UInt8>, firstPosition: UInt32 = 0, _ body: (Token) -> Void
    ) -> UInt32 {
        var position = firstPosition
        var i = 0
        let n = text.count
        var pendingGap: UInt32 = 0
        var previousEnd = -1
        var tokenStart = -1
        var lastWordEnd = -1

        @inline(__always) func emit(_ start: Int, _ end: Int, joined: Bool) {
            guard end - start <= Tokenizer.maxTokenBytes else { return }
            if previousEnd >= 0 { position += 1 + (joined ? 0 : pendingGap) }
            pendingGap = 0
            body(Token(start: start, end: end, position: position, joined: joined))
            previousEnd = end
        }

        var joinedNext = false
        guard let bytes = text.baseAddress, n > 0 else { return firstPosition }
        // The loop stays inside this closure: moved out into a function of
        // its own, the tokenizer ran 9 % more instructions (callgrind).
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: WordBytes.markWords(count: n)) { marks in
            let wordBytes = UnsafePointer(marks.baseAddress!)
            WordBytes.mark(text, into: marks.baseAddress!)
            while i < n {
                // Fast path: a run of word characters recognised from their
                // bytes alone, found from the marks.
                let runEnd = Tokenizer.fastWordRunEnd(bytes, from: i, count: n, wordBytes: wordBytes)
                if runEnd > i {
                    if tokenStart < 0 { tokenStart = i }
                    i = runEnd
                    lastWordEnd = i
                    if i == n { break }
                }
                let byte = bytes[i]
                if byte == 0x20 || byte == 0x09 {
                    // Fast path: the spaces between words.
                    if tokenStart >= 0 {
                        emit(tokenStart, lastWordEnd, joined: joinedNext)
                        tokenStart = -1
                    }
                    joinedNext = false
                    i += 1
                    continue
                }
                let (scalar, length) = byte < 0x80 ? (Unicode.Scalar(byte), 1) : Tokenizer.decode(text, at: i)
                let kind = Tokenizer.classify(scalar)
                if kind == .word || (kind == .ignorable && tokenStart >= 0) {
                    if tokenStart < 0 { tokenStart = i }
                    i += length
                    lastWordEnd = i
                    continue
                }
                // A separator. Decide whether it continues or joins the current token.
                if tokenStart >= 0, kind == .connector, i + length < n {
                    let (next, _) = Tokenizer.decode(text, at: i + length)
                    let nextIsWord = Tokenizer.classify(next) == .word
                    if nextIsWord {
                        let prevIsDigit = Tokenizer.isDigit(text[lastWordEnd - 1])
                        let nextIsDigit = next.value < 0x80 && Tokenizer.isDigit(UInt8(next.value))
                        if prevIsDigit && nextIsDigit
                            && (byte == UInt8(ascii: ",") || (byte == UInt8(ascii: ".") && Tokenizer.thousandsGroup(text, at: i + 1)))
                        {
                            // A decimal comma ("0,2") or a thousands dot ("1.221"):
                            // stay inside the number. Other dots between digits
                            // ("14.06.2018", "2.0") join parts, like "/" does.
                            i += length
                            continue
                        }
                        if byte != UInt8(ascii: ",") {
                            emit(tokenStart, lastWordEnd, joined: joinedNext)
                            tokenStart = -1
                            joinedNext = true
                            i += length
                            continue
                        }
                    }
                }
                if tokenStart >= 0 {
                    emit(tokenStart, lastWordEnd, joined: joinedNext)
                    tokenStart = -1
                }
                joinedNext = false
                if kind == .sentenceEnd || kind == .lineBreak || scalar == "." { pendingGap = 1 }
                i += length
            }
            if tokenStart >= 0 { emit(tokenStart, lastWordEnd, joined: joinedNext) }
            return previousEnd >= 0 ? position + 2 : firstPosition
        }
    }

    /// Where the run of word characters recognised from their bytes alone
    /// starting at `start` ends (`start` itself when there is none), for
    /// well-formed UTF-8; other bytes are read safely, stray continuation
    /// bytes inside words. `wordBytes` marks those bytes, a bit each
    /// (`WordBytes` says which and why: ASCII letters and digits and the
    /// UTF-8 forms of Vietnamese letters and combining marks), and a run's
    /// end is a count of trailing bits. The text's last byte is never
    /// marked, so a run ending there backs up to its character's start and
    /// leaves it to the careful path.
    @inline(__always)
    static func fastWordRunEnd(
        _ text: UnsafePointer<UInt8>, from start: Int, count n: Int, wordBytes: UnsafePointer<UInt64>
    ) -> Int {
        var word = start &>> 6
        var unmarked = ~wordBytes[word] & (~0 &<< UInt64(start & 63))
        while unmarked == 0 {
            word &+= 1
            unmarked = ~wordBytes[word]
        }
        var i = word &<< 6 &+ unmarked.trailingZeroBitCount
        if i == n &- 1 {
            while i > start && text[i] & 0xC0 == 0x80 { i &-= 1 }
        }
        return i
    }

    /// The marks `fastWordRunEnd` reads, for `bytes`: by the vector pass,
    /// or with `scalar` by the byte-at-a-time reference (for tests).
    static func wordByteMarks(_ bytes: [UInt8], scalar: Bool = false) -> [UInt64] {
        var marks = [UInt64](repeating: .max, count: WordBytes.markWords(count: bytes.count))
        bytes.withUnsafeBufferPointer { text in
            marks.withUnsafeMutableBufferPointer { marks in
                guard let out = marks.baseAddress else { return }
                if scalar { WordBytes.markScalar(text, into: out) } else { WordBytes.mark(text, into: out) }
            }
        }
        return marks
    }

    /// Convenience for tests and queries: the tokens of a Swift string with their text.
    public func tokens(_ text: String) -> [(text: String, token: Token)] {
        var copy = text
        return copy.withUTF8 { buffer in
            var result: [(String, Token)] = []
            tokenize(buffer) { token in
                result.append((String(decoding: UnsafeBufferPointer(rebasing: buffer[token.start..<token.end]), as: UTF8.self), token))
            }
            return result
        }
    }

    enum Kind { case word, ignorable, connector, sentenceEnd, lineBreak, separator }

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Whether exactly three digits start at `i` (a thousands group).
    static func thousandsGroup(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard i + 3 <= text.count, isDigit(text[i]), isDigit(text[i + 1]), isDigit(text[i + 2]) else { return false }
        return i + 3 == text.count || !isDigit(text[i + 3])
    }

    /// Decodes one scalar; malformed bytes read as U+FFFD of length 1.
    @inline(__always)
    static func decode(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = text[i]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let n = text.count
        if b0 & 0xE0 == 0xC0, i + 1 < n {
            let value = (UInt32(b0 & 0x1F) << 6) | UInt32(text[i + 1] & 0x3F)
            if let scalar = Unicode.Scalar(value) { return (scalar, 2) }
        } else if b0 & 0xF0 == 0xE0, i + 2 < n {
            let value = (UInt32(b0 & 0x0F) << 12) | (UInt32(text[i + 1] & 0x3F) << 6) | UInt32(text[i + 2] & 0x3F)
            if let scalar = Unicode.Scalar(value) { return (scalar, 3) }
        } else if b0 & 0xF8 == 0xF0, i + 3 < n {
            let value =
                (UInt32(b0 & 0x07) << 18) | (UInt32(text[i + 1] & 0x3F) << 12) | (UInt32(text[i + 2] & 0x3F) << 6)
                | UInt32(text[i + 3] & 0x3F)
            if let scalar = Unicode.Scalar(value) { return (scalar, 4) }
        }
        return ("\u{FFFD}", 1)
    }

    @inline(__always)
    static func classify(_ scalar: Unicode.Scalar) -> Kind {
        let v = scalar.value
        if v < 0x80 {
            let b = UInt8(v)
            if (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) { return .word }
            switch b {
            case UInt8(ascii: "."):
                return .connector  // also a sentence end; see below
            case UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: ","), UInt8(ascii: "&"), UInt8(ascii: "_"),
                UInt8(ascii: "@"):
                return .connector
            case UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: ";"), UInt8(ascii: ":"): return .sentenceEnd
            case 0x0A, 0x0D: return .lineBreak
            default: return .separator
            }
        }
        // Vietnamese letters and the combining marks of NFD text: the hot path.
        if (v >= 0xC0 && v <= 0x24F && v != 0xD7 && v != 0xF7) || (v >= 0x1E00 && v <= 0x1EFF)
            || (v >= 0x300 && v <= 0x36F)
        {
            return .word
        }
        switch v {
        case 0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF: return .ignorable
        case 0x2026, 0x3002, 0xFF01, 0xFF1F, 0xFF0E: return .sentenceEnd  // … 。！？．
        case 0x2028, 0x2029, 0x85: return .lineBreak
        // Latin-1 punctuation and General Punctuation (quotes, dashes): the
        // common non-letters of news text, answered without a property lookup.
        case 0x80...0xBF, 0xD7, 0xF7, 0x2000...0x206F: return .separator
        default: break
        }
        let properties = scalar.properties
        if properties.isAlphabetic { return .word }
        switch properties.generalCategory {
        case .decimalNumber, .nonspacingMark, .spacingMark, .enclosingMark: return .word
        case .format: return .ignorable
        default: return .separator
        }
    }
}
