import Foundation
import Logging
import TracuuServer

// `tracuu-serve`: the HTTP server behind `tracuu serve`, in its own
// executable so that the server stack (Hummingbird, SwiftNIO: two fifths of
// the code and of the protocol conformances the Swift runtime scans at
// start) is not loaded by every `tracuu search` process. That measured
// 2 ms of a 29 ms search process.
//
// `tracuu serve` parses and checks the options (its `--help` is the
// reference) and starts this program in its place with exactly these:
//   --index DIR --host HOST --port N --log-level LEVEL [--timeout MS]

func fail(_ text: String) -> Never {
    FileHandle.standardError.write(Data("tracuu-serve: \(text)\n".utf8))
    exit(64)
}

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let name = arguments.popFirst() {
    guard ["--index", "--host", "--port", "--timeout", "--log-level"].contains(name), let value = arguments.popFirst() else {
        fail("unexpected argument \(name); start the server with `tracuu serve` (see `tracuu serve --help`)")
    }
    options[name] = value
}
var limits = ServerLimits()
guard let index = options["--index"], let host = options["--host"], let port = options["--port"].flatMap(Int.init),
    let level = options["--log-level"].flatMap({ Logger.Level(rawValue: $0) }),
    let timeout = options["--timeout"].map({ Int($0) }) ?? limits.timeLimitMilliseconds
else {
    fail("missing or malformed options; start the server with `tracuu serve` (see `tracuu serve --help`)")
}

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = level
    return handler
}
limits.timeLimitMilliseconds = timeout
let server = SearchServer(index: index, limits: limits)
@Sendable func message(_ text: String) { FileHandle.standardError.write(Data("tracuu: \(text)\n".utf8)) }
if !SearchServer.isLoopback(host) {
    message("listening on \(host): anyone who can reach this machine can search the index")
}
let application = server.application(host: host, port: port, logger: Logger(label: "tracuu.serve")) { port in
    message("serving \(index) at http://\(host.contains(":") ? "[\(host)]" : host):\(port)/ (Ctrl-C stops)")
}
do {
    try await application.runService()
} catch {
    FileHandle.standardError.write(Data("tracuu: \(error)\n".utf8))
    exit(1)
}
