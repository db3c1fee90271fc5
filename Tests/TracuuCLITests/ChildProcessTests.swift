import Foundation
import Testing
import TracuuTestSupport

/// The harness every CLI test runs `tracuu` through: if it misread a status
/// or waited forever, those tests could neither fail nor finish.
@Suite struct ChildProcessTests {
    @Test func statusOutputAndInputAreThePrograms() throws {
        let result = try run("/bin/sh", ["-c", "cat; echo err >&2; exit 3"], input: "vào\n")
        #expect(result.status == 3)
        #expect(result.stdout == "vào\n")
        #expect(result.stderr == "err\n")
        #expect(!result.killed && !result.timedOut)
    }

    @Test func runsInTheFolderItIsGiven() throws {
        let folder = TemporaryDirectory()
        let result = try run("/bin/sh", ["-c", "pwd -P"], cwd: folder.path)
        let expected = URL(fileURLWithPath: folder.path).resolvingSymlinksInPath().path
        #expect(result.stdout == expected + "\n")
    }

    @Test func killAfterEndsItBySignal() throws {
        let result = try run("/bin/sleep", ["30"], killAfter: 0.2)
        #expect(result.killed)
        #expect(!result.timedOut)
        #expect(result.status == -1)
    }

    @Test func aProgramPastItsTimeoutIsKilledAndSaysSo() throws {
        let result = try run("/bin/sleep", ["30"], timeout: 0.3)
        #expect(result.killed && result.timedOut)
        #expect(result.stderr.contains("still running after"))
    }

    /// Output goes to files, so a grandchild that keeps the program's
    /// standard output open does not hold the wait (a pipe read to its end
    /// would have waited for the grandchild too).
    @Test func theWaitIsForTheChildNotWhatItLeavesRunning() throws {
        let result = try run("/bin/sh", ["-c", "sleep 5 & echo started"], timeout: 3)
        #expect(!result.timedOut)
        #expect(result.status == 0)
        #expect(result.stdout == "started\n")
    }

    @Test func aMissingProgramIsAnErrorNamingIt() {
        #expect {
            try run("/no/such/program", [])
        } throws: { error in
            "\(error)".contains("/no/such/program")
        }
    }
}
