import ArgumentParser
import Foundation
import Logging
import TracuuEngine
import TracuuServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the search page and the JSON API over HTTP.",
        discussion: """
            GET / is a search page in Vietnamese; GET /api/search?q=&from=&to=&sort=&limit=&offset=&histogram= \
            answers as `search --format json`; GET /api/articles/ID as `show ID --format json`; GET /api/stats \
            and GET /healthz. The server keeps serving while `tracuu index` commits and searches its new \
            commit without a restart. It listens on 127.0.0.1 unless told otherwise.
            """)

    @OptionGroup var location: IndexOption

    @Option(help: "Address to listen on (127.0.0.1: this machine only; 0.0.0.0: every network).")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(help: "Stop a search after this many milliseconds (answered with 503).")
    var timeout = ServerLimits().timeLimitMilliseconds

    @Option(help: "Log level: trace, debug, info (one line per request), notice, warning, error.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        let path = location.path
        // A first `serve` on the bundled corpus should just work, as `search` does.
        if location.index == nil && !IndexLocation.exists(path) { _ = try SearchCommand.openIndex(explicit: nil) }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        var limits = ServerLimits()
        limits.timeLimitMilliseconds = timeout
        let server = SearchServer(index: path, limits: limits)
        if !SearchServer.isLoopback(host) {
            Terminal.message("listening on \(host): anyone who can reach this machine can search the index")
        }
        let host = host
        let application = server.application(host: host, port: port, logger: Logger(label: "tracuu.serve")) { port in
            Terminal.message("serving \(path) at http://\(host.contains(":") ? "[\(host)]" : host):\(port)/ (Ctrl-C stops)")
        }
        try await application.runService()
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
