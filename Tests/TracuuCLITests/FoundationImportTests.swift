import Foundation
import Testing
import TracuuTestSupport

/// The command line's modules import FoundationEssentials, never all of
/// Foundation (the note at the top of Package.swift says why: one import,
/// and any use of what only Foundation has, links it whole).
@Suite struct FoundationImportTests {
    /// Modules the `tracuu` binary does not link.
    static let serverSide: Set<String> = ["TracuuServer", "tracuu-serve", "TracuuBench"]

    @Test func cliModulesImportOnlyFoundationEssentials() throws {
        let sources = PackagePaths.root + "/Sources"
        var offenders: [String] = []
        var checked = 0
        for module in try FileManager.default.contentsOfDirectory(atPath: sources).sorted()
        where !FoundationImportTests.serverSide.contains(module) {
            guard let walker = FileManager.default.enumerator(atPath: sources + "/" + module) else { continue }
            for case let file as String in walker where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: sources + "/" + module + "/" + file, encoding: .utf8)
                checked += 1
                for line in text.split(separator: "\n")
                where line.trimmingCharacters(in: .whitespaces).range(of: #"^(@_exported |internal |public )?import Foundation$"#, options: .regularExpression) != nil {
                    offenders.append("\(module)/\(file)")
                }
            }
        }
        #expect(checked > 100)
        #expect(offenders.isEmpty, "import FoundationEssentials instead in \(offenders)")
    }
}
