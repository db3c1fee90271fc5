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
