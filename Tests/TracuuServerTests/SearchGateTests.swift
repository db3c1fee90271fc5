import Foundation
import Testing

@testable import TracuuServer

@Suite struct SearchGateTests {
    @Test func runsEverySearchOnItsThreadsAndRefusesBeyondTheQueue() async throws {
        let gate = SearchGate(threads: 1, maxWaiting: 1)
        let release = DispatchSemaphore(value: 0)
        // One search holds the thread, one waits: a third is refused at once.
        async let first = gate.run { release.wait(); return 1 }
        while gate.searches < 1 { try await Task.sleep(for: .milliseconds(5)) }
        async let second = gate.run { 2 }
        while gate.searches < 2 { try await Task.sleep(for: .milliseconds(5)) }
        await #expect(throws: RequestError.self) { try await gate.run { 3 } }
        release.signal()
        #expect(try await first + second == 3)
        // Once the queue has drained, searches are admitted again.
        #expect(try await gate.run { 4 } == 4)
        #expect(gate.searches == 0)
    }

    @Test func aBusyServerSays503() {
        let busy = RequestError(kind: .busy, message: "x")
        #expect(busy.status == .serviceUnavailable)
        #expect(busy.vietnamese.contains("quá tải"))
    }
}
