import TracuuCore

/// A reusable buffer of plain values in manually managed memory: the
/// analyzer's per-token loop writes through its `base` pointer without the
/// capacity, uniqueness and bounds checks of an `Array`.
final class Scratch<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int
    /// Elements `reserveZeroed` initialized (to zero, then written by the caller).
    private var initialized = 0

    init() {
        capacity = 16
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for `count` elements (contents are not kept).
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        base.deallocate()
        capacity = max(count, capacity * 2)
        base = HugePages.allocate(Element.self, count: capacity)
        initialized = 0
    }

    /// Makes room for `count` elements, keeping the contents and zeroing
    /// the new ones (a per-term table that grows with the vocabulary).
    func reserveZeroed(_ count: Int) {
        guard count > initialized else { return }
        if count > capacity {
            let bigger = HugePages.allocate(Element.self, count: max(count, capacity * 2))
            bigger.update(from: base, count: initialized)
            base.deallocate()
            base = bigger
            capacity = max(count, capacity * 2)
        }
        UnsafeMutableRawPointer(base + initialized).initializeMemory(
            as: UInt8.self, repeating: 0, count: (capacity - initialized) * MemoryLayout<Element>.stride)
        initialized = capacity
    }

    /// Zeroes what `reserveZeroed` covered.
    func zero() {
        UnsafeMutableRawPointer(base).initializeMemory(
            as: UInt8.self, repeating: 0, count: initialized * MemoryLayout<Element>.stride)
    }
}
