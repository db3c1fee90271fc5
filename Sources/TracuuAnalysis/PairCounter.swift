/// Counts the distinct pairs of a document (keys are two 32-bit slots in one
/// word) in an open-addressing table reused from document to document: a
/// per-document stamp marks live entries, so nothing is cleared or
/// allocated between documents. All storage is manually managed memory:
/// arrays in a class pay an exclusivity check per access, which on this
/// per-token path cost more than the counting itself.
final class PairCounter {
    private var keys: UnsafeMutablePointer<UInt64>
    /// Per slot: the key's index in first-seen order.
    private var indexes: UnsafeMutablePointer<Int32>
    private var stamps: UnsafeMutablePointer<UInt32>
    private var size = 0
    private var stamp: UInt32 = 0
    private var mask = 0
    /// Distinct keys in first-seen order, and their counts.
    private var orderKeys: UnsafeMutablePointer<UInt64>
    private var orderCounts: UnsafeMutablePointer<Int32>
    private var orderCapacity = 0
    /// Distinct keys of the current document.
    private(set) var count = 0

    init() {
        keys = .allocate(capacity: 1)
        indexes = .allocate(capacity: 1)
        stamps = .allocate(capacity: 1)
        orderKeys = .allocate(capacity: 1)
        orderCounts = .allocate(capacity: 1)
    }

    deinit {
        keys.deallocate()
        indexes.deallocate()
        stamps.deallocate()
        orderKeys.deallocate()
        orderCounts.deallocate()
    }

    /// Starts a document with up to `maximum` pairs.
    func reset(maximum: Int) {
        var wanted = 64
        while wanted < maximum * 2 { wanted <<= 1 }
        if wanted > size {
            keys.deallocate()
            indexes.deallocate()
            stamps.deallocate()
            keys = .allocate(capacity: wanted)
            indexes = .allocate(capacity: wanted)
            stamps = .allocate(capacity: wanted)
            stamps.initialize(repeating: 0, count: wanted)
            size = wanted
            stamp = 0
        }
        // Use only as much of the table as this document needs, so that a
        // long article once seen does not spread every later short one over
        // megabytes (stale stamps in the part used are from older documents).
        mask = wanted - 1
        if maximum > orderCapacity {
            orderKeys.deallocate()
            orderCounts.deallocate()
            orderCapacity = max(maximum, 64)
            orderKeys = .allocate(capacity: orderCapacity)
            orderCounts = .allocate(capacity: orderCapacity)
        }
        stamp &+= 1
        if stamp == 0 {
            stamps.update(repeating: 0, count: size)
            stamp = 1
        }
        count = 0
    }

    /// Counts one occurrence of `key` (at most `maximum` distinct keys).
    @inline(__always)
    func add(_ key: UInt64) {
        var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
        while true {
            if stamps[index] != stamp {
                stamps[index] = stamp
                keys[index] = key
                indexes[index] = Int32(count)
                orderKeys[count] = key
                orderCounts[count] = 1
                count += 1
                return
            }
            if keys[index] == key {
                orderCounts[Int(indexes[index])] += 1
                return
            }
            index = (index + 1) & mask
        }
    }

    /// The `i`th distinct key and its count.
    @inline(__always)
    func entry(_ i: Int) -> (key: UInt64, count: Int32) { (orderKeys[i], orderCounts[i]) }
}
