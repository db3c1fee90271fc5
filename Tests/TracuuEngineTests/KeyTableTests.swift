import Testing
import TracuuTestSupport

@testable import TracuuEngine

@Suite struct KeyTableTests {
    /// Against a dictionary: clustered and random keys (0 and the largest
    /// included), replacements returning the old value, growth from small.
    @Test func agreesWithADictionary() {
        var random = SeededRandom(seed: 5)
        let table = KeyTable(capacity: 2)
        var model: [UInt32: Int32] = [:]
        for key: UInt32 in [0, .max] {
            table.updateValue(9, forKey: key)
            model[key] = 9
        }
        for step in 0..<50_000 {
            let key = random.next() % 3 == 0 ? UInt32(truncatingIfNeeded: random.next()) : UInt32(random.next() % 5_000)
            if random.next() % 2 == 0 {
                let value = Int32(random.next() % UInt64(Int32.max))
                #expect(table.updateValue(value, forKey: key) == model.updateValue(value, forKey: key), "step \(step)")
            } else {
                #expect(table[key] == model[key], "step \(step)")
            }
        }
        #expect(table.count == model.count)
        #expect(model.allSatisfy { table[$0.key] == $0.value })
    }
}
