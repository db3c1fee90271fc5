import TracuuCore

/// The kinds of index file, with the tag in their header and their name's
/// extension. FORMAT.md's file table lists exactly these (a test checks it).
public enum FileKind: String, Sendable, CaseIterable {
    case commit = "CMIT"
    case dictionary = "DICT"
    case postings = "POST"
    case positions = "POSI"
    case columns = "COLS"
    case stored = "STOR"
    case deletions = "DELS"

    public var tag: [UInt8] { Array(rawValue.utf8) }

    /// The file name extension ("" for commits, which have none).
    public var fileExtension: String {
        switch self {
        case .commit: ""
        case .dictionary: "tdict"
        case .postings: "tpost"
        case .positions: "tpos"
        case .columns: "tcol"
        case .stored: "tstore"
        case .deletions: "tdel"
        }
    }

    /// The files every segment has (deletion files come and go).
    public static let segmentFiles: [FileKind] = [.dictionary, .postings, .positions, .columns, .stored]
}

/// The 24-byte header and 16-byte footer of every index file (FORMAT.md,
/// "Common structure").
public enum FileFraming {
    public static let magic: [UInt8] = Array("TRCU".utf8)
    public static let footerMagic: [UInt8] = Array("UCRT".utf8)
    public static let headerSize = 24
    public static let footerSize = 16

    public static func header(kind: FileKind, segmentID: UInt64) -> [UInt8] {
        var writer = ByteWriter(capacity: headerSize)
        writer.append(magic)
        writer.append(kind.tag)
        writer.u32(FormatVersion.current)
        writer.u32(0)
        writer.u64(segmentID)
        return writer.bytes
    }

    /// Checks a whole file's framing: header fields and footer length/magic,
    /// and the checksum when `verifyChecksum` is set. Returns the body region
    /// (after the header, before the footer).
    public static func validate(
        _ buffer: UnsafeRawBufferPointer, kind: FileKind, segmentID: UInt64?, file: String, verifyChecksum: Bool
    ) throws(StoreError) -> Range<Int> {
        guard buffer.count >= headerSize + footerSize else {
            throw StoreError.corrupt(file, "\(buffer.count) bytes is too short for a header and footer (truncated?)")
        }
        guard buffer.prefix(4).elementsEqual(magic) else {
            throw StoreError.corrupt(file, "bad magic at offset 0: expected TRCU, found \(hex(buffer.prefix(4)))")
        }
        let foundKind = String(decoding: buffer[4..<8], as: UTF8.self)
        guard foundKind == kind.rawValue else {
            throw StoreError.corrupt(file, "kind at offset 4: expected \(kind.rawValue), found \(foundKind)")
        }
        var reader = ByteReader(buffer, offset: 8, file: file)
        let version = try reader.u32()
        guard FormatVersion.readable.contains(version) else {
            throw StoreError(
                .version,
                "index file \(file) has format version \(version); this tracuu reads versions \(FormatVersion.readable.lowerBound) to \(FormatVersion.current). Rebuild the index with `tracuu index --rebuild`."
            )
        }
        _ = try reader.u32()
        let foundID = try reader.u64()
        if let segmentID, foundID != segmentID {
            throw StoreError.corrupt(
                file, "segment id at offset 16: expected \(hexID(segmentID)), found \(hexID(foundID)) (a file from another segment?)")
        }
        let footerStart = buffer.count - footerSize
        var footer = ByteReader(buffer, offset: footerStart, file: file)
        let bodyLength = try footer.u64()
        let checksum = try footer.u32()
        guard buffer[(footerStart + 12)...].elementsEqual(footerMagic) else {
            throw StoreError.corrupt(file, "bad footer magic at offset \(footerStart + 12) (truncated or damaged)")
        }
        guard bodyLength == UInt64(footerStart) else {
            throw StoreError.corrupt(
                file, "footer says \(bodyLength) bytes before it, the file has \(footerStart) (truncated?)")
        }
        if verifyChecksum {
            let actual = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[..<footerStart]))
            guard actual == checksum else {
                throw StoreError.corrupt(
                    file, "checksum mismatch: footer says \(hexID(UInt64(checksum))), content has \(hexID(UInt64(actual)))")
            }
        }
        return headerSize..<footerStart
    }

    /// Checks the CRC32C of bytes `range` of a file against the one recorded
    /// for them; `what` names the bytes in the error.
    public static func checkChecksum(
        _ buffer: UnsafeRawBufferPointer, _ range: Range<Int>, recorded: UInt32, file: String, what: @autoclosure () -> String
    ) throws(StoreError) {
        let actual = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: buffer[range]))
        guard actual == recorded else {
            throw StoreError.corrupt(file, "\(what()): checksum mismatch (recorded \(recorded), bytes have \(actual))")
        }
    }

    /// The format version in a file's header (the file is assumed validated).
    public static func version(_ buffer: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(buffer[8]) | UInt32(buffer[9]) << 8 | UInt32(buffer[10]) << 16 | UInt32(buffer[11]) << 24
    }

    /// The checksum stored in a file's footer (the file is assumed framed).
    public static func storedChecksum(_ buffer: UnsafeRawBufferPointer) -> UInt32 {
        let start = buffer.count - footerSize + 8
        return UInt32(buffer[start]) | UInt32(buffer[start + 1]) << 8 | UInt32(buffer[start + 2]) << 16
            | UInt32(buffer[start + 3]) << 24
    }

    static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined(
            separator: " ")
    }

    static func hexID(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}
