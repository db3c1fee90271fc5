/// Keeps the best `k` of a stream of items: a binary heap whose root is the
/// worst item kept, so each new item costs O(log k) and memory stays O(k)
/// however many documents match.
struct TopK<Item> {
    let capacity: Int
    private let isBetter: (Item, Item) -> Bool
    private var heap: [Item] = []

    init(capacity: Int, isBetter: @escaping (Item, Item) -> Bool) {
        self.capacity = capacity
        self.isBetter = isBetter
        heap.reserveCapacity(min(capacity, 1024))
    }

    var count: Int { heap.count }

    /// The worst item kept, once the heap is full (the bar a new item must pass).
    var threshold: Item? { heap.count == capacity ? heap.first : nil }

    mutating func insert(_ item: Item) {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append(item)
            siftUp(heap.count - 1)
        } else if isBetter(item, heap[0]) {
            heap[0] = item
            siftDown(0)
        }
    }

    /// The items kept, best first.
    func sorted() -> [Item] { heap.sorted(by: isBetter) }

    // The root holds the worst: a parent is "worse than or equal to" its children.
    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard isBetter(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var worst = parent
            if left < heap.count && isBetter(heap[worst], heap[left]) { worst = left }
            if right < heap.count && isBetter(heap[worst], heap[right]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
