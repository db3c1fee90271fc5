/// Why an input could not become an article, naming the input.
///
/// Batch runs collect these into a summary and go on with the next input;
/// `--strict` turns the first one into a failure.
public struct IngestError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable, CaseIterable {
        /// The file or URL could not be read (missing, permission, network).
        case unreadable
        /// The bytes are not text (NUL bytes, control characters).
        case binary
        /// Nothing is left once page furniture is removed.
        case empty
        /// The input is larger than the ingester accepts.
        case tooLarge = "too-large"
        /// A JSONL line is not a valid record.
        case badRecord = "bad-record"
        /// The file type is not one tracuu reads.
        case unsupported
    }

    public var code: Code
    /// The file path, URL or `file.jsonl:line` the error is about.
    public var source: String
    public var reason: String

    public init(_ code: Code, source: String, reason: String) {
        self.code = code
        self.source = source
        self.reason = reason
    }

    public var description: String { "\(source): \(reason)" }
}
