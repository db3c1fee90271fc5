/// Memory a per-document loop writes into again and again, grown when a
/// document needs more and never shrunk: a word's merged positions, a
/// phrase's possible starts. Arrays made per document for these cost a
/// quarter of a phrase query's instructions (callgrind) in allocation and
/// reference counting. The owner deallocates it in its `deinit`.
struct ScratchBuffer {
    private(set) var base = UnsafeMutablePointer<UInt32>.allocate(capacity: 64)
    private var capacity = 64

    /// Room for `count` values at `base`; what was there is not kept.
    mutating func reserve(_ count: Int) {
        guard count > capacity else { return }
        base.deallocate()
        capacity = max(count, 2 * capacity)
        base = .allocate(capacity: capacity)
    }

    func deallocate() { base.deallocate() }
}
