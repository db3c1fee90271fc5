import TracuuCore

/// Per-document count buffers (`WordOccurrences`), a byte a document, kept
/// zeroed between the searches of one searcher.
///
/// Why: each query word is read into a buffer of one count per document of
/// the segment, zero where the word is absent. Zeroing a fresh buffer for
/// every word, field and segment was a twentieth of a batch of one-word
/// queries, though a word occurs in a few documents in a hundred. A buffer
/// given back is zeroed again at the documents that were written (those of
/// the word's bits), and the next search takes it as it is.
///
/// A searcher's own, like its analyzer (a searcher serves one thread); a
/// handful of buffers per segment size is kept, the rest freed.
final class CountBuffers {
    /// Free buffers by their document count (a searcher's segments have a
    /// few sizes; a list, not a dictionary, whose first use in a process
    /// costs the Swift runtime a scan of every protocol conformance).
    private var free: [(count: Int, blocks: [UnsafeMutableRawPointer])] = []
    static let keptPerSize = 32

    deinit {
        for (_, blocks) in free { for block in blocks { ZeroedMemory.free(block) } }
    }

    /// A buffer of `count` zeros.
    func take(count: Int) -> UnsafeMutableBufferPointer<UInt8> {
        if let slot = free.firstIndex(where: { $0.count == count }), let block = free[slot].blocks.popLast() {
            return UnsafeMutableBufferPointer(start: block.assumingMemoryBound(to: UInt8.self), count: count)
        }
        // At a byte's alignment, which calloc always meets, the block is
        // the buffer. Its pages mapped writable up front, the partial ones
        // at either end too (`allocateForWriting`): a word's counts are
        // added (read, then written), and each fresh page read first was
        // mapped to the shared zero page, then copied on the write, and the
        // copy flushed the other search thread's TLB through an
        // interprocessor interrupt (a percent of a batch's time).
        let (values, block) = ZeroedMemory.allocateForWriting(
            UInt8.self, count: max(count, 1), alignment: MemoryLayout<UInt8>.alignment)
        precondition(UnsafeMutableRawPointer(values) == block)
        return UnsafeMutableBufferPointer(start: values, count: count)
    }

    /// The seeded walk's candidate list and their bounds
    /// (`Searcher.walkSeeded`), kept from segment to segment and search to
    /// search: allocated afresh, up to 12 bytes a candidate, their new
    /// pages were a seventh of a batch's page faults.
    var seeds = (docs: [Int32](), ceilings: [Double]())

    /// Takes back a buffer whose nonzero counts are all at `written`'s
    /// documents.
    ///
    /// The counts are zeroed 64 at a time, for each word of `written`
    /// with a bit set: a common word's forms are in most documents, and
    /// zeroing them one document at a time (finding each bit, then its
    /// count) was a twentieth of a multi-word query; a rare word's few
    /// words cost a 64-byte clear each.
    func give(_ buffer: UnsafeMutableBufferPointer<UInt8>, written: DocBits) {
        let base = buffer.baseAddress!
        for (index, word) in written.words.enumerated() where word != 0 {
            let start = index << 6
            (base + start).update(repeating: 0, count: min(64, buffer.count - start))
        }
        keep(buffer)
    }

    /// How many free buffers of `count` documents are kept.
    func kept(count: Int) -> Int { free.first { $0.count == count }?.blocks.count ?? 0 }

    /// Frees a buffer whose contents are unknown (a read that failed).
    func discard(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        ZeroedMemory.free(UnsafeMutableRawPointer(buffer.baseAddress!))
    }

    private func keep(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        let block = UnsafeMutableRawPointer(buffer.baseAddress!)
        if let slot = free.firstIndex(where: { $0.count == buffer.count }) {
            guard free[slot].blocks.count < CountBuffers.keptPerSize else {
                ZeroedMemory.free(block)
                return
            }
            free[slot].blocks.append(block)
        } else {
            free.append((buffer.count, [block]))
        }
    }
}
