import FoundationEssentials
import TracuuCore

#if canImport(Glibc)
import Glibc
#endif

/// The folder an index lives in, and the file-system operations the store
/// needs from it: list, map, fsync files, rename atomically, fsync the
/// folder, delete.
///
/// Every mutating operation passes through `faults`, which tests use to make
/// the Nth write, fsync or rename fail (the store's answer to Lucene's
/// MockDirectoryWrapper): the real file system, with failures on demand.
public final class IndexDirectory: @unchecked Sendable {
    public let path: String
    public let faults: FaultInjector

    /// Opens `path`, creating the folder (and its parents) when `create` is set.
    public init(path: String, create: Bool = false, faults: FaultInjector = FaultInjector()) throws(StoreError) {
        self.path = path
        self.faults = faults
        var isDirectory = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory else { throw StoreError(.io, "\(path) is a file, not an index folder") }
        } else if create {
            do {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } catch {
                throw StoreError(.io, "cannot create the index folder \(path): \(IndexDirectory.reason(error))")
            }
        } else {
            throw StoreError(.noIndex, "there is no index at \(path)")
        }
    }

    public func list() throws(StoreError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw StoreError(.io, "cannot list the index folder \(path): \(IndexDirectory.reason(error))")
        }
    }

    /// What went wrong, in the system's words when it gave any (Foundation's
    /// `localizedDescription` is not in FoundationEssentials).
    static func reason(_ error: any Error) -> String {
        let posix = (error as? CocoaError)?.underlying as? POSIXError ?? error as? POSIXError
        guard let code = posix?.code.rawValue else { return "\(error)" }
        return String(cString: strerror(code))
    }

    public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + name) }

    /// Maps `name` read-only (see `MappedFile` for the options).
    public func map(_ name: String, populate: Bool = false, readable: Bool = false) throws(StoreError) -> MappedFile {
        try MappedFile(path: path + "/" + name, name: name, populate: populate, readable: readable)
    }

    /// Renames atomically, then fsyncs the folder so the rename survives a power cut.
    public func rename(_ from: String, to: String) throws(StoreError) {
        try faults.check(.rename, to)
        guard Glibc.rename(path + "/" + from, path + "/" + to) == 0 else {
            throw StoreError(.io, "cannot rename \(from) to \(to) in \(path): \(String(cString: strerror(errno)))")
        }
        try syncFolder()
    }

    /// Makes files written by `IndexOutput` durable: fsyncs each of `names`
    /// (reopened by name: an fsync through any descriptor flushes the file).
    public func sync(_ names: some Sequence<String>) throws(StoreError) {
        for name in names {
            try faults.check(.fsync, name)
            try openAndFsync(path + "/" + name, flags: 0, what: "index file \(path)/\(name)")
        }
    }

    public func syncFolder() throws(StoreError) {
        try faults.check(.fsync, ".")
        try openAndFsync(path, flags: O_DIRECTORY, what: "the index folder \(path)")
    }

    /// Opens `target` read-only (with `flags`), fsyncs it and closes it;
    /// errors name it as `what`.
    private func openAndFsync(_ target: String, flags: Int32, what: String) throws(StoreError) {
        let descriptor = open(target, O_RDONLY | O_CLOEXEC | flags)
        guard descriptor >= 0 else {
            throw StoreError(.io, "cannot open \(what) to fsync it: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else {
            throw StoreError(.io, "cannot fsync \(what): \(String(cString: strerror(errno)))")
        }
    }

    /// Deletes a file; a missing file is not an error (the goal is its absence).
    public func delete(_ name: String) throws(StoreError) {
        try faults.check(.delete, name)
        if unlink(path + "/" + name) != 0 && errno != ENOENT {
            throw StoreError(.io, "cannot delete \(name) in \(path): \(String(cString: strerror(errno)))")
        }
    }

    /// Size in bytes of `name`, or nil when it does not exist.
    public func size(_ name: String) -> UInt64? {
        var info = stat()
        guard stat(path + "/" + name, &info) == 0 else { return nil }
        return UInt64(info.st_size)
    }
}

/// Makes chosen file-system operations fail, for crash and fault tests.
///
/// Production code uses the default instance, which never fails.
public final class FaultInjector: @unchecked Sendable {
    public enum Operation: String, Sendable, CaseIterable { case create, write, fsync, rename, delete }

    private let lock = Lock()
    private var countdown: [Operation: Int] = [:]
    private var counts: [Operation: Int] = [:]

    public init() {}

    /// The `n`th (1-based) future `operation` fails, and every later one too.
    public func fail(_ operation: Operation, after n: Int) {
        lock.lock()
        defer { lock.unlock() }
        countdown[operation] = n
    }

    /// How many times each operation has been attempted.
    public func count(_ operation: Operation) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return counts[operation] ?? 0
    }

    func check(_ operation: Operation, _ name: String) throws(StoreError) {
        lock.lock()
        counts[operation, default: 0] += 1
        var failing = false
        if let remaining = countdown[operation] {
            if remaining <= 1 {
                failing = true
                countdown[operation] = 1
            } else {
                countdown[operation] = remaining - 1
            }
        }
        lock.unlock()
        if failing { throw StoreError(.io, "injected \(operation.rawValue) failure on \(name)") }
    }
}
