import CTracuuVarint
import Foundation
import TracuuStore

/// `tracuu-bench postings INDEX [--runs N]`: the issue asks for doc ids in
/// blocks of 128 "bit-packed or a byte-aligned scheme; measure". This reads
/// every term's documents and frequencies from an index and encodes full
/// blocks both ways — the format's varint doc codes, and frame-of-reference
/// bit-packing (per block: one byte of bit width for gaps and one for
/// frequency − 1, then the packed values, as Lucene and tantivy do) — and
/// prints the size of each and how fast a plain loop decodes each, and how
/// fast the reader's own block decoder (`CTracuuVarint`, one C call a
/// block, no branch on the frequency) decodes the varints.
/// Tails (under 128 documents) stay varints either way and are left out.
struct PostingsBench {
    var gaps: [UInt32] = []
    var freqs: [UInt32] = []

    static func run(_ path: String, runs: Int) throws {
        let reader = try IndexReader.open(path: path)
        var bench = PostingsBench()
        var tailDocs = 0
        for segment in reader.segments {
            var terms = try segment.dictionary.terms()
            while let (_, info) = try terms.next() {
                let cursor = try segment.postings(info, withPositions: false)
                var last: Int32 = 0
                var block: [(UInt32, UInt32)] = []
                while try cursor.next() != PostingsFormat.noMoreDocs {
                    block.append((UInt32(cursor.doc - last), UInt32(cursor.freq)))
                    last = cursor.doc
                    if block.count == PostingsFormat.blockSize {
                        for (gap, freq) in block {
                            bench.gaps.append(gap)
                            bench.freqs.append(freq)
                        }
                        block.removeAll(keepingCapacity: true)
                    }
                }
                tailDocs += block.count
            }
        }
        let varints = bench.encodeVarint()
        let packed = bench.encodePacked()
        let postings = bench.gaps.count
        var varintRates: [Double] = []
        var packedRates: [Double] = []
        var readerRates: [Double] = []
        var check = 0
        for _ in 0..<runs {
            varintRates.append(Double(postings) / 1e6 / seconds { check &+= PostingsBench.decodeVarint(varints.bytes) })
            packedRates.append(Double(postings) / 1e6 / seconds { check &+= PostingsBench.decodePacked(packed) })
            readerRates.append(Double(postings) / 1e6 / seconds { check &+= PostingsBench.decodeBlocks(varints) })
        }
        print("postings in full blocks: \(postings) (\(postings / PostingsFormat.blockSize) blocks; \(tailDocs) more in tails)")
        print(
            String(
                format: "varint doc codes:  %.2f MB (%.2f bits/posting), decode median %.0f M postings/s",
                Double(varints.bytes.count) / 1e6, Double(varints.bytes.count * 8) / Double(postings),
                median(varintRates)))
        print(
            String(
                format: "  the same, by the reader's C block decoder: median %.0f M postings/s", median(readerRates)))
        print(
            String(
                format: "bit-packed blocks: %.2f MB (%.2f bits/posting), decode median %.0f M postings/s",
                Double(packed.count) / 1e6, Double(packed.count * 8) / Double(postings), median(packedRates)))
        if check == 42 { print("") }  // keeps the decoders from being optimized away
    }

    static func seconds(_ body: () -> Void) -> Double {
        let elapsed = ContinuousClock().measure(body)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The format's doc codes: varint(gap << 1 | freq == 1), then freq if
    /// not 1; and where each block of 128 starts.
    func encodeVarint() -> (bytes: [UInt8], blockStarts: [Int]) {
        var out: [UInt8] = []
        var starts: [Int] = []
        func varint(_ value: UInt32) {
            var v = value
            while v >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: v) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }
        for index in gaps.indices {
            if index % PostingsFormat.blockSize == 0 { starts.append(out.count) }
            varint(gaps[index] << 1 | (freqs[index] == 1 ? 1 : 0))
            if freqs[index] != 1 { varint(freqs[index]) }
        }
        return (out, starts)
    }

    /// The varints block by block, as `PostingsCursor` decodes them.
    static func decodeBlocks(_ encoded: (bytes: [UInt8], blockStarts: [Int])) -> Int {
        var sum = 0
        var docs = [Int32](repeating: 0, count: PostingsFormat.blockSize)
        var freqs = [Int32](repeating: 0, count: PostingsFormat.blockSize)
        encoded.bytes.withUnsafeBufferPointer { buffer in
            for (number, start) in encoded.blockStarts.enumerated() {
                let end = number + 1 < encoded.blockStarts.count ? encoded.blockStarts[number + 1] : buffer.count
                let used = CTracuuVarint_decodeDocCodes(
                    buffer.baseAddress! + start, end - start, Int32(PostingsFormat.blockSize), 0, Int64(Int32.max),
                    &docs, &freqs)
                precondition(used == end - start, "block \(number) decodes whole")
                // The last doc is the block's gaps summed.
                sum &+= Int(docs[PostingsFormat.blockSize - 1]) &+ Int(freqs[0])
            }
        }
        return sum
    }

    static func decodeVarint(_ bytes: [UInt8]) -> Int {
        var sum = 0
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            func varint() -> UInt32 {
                var value: UInt32 = 0
                var shift: UInt32 = 0
                while true {
                    let byte = buffer[index]
                    index += 1
                    value |= UInt32(byte & 0x7F) << shift
                    if byte < 0x80 { return value }
                    shift += 7
                }
            }
            while index < buffer.count {
                let code = varint()
                let freq = code & 1 == 1 ? 1 : varint()
                sum &+= Int(code >> 1) &+ Int(freq)
            }
        }
        return sum
    }

    /// Per block of 128: width of gaps, width of freq − 1, packed gaps, packed freqs.
    func encodePacked() -> [UInt8] {
        var out: [UInt8] = []
        func width(_ values: ArraySlice<UInt32>) -> Int { values.map { 32 - $0.leadingZeroBitCount }.max() ?? 0 }
        func pack(_ values: ArraySlice<UInt32>, _ bits: Int) {
            var accumulator: UInt64 = 0
            var filled = 0
            for value in values {
                accumulator |= UInt64(value) << UInt64(filled)
                filled += bits
                while filled >= 8 {
                    out.append(UInt8(truncatingIfNeeded: accumulator))
                    accumulator >>= 8
                    filled -= 8
                }
            }
            if filled > 0 { out.append(UInt8(truncatingIfNeeded: accumulator)) }
        }
        var start = 0
        while start < gaps.count {
            let end = start + PostingsFormat.blockSize
            let blockGaps = gaps[start..<end]
            let blockFreqs = ArraySlice(freqs[start..<end].map { $0 - 1 })
            let gapBits = width(blockGaps)
            let freqBits = width(blockFreqs)
            out.append(UInt8(gapBits))
            out.append(UInt8(freqBits))
            pack(blockGaps, gapBits)
            pack(blockFreqs, freqBits)
            start = end
        }
        return out
    }

    static func decodePacked(_ bytes: [UInt8]) -> Int {
        var sum = 0
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            func unpack(_ bits: Int, _ body: (UInt32) -> Void) {
                guard bits > 0 else {
                    for _ in 0..<PostingsFormat.blockSize { body(0) }
                    return
                }
                var accumulator: UInt64 = 0
                var available = 0
                let mask = (UInt64(1) << UInt64(bits)) - 1
                for _ in 0..<PostingsFormat.blockSize {
                    while available < bits {
                        accumulator |= UInt64(buffer[index]) << UInt64(available)
                        index += 1
                        available += 8
                    }
                    body(UInt32(truncatingIfNeeded: accumulator & mask))
                    accumulator >>= UInt64(bits)
                    available -= bits
                }
            }
            while index < buffer.count {
                let gapBits = Int(buffer[index])
                let freqBits = Int(buffer[index + 1])
                index += 2
                unpack(gapBits) { sum &+= Int($0) }
                unpack(freqBits) { sum &+= Int($0) + 1 }
            }
        }
        return sum
    }
}
