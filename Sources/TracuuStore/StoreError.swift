/// What went wrong in the index store, naming the file and the reason.
///
/// Corruption errors say where (file, offset) and what was expected against
/// what was found, so `tracuu check` output points at the damaged byte.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// A file's bytes do not match the format (bad magic, checksum, bounds).
        case corrupt
        /// The index was written by another format version.
        case version
        /// The folder holds no commit.
        case noIndex = "no-index"
        /// Another process holds the writer lock.
        case locked
        /// The operating system refused a read, write, fsync or rename.
        case io
        /// A caller broke a rule of the API (e.g. adding after close).
        case usage
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    public static func corrupt(_ file: String, _ what: String) -> StoreError {
        StoreError(.corrupt, "index file \(file) is corrupt: \(what)")
    }
}

/// The format version this code writes, and those it reads (see FORMAT.md,
/// "Versions and history"): versions 3 and 4 differ from 5 only in their
/// stored fields, 5 from 6 in the term dictionary's checksums (per
/// block instead of only the whole file's), 6 from 7 in the commit's
/// attachments (a version 6 commit has none), 7 from 8 in the term
/// dictionary's indexes (fixed-width entries), 8 from 9 in the stored
/// bodies' own frames, and 9 from 10 in the fold map's document counts;
/// `StoredFieldsReader` and `TermDictionaryReader` read every layout, so an
/// older index still opens, and `tracuu reindex` or merges rewrite it.
public enum FormatVersion {
    public static let current: UInt32 = 10
    public static let readable: ClosedRange<UInt32> = 3...10
}
