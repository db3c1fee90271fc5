import Foundation
import TracuuStore

/// Opens the index for reading, with messages that say what to do.
public enum IndexLocation {
    /// A reader over the newest commit at `path`, or an `EngineError.noIndex`
    /// that says how to build one.
    public static func openReader(_ path: String) throws -> IndexReader {
        let result: Result<IndexReader, StoreError> = Result { () throws(StoreError) in try IndexReader.open(path: path) }
        switch result {
        case .success(let reader):
            return reader
        case .failure(let error) where error.code == .noIndex:
            throw EngineError(.noIndex, "no index at \(path); build one with: tracuu index [PATH ...] --index \(path)")
        case .failure(let error):
            throw error
        }
    }

    /// Whether `path` holds a committed index.
    public static func exists(_ path: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return false }
        return names.contains { Commit.generation(of: $0) != nil }
    }
}
