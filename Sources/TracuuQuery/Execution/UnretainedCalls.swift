import TracuuStore

// Calls into the objects a scorer reads for every candidate document (its
// children, its postings cursors) through `Unmanaged` references, borrowed
// without reference counting. Read from arrays, each such object was
// retained and released on every access (Swift cannot prove the call leaves
// the array alone); that was a sixth of a one-word query's time and a tenth
// of a multi-word query's instructions. The owner keeps the objects alive
// in an ordinary array beside the unmanaged buffer (`UnretainedList`).

/// Strong references to some objects and the same references unmanaged,
/// in plain memory, for loops that must not count references.
struct UnretainedList<Element: AnyObject> {
    /// Keeps the elements alive.
    let owned: [Element]
    let refs: UnsafeMutableBufferPointer<Unmanaged<Element>>

    init(_ elements: [Element]) {
        owned = elements
        refs = .allocate(capacity: elements.count)
        for (index, element) in elements.enumerated() {
            (refs.baseAddress! + index).initialize(to: .passUnretained(element))
        }
    }

    var count: Int { refs.count }

    /// Called by the owner's `deinit`.
    func deallocate() { refs.deallocate() }
}

extension Unmanaged {
    /// `body` run on the object, borrowed without retaining it.
    @inline(__always)
    func borrowing<Result>(_ body: (Instance) throws(StoreError) -> Result) throws(StoreError) -> Result {
        do {
            return try _withUnsafeGuaranteedRef(body)
        } catch {
            // `body` throws only StoreError; `_withUnsafeGuaranteedRef` rethrows untyped.
            throw error as! StoreError
        }
    }
}

extension Unmanaged where Instance: Scorer {
    @inline(__always) var doc: Int32 { _withUnsafeGuaranteedRef { $0.doc } }

    @inline(__always) func advance(to target: Int32) throws(StoreError) -> Int32 {
        try borrowing { scorer throws(StoreError) in try scorer.advance(to: target) }
    }

    @inline(__always) var twoPhase: Bool { _withUnsafeGuaranteedRef { $0.twoPhase } }

    /// A scorer that is not `twoPhase` is advanced straight away: one
    /// dynamic call per step, not two (`approximate`'s default calls
    /// `advance`), in the conjunction loop every word goes through.
    @inline(__always) func approximate(to target: Int32) throws(StoreError) -> Int32 {
        try borrowing { scorer throws(StoreError) in
            scorer.twoPhase ? try scorer.approximate(to: target) : try scorer.advance(to: target)
        }
    }

    @inline(__always) func confirm() throws(StoreError) -> Bool {
        try borrowing { scorer throws(StoreError) in try scorer.confirm() }
    }

    @inline(__always) func score() throws(StoreError) -> Double {
        try borrowing { scorer throws(StoreError) in try scorer.score() }
    }

    @inline(__always) func matches(at target: Int32) throws(StoreError) -> Bool {
        try borrowing { scorer throws(StoreError) in try scorer.matches(at: target) }
    }

    @inline(__always) func blockBound() -> (bound: Double, upTo: Int32)? {
        _withUnsafeGuaranteedRef { $0.blockBound() }
    }
}

extension Unmanaged where Instance == PostingsCursor {
    @inline(__always) var doc: Int32 { _withUnsafeGuaranteedRef { $0.doc } }
    @inline(__always) var freq: Int32 { _withUnsafeGuaranteedRef { $0.freq } }
    @inline(__always) var blockMaxima: (lastDoc: Int32, maxFreq: Int32, minLength: Int32) {
        _withUnsafeGuaranteedRef { $0.blockMaxima }
    }

    @inline(__always) func advance(to target: Int32) throws(StoreError) -> Int32 {
        try borrowing { cursor throws(StoreError) in try cursor.advance(to: target) }
    }

    @inline(__always) func decodePositions(into output: UnsafeMutablePointer<UInt32>) throws(StoreError) {
        // The failure is returned, not thrown: a throwing closure returning
        // nothing here crashes the 6.3 compiler.
        let failure: StoreError? = _withUnsafeGuaranteedRef { cursor in
            do throws(StoreError) {
                try cursor.decodePositions(into: output)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
    }
}
