import TracuuCore
import TracuuStore

/// One indexing worker's segment builder, where another worker can take it
/// to write it with its own as one segment (`IndexRun.flushAll`).
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
