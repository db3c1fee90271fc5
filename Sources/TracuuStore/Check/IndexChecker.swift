/// Verifies a committed index end to end: the role of SQLite FTS5's
/// integrity-check and Lucene's CheckIndex, behind `tracuu check`.
///
/// It recomputes every file's checksum and compares it with the footer and
/// with what the commit recorded, then decodes every structure: dictionary
/// order and statistics, every posting (doc ids in range and increasing,
/// skip entries consistent, positions ascending), fold groups' document
/// counts, columns and every stored block. The first problem is reported naming the file.
public struct IndexChecker {
    public struct Report: Sendable {
        public var segments = 0
        public var documents = 0
        public var terms = 0
        public var postings = 0
        public var positions = 0
        public var bytes: UInt64 = 0
    }

    public init() {}

    public func check(_ reader: IndexReader) throws(StoreError) -> Report {
        var report = Report()
        for segment in reader.segments {
            try checkFiles(segment, directory: reader.directory, report: &report)
            try checkTerms(segment, report: &report)
            try checkFoldGroups(segment)
            try checkStored(segment)
            report.segments += 1
            report.documents += segment.liveCount
        }
        return report
    }

    private func checkFiles(_ segment: SegmentReader, directory: IndexDirectory, report: inout Report) throws(StoreError) {
        for file in segment.info.files {
            let mapped = try directory.map(file.name)
            guard UInt64(mapped.buffer.count) == file.length else {
                throw StoreError.corrupt(file.name, "\(mapped.buffer.count) bytes, the commit recorded \(file.length)")
            }
            let kind = FileKind.allCases.first { !$0.fileExtension.isEmpty && file.name.hasSuffix("." + $0.fileExtension) }
            guard let kind else { throw StoreError.corrupt(file.name, "not a known index file") }
            _ = try FileFraming.validate(
                mapped.buffer, kind: kind, segmentID: segment.info.segmentID, file: file.name, verifyChecksum: true)
            let stored = FileFraming.storedChecksum(mapped.buffer)
            guard stored == file.checksum else {
                throw StoreError.corrupt(file.name, "footer checksum \(stored) differs from the commit's \(file.checksum)")
            }
            report.bytes += file.length
        }
    }

    private func checkTerms(_ segment: SegmentReader, report: inout Report) throws(StoreError) {
        var iterator = try segment.dictionary.terms()
        var previous: [UInt8]?
        var count = 0
        let docCount = Int32(segment.docCount)
        while let (term, info) = try iterator.next() {
            let name = segment.info.fileName(.dictionary)
            if let previous, !previous.lexicographicallyPrecedes(term) {
                throw StoreError.corrupt(name, "terms out of order at ordinal \(info.ordinal)")
            }
            guard info.ordinal == count, info.docFreq > 0, info.docFreq <= segment.docCount else {
                throw StoreError.corrupt(name, "term \(info.ordinal) has docFreq \(info.docFreq) of \(segment.docCount) documents")
            }
            let cursor = try segment.postings(info, withPositions: true)
            var seen = 0
            var last: Int32 = -1
            while try cursor.next() != PostingsFormat.noMoreDocs {
                guard cursor.doc > last, cursor.doc < docCount, cursor.freq > 0 else {
                    throw StoreError.corrupt(
                        segment.info.fileName(.postings), "term \(info.ordinal): doc \(cursor.doc) after \(last) (of \(docCount))")
                }
                let positions = try cursor.positions()
                if !positions.isEmpty {
                    guard positions.count == Int(cursor.freq), zip(positions, positions.dropFirst()).allSatisfy({ $0 < $1 }) else {
                        throw StoreError.corrupt(
                            segment.info.fileName(.positions), "term \(info.ordinal), doc \(cursor.doc): positions not ascending")
                    }
                    report.positions += positions.count
                }
                last = cursor.doc
                seen += 1
            }
            guard seen == info.docFreq else {
                throw StoreError.corrupt(
                    segment.info.fileName(.postings), "term \(info.ordinal) lists \(seen) documents, the dictionary says \(info.docFreq)")
            }
            report.postings += seen
            previous = term
            count += 1
        }
        guard count == segment.dictionary.termCount else {
            throw StoreError.corrupt(segment.info.fileName(.dictionary), "\(count) terms readable, \(segment.dictionary.termCount) declared")
        }
        report.terms += count
    }

    /// Every fold group's recorded document count must be the size of the
    /// union of its terms' documents: a wrong one would skew the idf of
    /// words typed without marks, silently.
    private func checkFoldGroups(_ segment: SegmentReader) throws(StoreError) {
        var union = DocumentUnion(segment)
        var groups = segment.dictionary.foldGroups()
        while let group = try groups.next() {
            guard let recorded = group.docFreq else { continue }
            let documents = try union.count(try segment.dictionary.terms(at: group.ordinals).map(\.info), liveOnly: false)
            guard documents == recorded else {
                let key = String(decoding: group.key.dropFirst(), as: UTF8.self)
                throw StoreError.corrupt(
                    segment.info.fileName(.dictionary),
                    "fold group \"\(key)\" records \(recorded) documents, its terms are in \(documents)")
            }
        }
    }

    private func checkStored(_ segment: SegmentReader) throws(StoreError) {
        try segment.stored.verifyAll()
        if segment.docCount > 0 {
            _ = try segment.stored.document(0)
            _ = try segment.stored.document(segment.docCount - 1)
        }
    }
}
