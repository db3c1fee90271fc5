import Testing
import TracuuTestSupport

@testable import TracuuEngine

/// The status line of `tracuu index` on a terminal.
@Suite struct ProgressLineTests {
    @Test func filesAreCountedCorporaAreNot() {
        let folder = TemporaryDirectory("progress")
        for name in ["a.html", "b.htm", "c.txt", "notes.md"] { _ = folder.write(name, bytes: Array("x".utf8)) }
        #expect(ProgressLine.countInputs([folder.path]) == 3)
        let corpus = folder.write("corpus.jsonl", bytes: Array(#"{"id": "1", "body": "x"}"#.utf8))
        #expect(ProgressLine.countInputs([folder.path, corpus]) == nil)
    }

    @Test func barRatesAndTimeLeft() {
        var report = IndexReport()
        report.read = 50
        report.added = 48
        report.skipped = ["binary": 2]
        report.textBytes = 5_000_000
        report.seconds = 10
        let line = ProgressLine.text(report, total: 100)
        #expect(line.hasPrefix("[############............] 50/100 "))
        #expect(line.contains("5/s, 0.5 MB/s"))
        #expect(line.contains("48 indexed, 2 skipped"))
        #expect(line.hasSuffix("ETA 0:10"))
        let unknown = ProgressLine.text(report, total: nil)
        #expect(unknown.hasPrefix("50 inputs "))
        #expect(!unknown.contains("ETA"))
    }
}
