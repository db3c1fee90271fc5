import Foundation
import Testing

@testable import TracuuServer

@Suite struct SearchGateTests {
    @Test func runsEverySearchOnItsThreadsAndRefusesBeyondTheQueue() async throws {
        let gate = SearchGate(threads: 1, maxWaiting: 1)
        // One search on the thread, one waiting: a third is refused at once.
        async let first = gate.run { Thread.sleep(forTimeInterval: 0.4); return 1 }
        try await Task.sleep(for: .milliseconds(50))
        async let second = gate.run { 2 }
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: RequestError.self) { try await gate.run { 3 } }
        #expect(try await first + second == 3)
        // Once the queue has drained, searches are admitted again.
        #expect(try await gate.run { 4 } == 4)
    }

    @Test func aBusyServerSays503() {
        let busy = RequestError(kind: .busy, message: "x")
        #expect(busy.status == .serviceUnavailable)
        #expect(busy.vietnamese.contains("quá tải"))
    }
}
