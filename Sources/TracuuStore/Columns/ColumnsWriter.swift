/// Writes per-document columns (FORMAT.md, "Columns"): fixed-width signed
/// little-endian values, one array per column, 8-byte aligned so readers
/// could load them directly.
enum ColumnsWriter {
    static func write(
        _ output: IndexOutput, schema: IndexSchema, values: [[Int64]], docCount: Int
    ) throws(StoreError) {
        var head = ByteWriter()
        head.u32(UInt32(docCount))
        head.u32(UInt32(schema.columns.count))
        let directoryStart = output.offset + head.count
        var offset = directoryStart + schema.columns.count * 16
        offset += (8 - offset % 8) % 8
        for column in schema.columns {
            head.append(Array(column.tag.utf8))
            head.u8(UInt8(column.width))
            head.append([0, 0, 0])
            head.u64(UInt64(offset))
            offset += column.width * docCount
            offset += (8 - offset % 8) % 8
        }
        try output.write(head)
        try output.pad(toMultipleOf: 8)
        for (index, column) in schema.columns.enumerated() {
            var data = ByteWriter(capacity: column.width * docCount)
            for value in values[index] { data.fixed(UInt64(bitPattern: value), column.width) }
            try output.write(data)
            try output.pad(toMultipleOf: 8)
        }
    }
}
