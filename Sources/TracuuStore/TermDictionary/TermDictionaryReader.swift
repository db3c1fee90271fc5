#if canImport(Glibc)
import Glibc
#endif
/// Looks terms up in a segment's `.tdict` (FORMAT.md, "Term dictionary").
///
/// The first term of every block of 32 is in an index; a lookup binary
/// searches those keys and decodes one block from the mapped file. From
/// version 6 the indexes are checked at open and each block the first time
/// it is decoded; older files are checked whole at open.
///
/// - Complexity: lookup O(log(t/32) + 32); iteration O(1) amortized per term.
public final class TermDictionaryReader: @unchecked Sendable {
    let file: MappedFile
    public let termCount: Int
    private let termBlocks: BlockIndex
    private let foldBlocks: BlockIndex
    private let termIndexOffset: Int
    private let foldIndexOffset: Int
    private let blockSize: Int
    /// Fields whose terms have positions, by field byte.
    private let positional: [Bool]
    /// Where the blocks lie (after the header, before the term index).
    private let blocksRegion: Range<Int>
    /// Term blocks, then fold blocks, that passed their checksum; nil for a
    /// file checked whole at open (before version 6).
    private let verifiedBlocks: VerifiedParts?

    init(file: MappedFile, segmentID: UInt64) throws(StoreError) {
        self.file = file
        let blockChecksums = FileFraming.version(file.buffer) >= 6
        let body = try FileFraming.validate(
            file.buffer, kind: .dictionary, segmentID: segmentID, file: file.name, verifyChecksum: !blockChecksums)
        let trailerSize = TermDictionaryWriter.trailerSize - (blockChecksums ? 0 : 4)
        guard body.count >= trailerSize else { throw StoreError.corrupt(file.name, "too short for its trailer") }
        let trailerStart = body.upperBound - trailerSize
        var trailer = file.reader(offset: trailerStart, end: body.upperBound)
        termCount = Int(try trailer.u64())
        let termBlockCount = Int(try trailer.u32())
        let foldBlockCount = Int(try trailer.u32())
        termIndexOffset = Int(try trailer.u64())
        foldIndexOffset = Int(try trailer.u64())
        let fieldTableOffset = Int(try trailer.u64())
        blockSize = Int(try trailer.u32())
        guard blockSize > 0, termIndexOffset >= body.lowerBound, termIndexOffset <= foldIndexOffset,
            foldIndexOffset <= fieldTableOffset, fieldTableOffset < trailerStart,
            (termCount + blockSize - 1) / blockSize == termBlockCount
        else {
            throw StoreError.corrupt(file.name, "inconsistent trailer (terms \(termCount), blocks \(termBlockCount))")
        }
        if blockChecksums {
            // The indexes, the field table and the trailer: all that is read here.
            try FileFraming.checkChecksum(
                file.buffer, termIndexOffset..<(body.upperBound - 4), recorded: try trailer.u32(), file: file.name,
                what: "the block indexes")
        }
        var fieldTable = file.reader(offset: fieldTableOffset, end: trailerStart)
        var positional = [Bool](repeating: false, count: 256)
        for _ in 0..<(try fieldTable.u8()) {
            let id = try fieldTable.u8()
            positional[Int(id)] = try fieldTable.u8() & 1 != 0
        }
        self.positional = positional
        blocksRegion = body.lowerBound..<termIndexOffset
        if FileFraming.version(file.buffer) >= 8 {
            termBlocks = try BlockIndex(
                fixed: termIndexOffset..<foldIndexOffset, of: file, count: termBlockCount, blocks: blocksRegion,
                what: "term", extras: 2)
            foldBlocks = try BlockIndex(
                fixed: foldIndexOffset..<fieldTableOffset, of: file, count: foldBlockCount, blocks: blocksRegion,
                what: "fold", extras: 0)
        } else {
            termBlocks = try BlockIndex(
                file.reader(offset: termIndexOffset, end: foldIndexOffset), count: termBlockCount,
                blocks: blocksRegion, what: "term", extras: 2, checksums: blockChecksums)
            foldBlocks = try BlockIndex(
                file.reader(offset: foldIndexOffset, end: fieldTableOffset), count: foldBlockCount,
                blocks: blocksRegion, what: "fold", extras: 0, checksums: blockChecksums)
        }
        verifiedBlocks = blockChecksums ? VerifiedParts(count: termBlockCount + foldBlockCount) : nil
    }

    /// Checks a block's bytes the first time they are decoded (version 6).
    /// `part` numbers term blocks first, then fold blocks.
    private func verifyBlock(_ part: Int, _ bytes: Range<Int>, checksum: @autoclosure () -> UInt32) throws(StoreError) {
        guard let verifiedBlocks else { return }
        try verifiedBlocks.verify(
            part, bytes, of: file, within: blocksRegion, checksum: checksum(), what: "dictionary block \(part)")
    }

    /// Each block's first key, offset, `extras` more numbers and (version
    /// 6 on) checksum, in the fixed-width layout of version 8
    /// (`TermDictionaryWriter.entrySize`): read where it lies in the mapped
    /// file, so opening a segment checks it in one pass and allocates
    /// nothing. An older, varint-coded index is decoded at open into the
    /// same layout, so one set of accessors reads both.
    struct BlockIndex {
        /// Where `entries` and `keys` count from: the mapped file, or the
        /// decoded entries of an older file.
        private let base: UnsafeRawPointer
        /// Keeps an older file's decoded entries alive (nil for version 8).
        private let decoded: DecodedEntries?
        let count: Int
        private let extras: Int
        private let entries: Int
        private let entrySize: Int
        private let keys: Int

        /// Checks a fixed-width index (version 8) in `region` of the file.
        init(
            fixed region: Range<Int>, of file: MappedFile, count: Int, blocks: Range<Int>, what: String, extras: Int
        ) throws(StoreError) {
            try self.init(
                base: file.buffer.baseAddress!, decoded: nil, region: region, name: file.name, count: count,
                blocks: blocks, what: what, extras: extras)
        }

        /// Decodes a varint-coded index (before version 8) into the fixed
        /// layout, checksums 0 before version 6 (the file is checked whole).
        init(
            _ reader: ByteReader, count: Int, blocks: Range<Int>, what: String, extras: Int, checksums hasChecksums: Bool
        ) throws(StoreError) {
            var reader = reader
            var entries = ByteWriter(capacity: count * TermDictionaryWriter.entrySize(extras: extras))
            var keys = ByteWriter()
            for _ in 0..<count {
                let key = Array(try reader.bytes(try reader.varintInt()))
                TermDictionaryWriter.startEntry(&entries, keys: &keys, key: key, blockOffset: try reader.varintInt())
                for _ in 0..<extras { entries.u64(UInt64(try reader.varintInt())) }
                TermDictionaryWriter.endEntry(&entries, checksum: hasChecksums ? try reader.u32() : 0)
            }
            let decoded = DecodedEntries(entries.bytes + keys.bytes)
            try self.init(
                base: decoded.base, decoded: decoded, region: 0..<decoded.count, name: reader.file, count: count,
                blocks: blocks, what: what, extras: extras)
        }

        /// `count` entries of `extras` numbers each at the start of
        /// `region` (from `base`), their keys after them. Every block
        /// offset must fall among the blocks, in order, and every key among
        /// the keys.
        private init(
            base: UnsafeRawPointer, decoded: DecodedEntries?, region: Range<Int>, name: String, count: Int,
            blocks: Range<Int>, what: String, extras: Int
        ) throws(StoreError) {
            self.base = base
            self.decoded = decoded
            self.count = count
            self.extras = extras
            entrySize = TermDictionaryWriter.entrySize(extras: extras)
            entries = region.lowerBound
            let (entriesSize, overflow) = count.multipliedReportingOverflow(by: entrySize)
            guard !overflow, entriesSize <= region.count else {
                throw StoreError.corrupt(name, "the \(what) index is shorter than its \(count) entries")
            }
            keys = region.lowerBound + entriesSize
            let keysSize = UInt64(region.upperBound - keys)
            var previous = -1
            for block in 0..<count {
                let entry = base + entries + block * entrySize
                let keyEnd = UInt64(entry.loadUnaligned(as: UInt32.self)) + UInt64(entry.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
                let offset = Int(truncatingIfNeeded: entry.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
                guard keyEnd <= keysSize, blocks.contains(offset), offset > previous else {
                    throw StoreError.corrupt(
                        name, "\(what) index entry \(block): key or block offset \(offset) out of range or order")
                }
                previous = offset
            }
        }

        /// Block `block`'s offset in the file.
        @inline(__always)
        func offset(_ block: Int) -> Int {
            return Int(truncatingIfNeeded: (base + entries + block * entrySize).loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }

        /// Extra number `which` of block `block`.
        func extra(_ block: Int, _ which: Int) -> Int {
            return Int(
                truncatingIfNeeded: (base + entries + block * entrySize).loadUnaligned(
                    fromByteOffset: 16 + 8 * which, as: UInt64.self))
        }

        /// Block `block`'s checksum (version 6 on).
        func checksum(_ block: Int) -> UInt32 {
            return (base + entries + block * entrySize).loadUnaligned(fromByteOffset: 16 + 8 * extras, as: UInt32.self)
        }

        /// Block `block`'s first key, in the mapped file.
        @inline(__always)
        private func key(_ block: Int) -> UnsafeRawBufferPointer {
            let entry = base + entries + block * entrySize
            return UnsafeRawBufferPointer(
                start: base + keys + Int(entry.loadUnaligned(as: UInt32.self)),
                count: Int(entry.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        }

        /// The last block whose first key is ≤ `key`, or nil when `key`
        /// comes before every block.
        func lastBlock(notAfter key: [UInt8]) -> Int? {
            var low = 0
            var high = count
            key.withUnsafeBytes { key in
                while low < high {
                    let middle = (low + high) / 2
                    if KeyOrder.precedes(key, self.key(middle)) { high = middle } else { low = middle + 1 }
                }
            }
            return low == 0 ? nil : low - 1
        }
    }

    /// The term's statistics and offsets, or nil when the segment lacks it.
    public func lookup(_ term: [UInt8]) throws(StoreError) -> TermInfo? {
        guard let block = termBlocks.lastBlock(notAfter: term) else { return nil }
        var cursor = try blockCursor(block)
        while let info = try cursor.advance() {
            if cursor.key.equals(term) { return info }
            if !cursor.key.precedes(term) { return nil }
        }
        return nil
    }

    /// The term at `ordinal` with its info.
    public func term(at ordinal: Int) throws(StoreError) -> (term: [UInt8], info: TermInfo) {
        try terms(at: [ordinal])[0]
    }

    /// The terms at `ordinals` (in that order) with their infos, each block
    /// decoded once: a fold group's forms sit in a few blocks, and reading
    /// each from its block's start decoded the same entries again and again.
    public func terms(at ordinals: [Int]) throws(StoreError) -> [(term: [UInt8], info: TermInfo)] {
        var sorted = Array(ordinals.enumerated())
        sorted.sort { $0.element < $1.element }
        if let bad = sorted.first(where: { !(0..<termCount).contains($0.element) }) {
            throw StoreError.corrupt(file.name, "term ordinal \(bad.element) out of range (\(termCount) terms)")
        }
        guard let first = sorted.first?.element else { return [] }
        var found = [(term: [UInt8], info: TermInfo)?](repeating: nil, count: ordinals.count)
        var cursorBlock = first / blockSize
        var cursor = try blockCursor(cursorBlock)
        var next = cursorBlock * blockSize  // the ordinal `cursor` yields next
        for (index, ordinal) in sorted {
            let block = ordinal / blockSize
            if cursorBlock != block || next > ordinal {
                cursor = try blockCursor(block)
                cursorBlock = block
                next = block * blockSize
            }
            // Entries before the ordinal are passed over, not handed out.
            while next <= ordinal {
                guard let info = try cursor.advance() else {
                    throw StoreError.corrupt(file.name, "term block \(block) ends early")
                }
                if next == ordinal { found[index] = (cursor.key.bytes, info) }
                next += 1
            }
        }
        return found.map { $0! }
    }

    /// The terms whose fold key is `key` (field byte + fold key), or nil
    /// when no term of the segment has it.
    public func foldGroup(_ key: [UInt8]) throws(StoreError) -> FoldGroup? {
        var entries = foldGroups(from: key)
        guard let group = try entries.next(), group.key == key else { return nil }
        return group
    }

    /// The fold groups whose key starts with `prefix` (field byte + the
    /// start of a fold key), in key order, at most `limit` of them: what a
    /// prefix query (`ngoai*`) expands to, marks and case ignored.
    public func foldGroups(withPrefix prefix: [UInt8], limit: Int) throws(StoreError) -> [FoldGroup] {
        var groups: [FoldGroup] = []
        var entries = foldGroups(from: prefix)
        while groups.count < limit, let group = try entries.next(), group.key.starts(with: prefix) {
            groups.append(group)
        }
        return groups
    }

    /// The fold map's entries in key order, from the first whose key is
    /// ≥ `start`: a merge reads its segments' groups side by side.
    public func foldGroups(from start: [UInt8] = []) -> FoldIterator {
        FoldIterator(dictionary: self, block: foldBlocks.lastBlock(notAfter: start) ?? 0, skipBelow: start)
    }

    /// A reader over fold block `block`'s bytes, checked first.
    fileprivate func foldBlockReader(_ block: Int) throws(StoreError) -> ByteReader? {
        guard block < foldBlocks.count else { return nil }
        let end = block + 1 < foldBlocks.count ? foldBlocks.offset(block + 1) : termIndexOffset
        try verifyBlock(termBlocks.count + block, foldBlocks.offset(block)..<end, checksum: foldBlocks.checksum(block))
        return file.reader(offset: foldBlocks.offset(block), end: end)
    }

    fileprivate var foldBlockSize: Int { blockSize }

    /// All terms in order, from the first term ≥ `start`.
    public func terms(from start: [UInt8] = []) throws(StoreError) -> TermIterator {
        let block = termBlocks.lastBlock(notAfter: start) ?? 0
        return TermIterator(dictionary: self, block: block, skipBelow: start)
    }

    func blockCursor(_ block: Int) throws(StoreError) -> BlockCursor {
        guard block < termBlocks.count else {
            throw StoreError.corrupt(file.name, "term block \(block) out of range")
        }
        let end =
            block + 1 < termBlocks.count
            ? termBlocks.offset(block + 1) : foldBlocks.count > 0 ? foldBlocks.offset(0) : termIndexOffset
        try verifyBlock(block, termBlocks.offset(block)..<end, checksum: termBlocks.checksum(block))
        return BlockCursor(
            reader: file.reader(offset: termBlocks.offset(block), end: end), firstOrdinal: block * blockSize,
            remaining: min(blockSize, termCount - block * blockSize), positional: positional,
            postings: termBlocks.extra(block, 0), positions: termBlocks.extra(block, 1))
    }

    var blockCount: Int { termBlocks.count }

    /// Decodes one block's entries in order, the current key in `key`.
    struct BlockCursor {
        var reader: ByteReader
        var ordinal: Int
        var remaining: Int
        private(set) var key = PrefixKey()
        var postings = 0
        var positions = 0
        let positional: [Bool]

        init(reader: ByteReader, firstOrdinal: Int, remaining: Int, positional: [Bool], postings: Int, positions: Int) {
            self.reader = reader
            self.ordinal = firstOrdinal
            self.remaining = remaining
            self.positional = positional
            self.postings = postings
            self.positions = positions
        }

        /// The next entry, its key copied out.
        mutating func next() throws(StoreError) -> (term: [UInt8], info: TermInfo)? {
            guard let info = try advance() else { return nil }
            return (key.bytes, info)
        }

        /// Reads the next entry, its key into `key`; returns its statistics
        /// (nil at the block's end).
        mutating func advance() throws(StoreError) -> TermInfo? {
            guard remaining > 0 else { return nil }
            try key.read(from: &reader) { prefix, reader in
                StoreError.corrupt(reader.file, "term prefix \(prefix) longer than the previous term at offset \(reader.offset)")
            }
            guard let field = key.first else { throw StoreError.corrupt(reader.file, "empty term at ordinal \(ordinal)") }
            var info = TermInfo(
                ordinal: ordinal, docFreq: try reader.varintInt(), postingsOffset: postings, positionsOffset: positions,
                hasPositions: positional[Int(field)])
            info.postingsLength = try reader.varintInt()
            info.postingsChecksum = try reader.u32()
            if info.hasPositions {
                info.positionsLength = try reader.varintInt()
                info.positionsChecksum = try reader.u32()
            }
            postings += info.postingsLength
            positions += info.positionsLength
            ordinal += 1
            remaining -= 1
            return info
        }
    }
}

/// A fold-map entry (FORMAT.md, "Term dictionary"): the terms sharing a
/// fold key.
public struct FoldGroup: Equatable, Sendable {
    /// Field byte + fold key.
    public var key: [UInt8]
    /// The terms' ordinals, ascending.
    public var ordinals: [Int]
    /// Documents holding any of the terms (deleted ones included), or nil
    /// when the segment does not record it (before version 10): a word
    /// typed without marks reads its whole group, and this count spares
    /// decoding every form's postings for its idf.
    public var docFreq: Int? {
        get { recorded > 0 ? Int(recorded) : nil }
        set { recorded = Int32(clamping: newValue ?? 0) }
    }
    /// 32 bits, not an optional Int: a merge holds every group of the
    /// merged segment at once.
    private var recorded: Int32

    public init(key: [UInt8], ordinals: [Int], docFreq: Int?) {
        self.key = key
        self.ordinals = ordinals
        self.recorded = Int32(clamping: docFreq ?? 0)
    }
}

/// Walks a dictionary's fold map in key order.
public struct FoldIterator {
    let dictionary: TermDictionaryReader
    var block: Int
    var reader: ByteReader?
    var inBlock = 0
    var current = PrefixKey()
    var skipBelow: [UInt8]
    /// Whether entries carry `GroupDocFreq` (version 10 on).
    let counted: Bool

    init(dictionary: TermDictionaryReader, block: Int, skipBelow: [UInt8]) {
        self.dictionary = dictionary
        self.block = block
        self.skipBelow = skipBelow
        counted = FileFraming.version(dictionary.file.buffer) >= 10
    }

    public mutating func next() throws(StoreError) -> FoldGroup? {
        while true {
            if reader == nil || reader!.isAtEnd || inBlock == dictionary.foldBlockSize {
                guard let next = try dictionary.foldBlockReader(block) else { return nil }
                reader = next
                block += 1
                inBlock = 0
                // Keys are prefix-coded within a block only.
                current = PrefixKey()
            }
            let name = dictionary.file.name
            try current.read(from: &reader!) { _, _ in StoreError.corrupt(name, "fold entry prefix too long") }
            let count = try reader!.varintInt()
            let docFreq = counted ? try reader!.varintInt() : 0
            inBlock += 1
            // Entries before `skipBelow` pass with their ordinals undecoded.
            if !skipBelow.isEmpty {
                if current.precedes(skipBelow) {
                    try reader!.skipVarints(count)
                    continue
                }
                skipBelow = []
            }
            var ordinals: [Int] = []
            ordinals.reserveCapacity(count)
            var ordinal = 0
            for _ in 0..<count {
                ordinal += try reader!.varintInt()
                ordinals.append(ordinal)
            }
            return FoldGroup(key: current.bytes, ordinals: ordinals, docFreq: docFreq > 0 ? docFreq : nil)
        }
    }
}

/// Walks a dictionary's terms in byte order.
public struct TermIterator {
    let dictionary: TermDictionaryReader
    var block: Int
    var cursor: TermDictionaryReader.BlockCursor?
    var skipBelow: [UInt8]

    init(dictionary: TermDictionaryReader, block: Int, skipBelow: [UInt8]) {
        self.dictionary = dictionary
        self.block = block
        self.skipBelow = skipBelow
    }

    public mutating func next() throws(StoreError) -> (term: [UInt8], info: TermInfo)? {
        while true {
            if cursor == nil {
                guard block < dictionary.blockCount else { return nil }
                cursor = try dictionary.blockCursor(block)
                block += 1
            }
            if let entry = try cursor!.next() {
                if !skipBelow.isEmpty {
                    if entry.term.lexicographicallyPrecedes(skipBelow) { continue }
                    skipBelow = []
                }
                return entry
            }
            cursor = nil
        }
    }
}

/// An older dictionary's index entries decoded into the version 8 layout,
/// owned for as long as its reader lives.
final class DecodedEntries: @unchecked Sendable {
    let base: UnsafeRawPointer
    let count: Int

    init(_ bytes: [UInt8]) {
        let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        bytes.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        base = UnsafeRawPointer(memory)
        count = bytes.count
    }

    deinit { UnsafeMutableRawPointer(mutating: base).deallocate() }
}
