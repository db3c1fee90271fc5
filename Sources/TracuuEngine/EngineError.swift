/// Errors of the engine's own making (the store's and the ingester's errors
/// pass through as they are).
public struct EngineError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case analyzerMismatch = "analyzer-mismatch"
        case settingMismatch = "setting-mismatch"
        case damaged
        case strict
        case noIndex = "no-index"
        case notFound = "not-found"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

/// tracuu's version, recorded in every commit.
public enum TracuuVersion {
    public static let current = "0.1.0"
}
