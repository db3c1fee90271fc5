import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Output helpers: results go to stdout, messages to stderr.
enum Terminal {
    /// Whether stdout is a terminal that accepts colour (and NO_COLOR is unset).
    static var colorStdout: Bool {
        isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// One line on stderr, prefixed "tracuu: ".
    static func message(_ text: String) {
        FileHandle.standardError.write(Data(("tracuu: " + text + "\n").utf8))
    }

    /// Rewrites the current stderr line (progress on a terminal).
    static func status(_ text: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    static func clearStatus() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

enum OutputFormat: String, CaseIterable {
    case text, json
}

import ArgumentParser

extension OutputFormat: ExpressibleByArgument {}

/// Maps the engine's errors to one stderr line and an exit code, the only
/// place errors become presentation.
enum Failure {
    static func exit(_ error: Error) -> ExitCode {
        Terminal.message("error: \(error)")
        return ExitCode.failure
    }
}
