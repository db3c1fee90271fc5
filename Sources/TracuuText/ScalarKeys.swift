/// The match key of each code point in the blocks Latin and Vietnamese text
/// is written in (U+0000–U+036F, U+1E00–U+1EFF, U+2000–U+20CF), worked out
/// once by `Folding.generalMatchKey`'s own steps. A key of such text is its
/// code points' keys in a row: NFKC composes nothing across these blocks that
/// would not be taken apart again when marks are removed. That saves three
/// ICU round trips through UTF-16 and a walk over grapheme clusters per call.
struct ScalarKeys: Sendable {
    static let shared = ScalarKeys()

    /// The blocks covered; a code point's slot is its offset in its block
    /// after the blocks before it.
    static let ranges: [ClosedRange<UInt32>] = [0x0000...0x036F, 0x1E00...0x1EFF, 0x2000...0x20CF]

    /// Per code point: where its key starts in `bytes` and how long it is;
    /// `length == spaceMark` for whitespace, `unsupported` for a key that
    /// holds a space inside (left to the general path).
    private var starts: [UInt32] = []
    private var lengths: [UInt8] = []
    private var bytes: [UInt8] = []
    private static let spaceMark: UInt8 = 0xFE
    private static let unsupported: UInt8 = 0xFF

    private init() {
        for range in ScalarKeys.ranges {
            for value in range {
                starts.append(UInt32(bytes.count))
                guard let scalar = Unicode.Scalar(value) else {
                    lengths.append(ScalarKeys.unsupported)
                    continue
                }
                let key = Folding.folded(Normalizer.normalize(String(scalar), .nfkcCasefold))
                if key.isEmpty {
                    lengths.append(0)
                } else if key.allSatisfy(\.isWhitespace) {
                    lengths.append(ScalarKeys.spaceMark)
                } else if key.contains(where: \.isWhitespace) || key.utf8.count >= Int(ScalarKeys.spaceMark) {
                    lengths.append(ScalarKeys.unsupported)
                } else {
                    lengths.append(UInt8(key.utf8.count))
                    bytes.append(contentsOf: key.utf8)
                }
            }
        }
    }

    private func slot(_ value: UInt32) -> Int? {
        var base = 0
        for range in ScalarKeys.ranges {
            if range.contains(value) { return base + Int(value - range.lowerBound) }
            base += range.count
        }
        return nil
    }

    /// The match key, or nil when `text` has a code point outside the table.
    func matchKey(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            guard let slot = slot(scalar.value) else { return nil }
            let length = lengths[slot]
            switch length {
            case 0: continue
            case ScalarKeys.spaceMark:
                pendingSpace = !out.isEmpty
                continue
            case ScalarKeys.unsupported: return nil
            default: break
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            let start = Int(starts[slot])
            out.append(contentsOf: bytes[start..<start + Int(length)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
