import ArgumentParser
import FoundationEssentials

/// Where the bundled corpus and the default index are.
///
/// The defaults are `corpus/` and `index/` of the project: the current
/// folder when it has either, otherwise the checkout the binary was built in
/// (`.build/<config>/tracuu` → two folders up), so `tracuu search` works from
/// anywhere after a build. `TRACUU_INDEX` overrides the index location.
enum Defaults {
    static var projectRoot: String {
        let cwd = FileManager.default.currentDirectoryPath
        if exists(cwd + "/corpus") || exists(cwd + "/index") { return cwd }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidate = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            if exists(candidate.path + "/corpus") && exists(candidate.path + "/Package.swift") { return candidate.path }
            candidate = candidate.deletingLastPathComponent()
        }
        return cwd
    }

    static var indexPath: String {
        if let path = ProcessInfo.processInfo.environment["TRACUU_INDEX"], !path.isEmpty { return path }
        return projectRoot + "/index"
    }

    static var corpusPath: String { projectRoot + "/corpus" }

    private static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

/// The `--index DIR` option of every command that opens an index.
struct IndexOption: ParsableArguments {
    @Option(help: "The index folder (default: index/ of the project, or $TRACUU_INDEX).")
    var index: String?

    /// The folder named, or the default one.
    var path: String { index ?? Defaults.indexPath }
}
