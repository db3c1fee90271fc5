internal import CTracuuUTF8

/// Checks that bytes are well-formed UTF-8 without making a string of them.
///
/// Swift checks a string's bytes when it makes one, a scalar at a time
/// (about 200 MB/s on Vietnamese text, whose one-, two- and three-byte
/// letters defeat its ASCII shortcut and its branch predictions). Article
/// bodies are kept as bytes instead, checked here sixteen at a time with
/// table lookups and no branch on the text (over 3 GB/s; the C shim
/// `CTracuuUTF8` says how).
public enum UTF8Validation {
    /// Whether `bytes` are well-formed UTF-8 (RFC 3629).
    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return CTracuuUTF8_isValid(base, bytes.count) != 0
    }

    public static func isValid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { isValid($0) } }

    /// The same check one sequence at a time (the reference the tests
    /// compare the vector path with).
    static func isValidScalar(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            return CTracuuUTF8_isValidScalar(base, buffer.count) != 0
        }
    }

    /// Whether well-formed UTF-8 is surely NFC by `Normalizer.isSurelyNFC`'s
    /// rule (it owns the meaning; the bytes are read here, by the same
    /// kind of vector pass as `isValid`).
    public static func isSurelyNFC(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return CTracuuUTF8_isSurelyNFC(base, bytes.count) != 0
    }

    /// The same rule one byte at a time (the tests' reference).
    static func isSurelyNFCScalar(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            return CTracuuUTF8_isSurelyNFCScalar(base, buffer.count) != 0
        }
    }

    /// `bytes` when well formed; otherwise with each malformed sequence
    /// replaced by U+FFFD, as Swift's `String(decoding:as:)` does.
    public static func repaired(_ bytes: [UInt8]) -> [UInt8] {
        isValid(bytes) ? bytes : Array(String(decoding: bytes, as: UTF8.self).utf8)
    }
}
