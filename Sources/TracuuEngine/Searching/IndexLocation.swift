import FoundationEssentials
import TracuuAnalysis
import TracuuStore

/// Opens the index for reading, with messages that say what to do.
public enum IndexLocation {
    /// A reader over the newest commit at `path`, or an `EngineError.noIndex`
    /// that says how to build one. With `checkAnalyzer`, an index analyzed
    /// by other rules is refused (its terms would not match this version's
    /// queries) with the command that fixes it.
    public static func openReader(_ path: String, checkAnalyzer: Bool = true) throws -> IndexReader {
        let reader = try openAnyReader(path)
        if checkAnalyzer, let built = reader.commit.userData["analyzer"], built != Analyzer.version {
            throw EngineError(
                .analyzerMismatch,
                "the index at \(path) was analyzed with \(built); this tracuu analyzes with \(Analyzer.version). Rebuild it from its stored text with: tracuu reindex --index \(path)")
        }
        return reader
    }

    private static func openAnyReader(_ path: String) throws -> IndexReader {
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
    public static func exists(_ path: String) -> Bool { newestGeneration(path) != nil }

    /// The generation of the newest commit at `path` (nil: none, or no such
    /// folder), from the file names alone: a long-lived reader asks this to
    /// learn that a writer has committed since it opened.
    public static func newestGeneration(_ path: String) -> UInt64? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        return names.compactMap(Commit.generation(of:)).max()
    }
}
