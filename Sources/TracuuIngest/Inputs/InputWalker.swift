import FoundationEssentials
import TracuuCore

/// Expands command-line arguments (files, folders, JSONL corpora, WARC
/// archives, URLs) into a stream of `RawInput`s, lazily: a folder is listed
/// when reached, a JSONL corpus is read a line at a time and a WARC archive
/// a record at a time, so memory does not grow with the corpus. Records of
/// an archive that are not pages (requests, images, redirects, errors) are
/// counted in `skipped` by reason.
///
/// Folders are walked recursively in name order (hidden entries skipped), so
/// two runs over the same tree see the same order. Files a folder walk does
/// not know how to read are counted in `skipped`, not reported one by one.
public final class InputWalker {
    private var pending: [Pending]
    private var lineReader: (reader: CompressedLineReader, path: String, line: Int)?
    private var warcReader: WARCReader?
    /// Folders already listed (resolved through symbolic links), so a link
    /// back up the tree cannot make the walk endless.
    private var listedFolders: Set<String> = []
    /// Files passed over in folders, by reason.
    public private(set) var skipped: [String: Int] = [:]
    /// Every file or URL the walk produced or opened (JSONL files count once),
    /// for pruning articles whose source is gone.
    public private(set) var visitedFiles: [String] = []

    private enum Pending {
        case argument(String)
        case directoryEntries([String])
    }

    public init(arguments: [String]) {
        pending = arguments.reversed().map { .argument($0) }
    }

    /// Absolute, standardized form of a path (the key articles are stored under).
    public static func canonicalPath(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.standardizedFileURL.path
    }

    /// The next input, or nil when everything has been produced. Errors are
    /// about one argument or file; the walk can go on after them.
    public func next() throws(IngestError) -> RawInput? {
        while true {
            if let current = lineReader {
                let line: ArraySlice<UInt8>?
                do {
                    line = try current.reader.nextLine()
                } catch {
                    lineReader = nil
                    throw IngestError(.unreadable, source: current.path, reason: error.reason)
                }
                guard let line else {
                    lineReader = nil
                    continue
                }
                lineReader!.line += 1
                if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                return .record(line: Array(line), file: current.path, lineNumber: lineReader!.line)
            }
            if let reader = warcReader {
                let record: WARCReader.Record?
                do throws(IngestError) {
                    record = try reader.next()
                } catch {
                    warcReader = nil
                    throw error
                }
                guard let record else {
                    warcReader = nil
                    continue
                }
                do throws(ArchivedPage.Skip) {
                    if let page = try ArchivedPage.from(record) {
                        return .archived(page, record: "\(reader.path)#record \(record.number)")
                    }
                } catch {
                    if case .notAPage(let reason) = error { skipped[reason, default: 0] += 1 }
                }
                continue
            }
            guard let item = pending.popLast() else { return nil }
            switch item {
            case .directoryEntries(var entries):
                guard !entries.isEmpty else { continue }
                let path = entries.removeFirst()
                pending.append(.directoryEntries(entries))
                if let input = try visit(path, explicit: false) { return input }
            case .argument(let argument):
                if argument.hasPrefix("http://") || argument.hasPrefix("https://") {
                    visitedFiles.append(argument)
                    return .url(argument)
                }
                if let input = try visit(InputWalker.canonicalPath(argument), explicit: true) { return input }
            }
        }
    }

    private func visit(_ path: String, explicit: Bool) throws(IngestError) -> RawInput? {
        var isDirectory = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw IngestError(.unreadable, source: path, reason: "no such file or folder")
        }
        if isDirectory {
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard listedFolders.insert(resolved).inserted else { return nil }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
            } catch {
                throw IngestError(.unreadable, source: path, reason: "cannot list the folder")
            }
            let entries = names.filter { !$0.hasPrefix(".") }.sorted().map { path + "/" + $0 }
            pending.append(.directoryEntries(entries))
            return nil
        }
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let format = FileFormat.of(fileName: name) ?? (explicit ? .sniff : nil) else {
            skipped["other file types", default: 0] += 1
            return nil
        }
        visitedFiles.append(path)
        if format == .warc {
            warcReader = try WARCReader(path: path)
            return nil
        }
        if format == .jsonl {
            do {
                lineReader = (try CompressedLineReader(path: path), path, 0)
            } catch {
                throw IngestError(.unreadable, source: path, reason: error.reason)
            }
            return nil
        }
        return .file(path: path, format: format)
    }
}
