import Foundation

/// A folder under the system temp directory, removed when the value is
/// released. Every test that writes gets its own, so tests run in parallel.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init(_ label: String = "tracuu") {
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/\(label)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `contents` to `name` (creating folders) and returns the full path.
    @discardableResult
    public func write(_ name: String, _ contents: String) -> String {
        write(name, bytes: Array(contents.utf8))
    }

    @discardableResult
    public func write(_ name: String, bytes: [UInt8]) -> String {
        let full = path + "/" + name
        let folder = (full as NSString).deletingLastPathComponent
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
        return full
    }

    public func child(_ name: String) -> String { path + "/" + name }
}

/// Where the package's own files are, found from this file's location (tests
/// run from any working directory).
public enum PackagePaths {
    public static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// The bundled corpus.
    public static var corpus: String { root + "/corpus" }

    /// `Tests/<target>/Fixtures/<name>`.
    public static func fixture(_ target: String, _ name: String) -> String {
        root + "/Tests/\(target)/Fixtures/\(name)"
    }

    /// The built `tracuu` binary of this test run.
    public static var binary: String? {
        let candidates = [
            root + "/.build/debug/tracuu", root + "/.build/x86_64-unknown-linux-gnu/debug/tracuu",
            root + "/.build/aarch64-unknown-linux-gnu/debug/tracuu", root + "/.build/release/tracuu",
        ]
        // The binary next to the test bundle first (custom --scratch-path).
        let bundle = Bundle.main.bundleURL.path
        let sibling = bundle + "/tracuu"
        return ([sibling] + candidates).first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public static func read(_ path: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: path) ?? Data())
    }
}

/// Deterministic pseudo-random numbers (SplitMix64), so failures reproduce.
public struct SeededRandom: RandomNumberGenerator {
    public var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
