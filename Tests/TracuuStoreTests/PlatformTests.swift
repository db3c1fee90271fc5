import Testing
import TracuuCore

/// The small pieces TracuuCore gives in place of the parts of Foundation
/// outside FoundationEssentials (see `Lock`).
@Suite struct PlatformTests {
    @Test func numbersArePaddedAndRounded() {
        #expect(NumberText.padded(7, width: 4) == "0007")
        #expect(NumberText.padded(2017, width: 4) == "2017")
        #expect(NumberText.padded(123_456, width: 2) == "123456")
        #expect(NumberText.padded(-5, width: 3) == "-05")
        #expect(NumberText.fixed(3.14159, decimals: 2) == "3.14")
        #expect(NumberText.fixed(2.5, decimals: 0) == "3")
        #expect(NumberText.fixed(0.05, decimals: 1) == "0.1")
        #expect(NumberText.fixed(1234.0, decimals: 1) == "1234.0")
        #expect(NumberText.fixed(-1.25, decimals: 1) == "-1.3")
        #expect(NumberText.fixed(-0.001, decimals: 2) == "0.00")
        #expect(NumberText.fixed(9.999, decimals: 2) == "10.00")
    }

    @Test func textIsTrimmedAtBothEnds() {
        #expect("  ngoại vụ \n".trimmed() == "ngoại vụ")
        #expect("\u{00A0}x\t".trimmed() == "x")
        #expect(" \n ".trimmed() == "")
        #expect("'a b'".trimmed { $0 == "'" } == "a b")
        #expect("x y"[...].trimmed() == "x y")
    }

    /// Counts shared by the threads below, guarded by the lock under test.
    final class Counts: @unchecked Sendable {
        var total = 0
        var finished = 0
    }

    @Test func aLockKeepsCountsWhole() {
        let lock = Lock()
        let done = Condition()
        let counts = Counts()
        let threads = 4
        for _ in 0..<threads {
            Threads.detach(stackSize: 1 << 20) {
                for _ in 0..<10_000 { lock.withLock { counts.total += 1 } }
                done.lock()
                counts.finished += 1
                done.broadcast()
                done.unlock()
            }
        }
        done.lock()
        while counts.finished < threads { done.wait() }
        done.unlock()
        #expect(lock.withLock { counts.total } == threads * 10_000)
    }

    @Test func sleepingWaitsAbout() {
        let clock = ContinuousClock()
        let elapsed = clock.measure { Threads.sleep(seconds: 0.02) }
        #expect(elapsed >= .milliseconds(19))
        Threads.sleep(seconds: 0)
        Threads.sleep(seconds: -1)
    }
}
