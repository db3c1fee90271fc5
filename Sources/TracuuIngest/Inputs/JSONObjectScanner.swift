import TracuuCore

/// Reads the top-level members of one JSON object (a JSONL line) straight
/// from its UTF-8 bytes: strings decoded, numbers kept as their text, nested
/// objects and arrays checked and skipped.
///
/// Why not Foundation's `JSONDecoder`: on a news corpus it spent an eighth
/// of `tracuu index`'s CPU building a value tree, a coding path and boxed
/// containers for six string fields, then validating every string's UTF-8 a
/// second time. A JSONL line is one flat object, so a scanner that copies
/// each string's bytes once (eight bytes at a time while they hold no quote,
/// backslash or control character) does the same job at a fraction of the
/// cost.
///
/// Strict where it matters (RFC 8259 syntax: a malformed line is an error
/// that names the byte where it went wrong) and lenient where a corpus is
/// better served: invalid UTF-8 inside a string becomes U+FFFD instead of
/// losing the article, and a lone surrogate escape does too.
struct JSONObjectScanner {
    /// A member's value, as far as a record needs it.
    enum Value: Equatable {
        case string(String)
        /// A string of a member named in `members(_:keepingBytesOf:)`, as
        /// its UTF-8 bytes (malformed sequences replaced by U+FFFD).
        case utf8([UInt8])
        /// The number as written ("7", "-1.5e3").
        case number(String)
        case bool(Bool)
        case null
        /// An object or an array (checked, not kept).
        case nested
    }

    /// A syntax error and the 0-based byte offset where it was found.
    struct SyntaxError: Error, Equatable {
        var offset: Int
        var reason: String
    }

    /// The members of the object in `bytes`, in order (a repeated key
    /// appears twice; callers keep the last).
    /// The string values of top-level members named in `keepingBytesOf`
    /// come as `.utf8` bytes, never made into a `String` (an article's
    /// body: see `Article.bodyUTF8`).
    static func members(
        _ bytes: UnsafeBufferPointer<UInt8>, keepingBytesOf byteKeys: [String] = []
    ) throws(SyntaxError) -> [(key: String, value: Value)] {
        var scanner = Cursor(bytes: bytes, byteKeys: byteKeys)
        return try scanner.object()
    }

    static func members(
        _ bytes: [UInt8], keepingBytesOf byteKeys: [String] = []
    ) throws(SyntaxError) -> [(key: String, value: Value)] {
        let result: Result<[(key: String, value: Value)], SyntaxError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(SyntaxError) { return .success(try members(buffer, keepingBytesOf: byteKeys)) } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        let byteKeys: [String]
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>, byteKeys: [String]) {
            self.bytes = bytes
            self.byteKeys = byteKeys
        }

        /// Nesting deeper than this is refused (a hostile line must not
        /// exhaust the stack).
        static let maxDepth = 512

        mutating func object() throws(SyntaxError) -> [(key: String, value: Value)] {
            skipSpace()
            if index + 3 <= bytes.count, bytes[index] == 0xEF, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF {
                index += 3  // a byte-order mark before the first record
                skipSpace()
            }
            try expect(UInt8(ascii: "{"), "expected '{' at the start of an object")
            var members: [(key: String, value: Value)] = []
            skipSpace()
            if peek() == UInt8(ascii: "}") {
                index += 1
            } else {
                while true {
                    skipSpace()
                    guard peek() == UInt8(ascii: "\"") else { throw fail("expected a member name in quotes") }
                    index += 1
                    let key = try string()
                    skipSpace()
                    try expect(UInt8(ascii: ":"), "expected ':' after a member name")
                    skipSpace()
                    let value: Value
                    if peek() == UInt8(ascii: "\""), byteKeys.contains(key) {
                        index += 1
                        value = .utf8(UTF8Validation.repaired(try stringBytes()))
                    } else {
                        value = try self.value(depth: 1)
                    }
                    members.append((key, value))
                    skipSpace()
                    if peek() == UInt8(ascii: ",") {
                        index += 1
                        continue
                    }
                    try expect(UInt8(ascii: "}"), "expected ',' or '}' after a member")
                    break
                }
            }
            skipSpace()
            guard index == bytes.count else { throw fail("unexpected text after the object") }
            return members
        }

        private mutating func value(depth: Int) throws(SyntaxError) -> Value {
            guard let byte = peek() else { throw fail("expected a value, found the end of the line") }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return .string(try string())
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                try skipNested(depth: depth)
                return .nested
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .number(try number())
            default:
                throw fail("expected a value")
            }
        }

        /// Checks and passes an object or array (the cursor is on its opening bracket).
        private mutating func skipNested(depth: Int) throws(SyntaxError) {
            guard depth < Cursor.maxDepth else { throw fail("nested more than \(Cursor.maxDepth) levels deep") }
            let isObject = bytes[index] == UInt8(ascii: "{")
            let close = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            index += 1
            skipSpace()
            if peek() == close {
                index += 1
                return
            }
            while true {
                skipSpace()
                if isObject {
                    guard peek() == UInt8(ascii: "\"") else { throw fail("expected a member name in quotes") }
                    index += 1
                    _ = try string()
                    skipSpace()
                    try expect(UInt8(ascii: ":"), "expected ':' after a member name")
                    skipSpace()
                }
                _ = try value(depth: depth + 1)
                skipSpace()
                if peek() == UInt8(ascii: ",") {
                    index += 1
                    continue
                }
                try expect(close, isObject ? "expected ',' or '}'" : "expected ',' or ']'")
                return
            }
        }

        /// A string's contents (the cursor is past its opening quote).
        private mutating func string() throws(SyntaxError) -> String {
            let start = index
            skipPlain()
            guard index < bytes.count else { throw fail("a string is not closed") }
            if bytes[index] == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            return String(decoding: try unescaped(from: start), as: UTF8.self)
        }

        /// A string's contents as bytes, not checked as UTF-8 (the cursor is
        /// past its opening quote).
        private mutating func stringBytes() throws(SyntaxError) -> [UInt8] {
            let start = index
            skipPlain()
            guard index < bytes.count else { throw fail("a string is not closed") }
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                return Array(UnsafeBufferPointer(rebasing: bytes[start..<index - 1]))
            }
            return try unescaped(from: start)
        }

        /// Moves past bytes that need no decoding: eight at a time while
        /// none is a quote, a backslash or a control character, then one at
        /// a time up to the first that is (or the end).
        @inline(__always)
        private mutating func skipPlain() {
            let count = bytes.count
            let base = bytes.baseAddress!
            while index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if Cursor.hasSpecialByte(word) { break }
                index += 8
            }
            while index < count {
                let byte = base[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return }
                index += 1
            }
        }

        /// Whether any byte of `word` is '"', '\' or below 0x20 (the
        /// classic "has a zero byte" test applied to the word xor each).
        @inline(__always)
        static func hasSpecialByte(_ word: UInt64) -> Bool {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let zeroQuote = (quote &- ones) & ~quote
            let zeroBackslash = (backslash &- ones) & ~backslash
            // Bytes below 0x20: subtracting 0x20 from one sets its high bit
            // (and a byte ≥ 0x80 is masked out by ~word). No byte borrows
            // from its neighbour unless one below 0x20 is there, so the
            // test has no false alarms.
            let control = (word &- ones &* 0x20) & ~word
            return (zeroQuote | zeroBackslash | control) & highs != 0
        }

        /// The bytes of a string with escapes (the cursor is on the first
        /// special byte after `start`): runs of plain bytes are copied
        /// whole, escapes decoded between them.
        private mutating func unescaped(from start: Int) throws(SyntaxError) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(index - start + 256)
            var runStart = start
            while true {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                guard index < bytes.count else { throw fail("a string is not closed") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return out
                }
                if byte < 0x20 { throw fail("a control character inside a string (escape it as \\u00XX)") }
                try unescape(into: &out)
                runStart = index
                skipPlain()
            }
        }

        /// Decodes the escape at the cursor (a backslash) onto `out`.
        private mutating func unescape(into out: inout [UInt8]) throws(SyntaxError) {
            guard index + 1 < bytes.count else { throw fail("a string is not closed") }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // A high surrogate pairs with a following \uDC00–\uDFFF.
                    if index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                        let save = index
                        index += 2
                        let low = try hex4()
                        if low >= 0xDC00 && low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            index = save
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    scalar = 0xFFFD
                }
                Cursor.appendUTF8(Unicode.Scalar(scalar) ?? "\u{FFFD}", to: &out)
            default:
                index -= 1
                throw fail("an unknown escape \\\(Character(Unicode.Scalar(escape)))")
            }
        }

        private mutating func hex4() throws(SyntaxError) -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("\\u needs four hex digits") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw fail("\\u needs four hex digits")
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        static func appendUTF8(_ scalar: Unicode.Scalar, to out: inout [UInt8]) {
            for unit in UTF8.encode(scalar)! { out.append(unit) }
        }

        /// A number, checked against JSON's grammar, as its text.
        private mutating func number() throws(SyntaxError) -> String {
            let start = index
            if peek() == UInt8(ascii: "-") { index += 1 }
            guard let first = peek(), Cursor.isDigit(first) else { throw fail("a number needs a digit") }
            index += 1
            if first != UInt8(ascii: "0") { skipDigits() }
            if peek() == UInt8(ascii: ".") {
                index += 1
                guard let digit = peek(), Cursor.isDigit(digit) else { throw fail("a digit must follow the decimal point") }
                skipDigits()
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                index += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
                guard let digit = peek(), Cursor.isDigit(digit) else { throw fail("an exponent needs a digit") }
                skipDigits()
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }

        private mutating func skipDigits() {
            while let byte = peek(), Cursor.isDigit(byte) { index += 1 }
        }

        @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

        private mutating func literal(_ word: StaticString) throws(SyntaxError) {
            let length = word.utf8CodeUnitCount
            guard index + length <= bytes.count else { throw fail("expected a value") }
            for offset in 0..<length where bytes[index + offset] != word.utf8Start[offset] {
                throw fail("expected a value")
            }
            index += length
        }

        @inline(__always) private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        @inline(__always) private mutating func skipSpace() {
            while index < bytes.count {
                let byte = bytes[index]
                guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
                index += 1
            }
        }

        private mutating func expect(_ byte: UInt8, _ reason: String) throws(SyntaxError) {
            guard peek() == byte else { throw fail(reason) }
            index += 1
        }

        private func fail(_ reason: String) -> SyntaxError { SyntaxError(offset: index, reason: reason) }
    }
}
