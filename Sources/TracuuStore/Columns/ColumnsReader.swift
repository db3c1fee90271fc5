/// Reads per-document columns from a mapped `.tcol` file (FORMAT.md, "Columns").
public final class ColumnsReader: @unchecked Sendable {
    public struct Column: Sendable {
        public let tag: String
        let width: Int
        let offset: Int
    }

    let file: MappedFile
    public let docCount: Int
    public let columns: [Column]

    init(file: MappedFile, segmentID: UInt64) throws(StoreError) {
        self.file = file
        let body = try FileFraming.validate(
            file.buffer, kind: .columns, segmentID: segmentID, file: file.name, verifyChecksum: true)
        var reader = file.reader(offset: body.lowerBound, end: body.upperBound)
        docCount = Int(try reader.u32())
        let count = Int(try reader.u32())
        var columns: [Column] = []
        for _ in 0..<count {
            let tag = String(decoding: try reader.bytes(4), as: UTF8.self)
            let width = Int(try reader.u8())
            try reader.skip(3)
            let offset = Int(try reader.u64())
            guard [1, 2, 4, 8].contains(width), offset >= body.lowerBound, offset + width * docCount <= body.upperBound
            else {
                throw StoreError.corrupt(file.name, "column \(tag) (width \(width), offset \(offset)) lies outside the file")
            }
            columns.append(Column(tag: tag, width: width, offset: offset))
        }
        self.columns = columns
    }

    public func column(_ tag: String) -> Column? { columns.first { $0.tag == tag } }

    /// The value of `column` for `doc` (sign-extended).
    @inline(__always)
    public func value(_ column: Column, _ doc: Int) -> Int64 { view(column)[doc] }

    /// Calls `body` with every document's value of `column`: the mapped
    /// values themselves when they are 8 bytes wide and aligned (as
    /// `ColumnsWriter` lays them out) on a little-endian host, else a copy.
    /// Why: a pass over every document through `View` tests the width per
    /// value; every search process makes such passes (republications) over
    /// every article.
    public func withValues<R>(_ column: Column, _ body: (UnsafeBufferPointer<Int64>) throws -> R) rethrows -> R {
        #if _endian(little)
        if column.width == 8, column.offset % 8 == 0 {
            let start = UnsafeRawPointer(file.buffer.baseAddress! + column.offset)
                .bindMemory(to: Int64.self, capacity: docCount)
            return try body(UnsafeBufferPointer(start: start, count: docCount))
        }
        #endif
        let view = view(column)
        let copy = (0..<docCount).map { view[$0] }
        return try copy.withUnsafeBufferPointer(body)
    }

    /// The column's total over every document (wrapping), with one loop
    /// per width rather than a width test per value.
    public func total(_ column: Column) -> Int64 {
        let base = file.buffer.baseAddress! + column.offset
        func sum<T: FixedWidthInteger & SignedInteger>(_: T.Type) -> Int64 {
            var total: Int64 = 0
            for doc in 0..<docCount {
                total &+= Int64(T(littleEndian: base.loadUnaligned(fromByteOffset: doc * MemoryLayout<T>.size, as: T.self)))
            }
            return total
        }
        switch column.width {
        case 1: return sum(Int8.self)
        case 2: return sum(Int16.self)
        case 4: return sum(Int32.self)
        default: return sum(Int64.self)
        }
    }

    /// The column's values in place, for loops over many documents.
    public func view(_ column: Column) -> View {
        View(base: file.buffer.baseAddress! + column.offset, width: column.width)
    }

    /// A column read straight from the mapping. Going through the reader
    /// for each document retained and released it and its file every time,
    /// which made a pass over a column of 87,000 articles cost milliseconds
    /// (every search process makes several). Valid while its reader lives.
    ///
    /// Inlinable: search reads a length per scored document, and as a call
    /// across modules this subscript was a twentieth of a query's time.
    public struct View {
        @usableFromInline let base: UnsafeRawPointer
        @usableFromInline let width: Int

        @usableFromInline init(base: UnsafeRawPointer, width: Int) {
            self.base = base
            self.width = width
        }

        /// The documents `0 ..< docCount` whose value lies in
        /// `lower ... upper`, ascending, or nil as soon as more than
        /// `limit` do. One loop per width rather than a width test per
        /// value: a date-filtered search runs this over every document of
        /// every segment. Read through the view, the scan was a twentieth
        /// of the date-filtered benchmark queries (perf); this loop takes
        /// 3 % off their instructions.
        public func docs(in lower: Int64, _ upper: Int64, docCount: Int, atMost limit: Int) -> [Int32]? {
            func scan<T: FixedWidthInteger & SignedInteger>(_: T.Type) -> [Int32]? {
                var found: [Int32] = []
                for doc in 0..<docCount {
                    let value = Int64(T(littleEndian: base.loadUnaligned(fromByteOffset: doc * MemoryLayout<T>.size, as: T.self)))
                    if value >= lower && value <= upper {
                        if found.count == limit { return nil }
                        found.append(Int32(doc))
                    }
                }
                return found
            }
            switch width {
            case 1: return scan(Int8.self)
            case 2: return scan(Int16.self)
            case 4: return scan(Int32.self)
            default: return scan(Int64.self)
            }
        }

        /// The value for `doc` (sign-extended).
        @inlinable @inline(__always)
        public subscript(doc: Int) -> Int64 {
            switch width {
            case 1: return Int64(base.load(fromByteOffset: doc, as: Int8.self))
            case 2: return Int64(Int16(littleEndian: base.loadUnaligned(fromByteOffset: doc * 2, as: Int16.self)))
            case 4: return Int64(Int32(littleEndian: base.loadUnaligned(fromByteOffset: doc * 4, as: Int32.self)))
            default: return Int64(littleEndian: base.loadUnaligned(fromByteOffset: doc * 8, as: Int64.self))
            }
        }
    }
}
