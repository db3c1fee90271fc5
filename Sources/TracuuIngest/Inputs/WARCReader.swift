import TracuuCore

/// Reads the records of a WARC file (ISO 28500: WARC/1.0 and 1.1, as wget,
/// Heritrix and Browsertrix write them), plain or gzip-compressed (one gzip
/// member per record, read on across members), one record at a time, so
/// an archive of any size costs one record of memory.
///
/// A record is a version line, named fields up to a blank line, then
/// exactly `Content-Length` bytes of block. A file that is not WARC, a
/// record without a length, or one cut short by the end of the file stops
/// the reading of that file with an error naming it and the record; the
/// records before it stand.
final class WARCReader {
    struct Record {
        /// Field names lower-cased (`warc-type`, `warc-target-uri`, …).
        var fields: [String: String]
        var block: ArraySlice<UInt8>
        /// 1 for the first record of the file.
        var number: Int

        var type: String { fields["warc-type"]?.lowercased() ?? "" }
    }

    let path: String
    private let reader: CompressedLineReader
    private var count = 0
    private var failed = false

    init(path: String) throws(IngestError) {
        self.path = path
        do {
            reader = try CompressedLineReader(path: path)
        } catch {
            throw IngestError(.unreadable, source: path, reason: error.reason)
        }
    }

    /// The next record, or nil at the end of the file (or after an error).
    func next() throws(IngestError) -> Record? {
        guard !failed else { return nil }
        do throws(IngestError) {
            return try read()
        } catch {
            failed = true
            throw error
        }
    }

    private func read() throws(IngestError) -> Record? {
        var versionLine: ArraySlice<UInt8>?
        // Records are separated by two CRLFs; skip any blank lines.
        while let line = try line() {
            if !line.isEmpty {
                versionLine = line
                break
            }
        }
        guard let versionLine else { return nil }
        count += 1
        guard versionLine.starts(with: Array("WARC/".utf8)) else {
            let reason = count == 1 ? "not a WARC file (it does not start with WARC/)" : "record \(count) does not start with WARC/"
            throw IngestError(.unreadable, source: path, reason: reason)
        }
        var fields: [String: String] = [:]
        while let line = try line(), !line.isEmpty {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self)
            fields[name] = collapseWhitespace(value)
        }
        guard let lengthText = fields["content-length"], let length = Int(lengthText), length >= 0 else {
            throw IngestError(.unreadable, source: path, reason: "record \(count) has no valid Content-Length")
        }
        let block: ArraySlice<UInt8>
        do {
            block = try reader.nextBytes(length)
        } catch {
            throw IngestError(.unreadable, source: path, reason: error.reason)
        }
        guard block.count == length else {
            throw IngestError(
                .unreadable, source: path,
                reason: "record \(count) is cut short: \(block.count) of its \(length) bytes before the end of the file")
        }
        return Record(fields: fields, block: block, number: count)
    }

    private func line() throws(IngestError) -> ArraySlice<UInt8>? {
        do {
            return try reader.nextLine()
        } catch {
            throw IngestError(.unreadable, source: path, reason: error.reason)
        }
    }
}
