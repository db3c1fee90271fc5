import Dispatch
import Foundation
import Synchronization
import Testing

@testable import TracuuQuery

/// The searcher's helper thread: shared work comes back whole and in
/// order, errors come back from either thread, and a job posted to a
/// sleeping or stopped thread is run or called off, never lost.
@Suite struct HelperThreadTests {
    struct Failure: Error, Equatable { let index: Int }

    @Test func sharedWorkComesBackInOrderEachIndexOnce() throws {
        let thread = HelperThread()
        defer { thread.stop() }
        var helped = 0
        for round in 0..<40 {
            let count = round % 7 == 0 ? 1 : 3 + round % 13
            let calls = Mutex([Int](repeating: 0, count: count))
            let workers = Mutex([Int](repeating: -1, count: count))
            let values = try thread.sharing(count) { index, worker in
                calls.withLock { $0[index] += 1 }
                workers.withLock { $0[index] = worker }
                // Long enough for the helper to take some indexes.
                Thread.sleep(forTimeInterval: 0.0002)
                return index * 10
            }
            #expect(values == (0..<count).map { $0 * 10 })
            #expect(calls.withLock { $0 } == [Int](repeating: 1, count: count))
            helped += workers.withLock { $0 }.filter { $0 == 1 }.count
        }
        // The helper took part (otherwise this proves nothing of it).
        #expect(helped > 0)
    }

    /// Whichever thread meets the error, the caller gets it, and no part of
    /// the work is still running when the caller has it.
    @Test func anErrorComesBackFromEitherThread() {
        let thread = HelperThread()
        defer { thread.stop() }
        let running = Atomic<Int>(0)
        for failing in 0..<12 {
            #expect(throws: Failure(index: failing)) {
                _ = try thread.sharing(12) { index, _ in
                    running.add(1, ordering: .relaxed)
                    defer { running.add(-1, ordering: .relaxed) }
                    Thread.sleep(forTimeInterval: 0.0003)
                    if index == failing { throw Failure(index: index) }
                    return index
                }
            }
            #expect(running.load(ordering: .relaxed) == 0)
        }
    }

    /// Jobs posted while the thread spins, as it falls asleep, and long
    /// after it sleeps are all run: the hand-over between the poster's
    /// flag and the sleeper's loses none.
    @Test func aSleepingThreadIsWokenForEveryJob() throws {
        let thread = HelperThread()
        defer { thread.stop() }
        let spin = Double(HelperThread.spinNanoseconds) / 1e9
        for round in 0..<60 {
            // From well within the spin to well past it.
            Thread.sleep(forTimeInterval: spin * Double(round % 12) / 4)
            let job = thread.start { round }
            // Called off only if the caller got there first; then it
            // never ran, which the next round's job still tests.
            if let value = try job.finish() { #expect(value == round) }
            let started = DispatchSemaphore(value: 0)
            let waited = thread.start { started.signal() }
            #expect(started.wait(timeout: .now() + 10) == .success, "round \(round)")
            _ = try waited.finish()
        }
    }

    @Test func aStoppedThreadRunsNothing() throws {
        let thread = HelperThread()
        #expect(try thread.start { 7 }.finish() ?? 7 == 7)
        thread.stop()
        let ran = Atomic<Bool>(false)
        let job = thread.start { ran.store(true, ordering: .relaxed) }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(try job.finish() == nil)
        let didRun = ran.load(ordering: .relaxed)
        #expect(!didRun)
    }
}
