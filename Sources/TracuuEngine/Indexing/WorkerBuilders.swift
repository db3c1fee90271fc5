import Synchronization
import TracuuCore
import TracuuStore

/// The indexing workers' segment builders, and how one worker writes them
/// all as one segment (`flush(from:last:)`).
///
/// Why together: flushed by their own workers, the builders made one
/// segment per worker and share of the memory budget, and a search pays
/// for every segment (see `SegmentBuilder.flush(together:)`).
final class WorkerBuilders: @unchecked Sendable {
    private let writer: IndexWriter
    private let memory: MemoryShares
    /// Guards `slots` and `active`.
    private let lock = Lock()
    private var slots: [BuilderSlot] = []
    /// Workers that have not left yet.
    private var active = 0
    /// Set while a worker writes the builders.
    private let flushing = Atomic<Bool>(false)

    init(writer: IndexWriter, memory: MemoryShares) {
        self.writer = writer
        self.memory = memory
    }

    /// A new worker's slot, with an empty builder whose terms `resolver`
    /// (the worker's analyzer) names.
    func join(resolver: TermResolver) -> BuilderSlot {
        let slot = BuilderSlot(
            builder: writer.makeBuilder(resolver: resolver), resolver: resolver, memorySlot: memory.addWorker())
        lock.withLock {
            slots.append(slot)
            active += 1
        }
        return slot
    }

    /// Writes the builder of `mine` together with every other worker's as
    /// one segment, on the calling worker, and returns true; returns false
    /// at once when another worker is writing (its builder was taken, or
    /// will be: it goes on), unless `last` (the last worker to leave, who is
    /// alone). Each builder is taken under its slot's lock, between two of
    /// its worker's articles, settled there and replaced by an empty one;
    /// the other workers go on indexing while this one writes.
    func flush(from mine: BuilderSlot, last: Bool) throws -> Bool {
        guard flushing.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged || last else {
            return false
        }
        // Cleared before the caller commits and merges, so that a worker
        // filling its builder meanwhile can flush (a merge takes seconds on
        // a large index).
        defer { flushing.store(false, ordering: .releasing) }
        var taken: [SegmentBuilder] = []
        for slot in [mine] + lock.withLock({ slots.filter { $0 !== mine } }) {
            slot.lock.withLock {
                guard let builder = slot.builder else { return }
                guard builder.docCount > 0 else {
                    // A worker that has left will not fill it.
                    if slot.left {
                        writer.discard(builder)
                        slot.builder = nil
                    }
                    return
                }
                builder.settle()
                taken.append(builder)
                slot.builder = slot.left ? nil : writer.makeBuilder(resolver: slot.resolver)
                slot.generation += 1
                memory.setHeld(0, worker: slot.memorySlot)
            }
        }
        memory.setHeld(taken.reduce(0) { $0 + $1.memoryBytes }, worker: mine.memorySlot)
        memory.freeze()
        defer { memory.thaw() }
        try writer.flush(taken)
        taken.removeAll()  // the builders' memory goes back now, not after the commit
        MemoryShares.returnFreedMemory()
        memory.setHeld(0, worker: mine.memorySlot)
        return true
    }

    /// A worker's end: its builder, settled, waits for the last worker to
    /// leave (or is discarded, `discarding`). Returns whether `mine` was the
    /// last.
    func leave(_ mine: BuilderSlot, discarding: Bool) -> Bool {
        mine.lock.withLock {
            mine.left = true
            if discarding, let builder = mine.builder {
                writer.discard(builder)
                mine.builder = nil
            }
            mine.builder?.settle()
        }
        return lock.withLock {
            active -= 1
            return active == 0
        }
    }

    /// Discards every builder left (a stopped run's end).
    func discardAll() {
        for slot in lock.withLock({ slots }) {
            slot.lock.withLock {
                if let builder = slot.builder { writer.discard(builder) }
                slot.builder = nil
            }
        }
    }
}

/// One indexing worker's segment builder, where another worker can take it
/// to write it with its own as one segment (`WorkerBuilders.flush`).
///
/// The worker holds `lock` while it analyzes and adds an article, and
/// only then: its analyzer, whose ids the builder's terms are, is in use
/// only under the lock, so a worker that holds it may settle the builder
/// with that analyzer (`SegmentBuilder.settle`) and put an empty one in
/// its place. The worker sees `generation` change at its next article.
final class BuilderSlot: @unchecked Sendable {
    let lock = Lock()
    /// The builder the worker fills; nil once it has left and its last
    /// builder was taken or discarded.
    var builder: SegmentBuilder?
    /// Turns the worker's term ids into bytes (its analyzer's).
    let resolver: TermResolver
    /// Bumped whenever `builder` is replaced.
    var generation = 0
    /// Whether the worker has left (the queue was drained): its builder,
    /// settled, waits for the last worker to leave.
    var left = false
    /// The worker's number in `MemoryShares`.
    let memorySlot: Int

    init(builder: SegmentBuilder, resolver: TermResolver, memorySlot: Int) {
        self.builder = builder
        self.resolver = resolver
        self.memorySlot = memorySlot
    }
}
