import TracuuCore
import TracuuIngest

/// A bounded queue of input batches between the walking thread and the
/// workers: at most `capacity` batches wait, so memory does not grow with
/// the corpus.
final class BatchQueue: @unchecked Sendable {
    private let condition = Condition()
    private var batches: [[RawInput]] = []
    private var closed = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    func push(_ batch: [RawInput]) {
        condition.lock()
        while batches.count >= capacity && !closed { condition.wait() }
        if !closed { batches.append(batch) }
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or nil once the queue is closed and drained.
    func pop() -> [RawInput]? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !closed { condition.wait() }
        guard !batches.isEmpty else { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
