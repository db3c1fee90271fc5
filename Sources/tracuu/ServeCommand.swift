import ArgumentParser
import FoundationEssentials
import TracuuEngine

#if canImport(Glibc)
import Glibc
#endif

/// `tracuu serve`: checks the options, makes sure the index exists, then
/// becomes `tracuu-serve` (the executable beside this one) with them.
///
/// Why a second executable: the server stack is two fifths of the code and
/// of the protocol conformances the Swift runtime scans when a process
/// starts, and every `tracuu search` is a whole process (2 ms of 29 ms).
/// `exec` keeps one process: signals, the exit status and the terminal go
/// to the server as if this command had run it in-process.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the search page and the JSON API over HTTP.",
        discussion: """
            GET / is a search page in Vietnamese; GET /api/search?q=&from=&to=&sort=&limit=&offset=&histogram= \
            answers as `search --format json`; GET /api/articles/ID as `show ID --format json`; GET /api/stats \
            and GET /healthz. The server keeps serving while `tracuu index` commits and searches its new \
            commit without a restart. It listens on 127.0.0.1 unless told otherwise. The server itself is \
            the `tracuu-serve` program, which must sit beside `tracuu`.
            """)

    @OptionGroup var location: IndexOption

    @Option(help: "Address to listen on (127.0.0.1: this machine only; 0.0.0.0: every network).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(help: "Stop a search after this many milliseconds (answered with 503; default 2000).")
    var timeout: Int?

    @Option(help: "Log level: trace, debug, info (one line per request), notice, warning, error, critical.")
    var logLevel = "info"

    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard (timeout ?? 1) > 0 else { throw ValidationError("--timeout must be positive") }
        guard Self.logLevels.contains(logLevel) else {
            throw ValidationError("--log-level must be one of \(Self.logLevels.joined(separator: ", "))")
        }
    }

    func run() throws {
        let path = location.path
        // A first `serve` on the bundled corpus should just work, as `search` does.
        if location.index == nil && !IndexLocation.exists(path) { _ = try SearchCommand.openIndex(explicit: nil) }
        let server = Self.serverPath()
        guard FileManager.default.isExecutableFile(atPath: server) else {
            throw Failure.exit(
                EngineError(
                    .notFound,
                    "the server program \(server) is missing; build it beside tracuu: swift build -c release --product tracuu-serve --static-swift-stdlib"
                ))
        }
        var arguments = [server, "--index", path, "--host", host, "--port", String(port), "--log-level", logLevel]
        if let timeout { arguments += ["--timeout", String(timeout)] }
        var argv = arguments.map { strdup($0) } + [nil]
        execv(server, &argv)
        throw Failure.exit(EngineError(.notFound, "cannot start \(server): \(String(cString: strerror(errno)))"))
    }

    /// `tracuu-serve` in the folder of the running executable.
    static func serverPath() -> String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("tracuu-serve").path
    }
}
