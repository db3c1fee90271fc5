import Dispatch
import Synchronization
import TracuuCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A searcher's second thread, kept from search to search. It runs the
/// jobs posted to it one at a time, and after each it stays awake for
/// `spinNanoseconds` (`spin(until:)`) before it sleeps.
///
/// Why not a thread of the system's pool, as before: a thread asleep
/// starts some 30 µs after it is asked (the wake-up of an idle core, on
/// this machine), and a search asks at every step it shares (the words'
/// lookups, the segments' walks, the page's hits): a one-word query takes
/// about 400 µs. A batch of queries asks again well within the spin, so
/// the helper starts at once; a lone search pays one wake-up.
///
/// What a search shares: its words' lookups in every segment
/// (`QueryResolver.eachSegment`), the segments' walks (`SegmentQueue`) and
/// the page's hits (`Searcher.hits`). Before, only the walk was shared,
/// through the pool, and the caller slept while it waited for the
/// helper's last segment: one-word queries took 0.44 ms at 1× and 0.85 at
/// 4× (class medians of the benchmark); now 0.38 and 0.73, and every other
/// class 2 to 20 % less.
final class HelperThread: @unchecked Sendable {
    private let lock = Lock()
    /// The job not yet taken (under `lock`).
    private var job: (() -> Void)?
    /// Whether the thread is to end (under `lock`).
    private var stopping = false
    /// Set with `job` or `stopping`, cleared when the thread takes them:
    /// what the waiting thread polls.
    private let pending = Atomic<Bool>(false)
    private let asleep = Atomic<Bool>(false)
    private let wakeUp = DispatchSemaphore(value: 0)

    /// How long a thread waiting for the other stays awake, the helper for
    /// its next job and the caller for the helper's last part. A batch's
    /// queries follow one another well within it; a server's idle helper
    /// sleeps after it.
    static let spinNanoseconds: UInt64 = 1_000_000

    init() {
        Threads.detach(stackSize: 8 << 20) { [self] in run() }
    }

    /// Runs `job` on the thread, after the job before it. A job posted
    /// before the thread took the previous one replaces it.
    func post(_ job: @escaping () -> Void) {
        lock.withLock {
            self.job = job
            pending.store(true, ordering: .sequentiallyConsistent)
        }
        wakeIfAsleep()
    }

    /// Ends the thread once its current job, if any, is done.
    func stop() {
        lock.withLock {
            stopping = true
            pending.store(true, ordering: .sequentiallyConsistent)
        }
        wakeIfAsleep()
    }

    /// The thread stores `asleep` before it looks at `pending` one last
    /// time, and a poster stores `pending` before it looks at `asleep`: one
    /// of the two sees the other's store, so no job waits for a sleeper
    /// that nobody wakes.
    private func wakeIfAsleep() {
        if asleep.exchange(false, ordering: .sequentiallyConsistent) { wakeUp.signal() }
    }

    private func run() {
        while true {
            while !HelperThread.spin(until: { pending.load(ordering: .sequentiallyConsistent) }) {
                asleep.store(true, ordering: .sequentiallyConsistent)
                if !pending.load(ordering: .sequentiallyConsistent) { wakeUp.wait() }
                asleep.store(false, ordering: .sequentiallyConsistent)
            }
            let (work, stop) = lock.withLock {
                defer {
                    job = nil
                    pending.store(false, ordering: .sequentiallyConsistent)
                }
                return (job, stopping)
            }
            if stop { return }
            work?()
        }
    }

    /// Waits awake until `done()` holds, for up to `spinNanoseconds`;
    /// whether it came to hold. Each turn is the processor's spin hint,
    /// and every sixteenth gives the core to any other thread waiting for
    /// it: the scheduler may put both threads of a search on one core for a
    /// while, and a waiter that never yielded would hold the other off for
    /// its whole spin.
    static func spin(until done: () -> Bool) -> Bool {
        let start = DispatchTime.now().uptimeNanoseconds
        var turns = 0
        while !done() {
            turns += 1
            if turns & 15 != 0 {
                Threads.relax()
                continue
            }
            if DispatchTime.now().uptimeNanoseconds - start > spinNanoseconds { return false }
            sched_yield()
        }
        return true
    }

    /// Starts `work` on the thread; its poster collects the outcome with
    /// `finish`.
    func start<Value>(_ work: @escaping () throws -> Value) -> Job<Value> {
        let job = Job(work)
        post { job.run() }
        return job
    }

    /// Work posted to the thread. `finish` returns its value, or rethrows
    /// its error, or returns nil when the work had not started yet, which
    /// it then never does: a caller done with the shared work does not wait
    /// for a helper that has nothing left to do. Its state passes from the
    /// thread that makes it to the one that runs it and back, never touched
    /// by both at once: hence unchecked.
    final class Job<Value>: @unchecked Sendable {
        private let work: () throws -> Value
        private var result: Result<Value, Error>?
        private let done = DispatchSemaphore(value: 0)
        /// 0 until the work starts (1) or is called off (2); 3 once its
        /// result is set.
        private let state = Atomic<Int>(0)

        fileprivate init(_ work: @escaping () throws -> Value) {
            self.work = work
        }

        fileprivate func run() {
            guard state.compareExchange(expected: 0, desired: 1, ordering: .acquiringAndReleasing).exchanged else {
                return
            }
            result = Result { try work() }
            state.store(3, ordering: .releasing)
            done.signal()
        }

        func finish() throws -> Value? {
            if state.compareExchange(expected: 0, desired: 2, ordering: .acquiringAndReleasing).exchanged {
                return nil
            }
            // The helper is on its last part: the caller waits for it
            // awake, as the helper waits for jobs; asleep, it would be
            // woken some 30 µs after the helper's end.
            if !HelperThread.spin(until: { state.load(ordering: .acquiring) == 3 }) { done.wait() }
            return try result!.get()
        }
    }

    /// `body(i, worker)` for every `i` in `0..<count`, computed on the
    /// calling thread (`worker` 0) and this one (1) at once, each taking
    /// the next index as it becomes free; the results in index order.
    /// `worker` picks what each thread must have of its own.
    func sharing<Value>(
        _ count: Int, _ body: @escaping (_ index: Int, _ worker: Int) throws -> Value
    ) throws -> [Value] {
        let next = Atomic<Int>(0)
        let helper = start {
            var made: [(Int, Value)] = []
            while case let index = next.add(1, ordering: .relaxed).oldValue, index < count {
                made.append((index, try body(index, 1)))
            }
            return made
        }
        var values = [Value?](repeating: nil, count: count)
        do {
            while case let index = next.add(1, ordering: .relaxed).oldValue, index < count {
                values[index] = try body(index, 0)
            }
        } catch {
            next.store(count, ordering: .relaxed)
            _ = try? helper.finish()  // it may be reading what the caller frees next
            throw error
        }
        for (index, value) in try helper.finish() ?? [] { values[index] = value }
        return values.map { $0! }
    }
}
