import FoundationEssentials
import TracuuCore

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
        put("tracuu: " + text + "\n", to: 2)
    }

    /// Rewrites the current stderr line (progress on a terminal).
    static func status(_ text: String) {
        put("\r\u{1B}[K" + text, to: 2)
    }

    static func clearStatus() {
        put("\r\u{1B}[K", to: 2)
    }

    static func write(_ text: String) {
        put(text + "\n", to: 1)
    }

    /// Writes `text` whole to file descriptor 1 or 2 (Foundation's
    /// `FileHandle` is outside FoundationEssentials; see `Lock` in
    /// TracuuCore). A closed pipe ends the writing quietly.
    static func put(_ text: String, to descriptor: Int32) {
        var text = text
        _ = text.withUTF8 { Descriptor.writeAll(descriptor, UnsafeRawBufferPointer($0)) }
    }

    /// Ends the process at once, with `status`.
    static func exitNow(_ status: Int32) -> Never { exit(status) }
}

enum OutputFormat: String, CaseIterable {
    case text, json
}

import ArgumentParser

extension OutputFormat: ChoiceArgument {}

/// Maps the engine's errors to one stderr line and an exit code, the only
/// place errors become presentation.
enum Failure {
    static func exit(_ error: Error) -> ExitCode {
        Terminal.message("error: \(error)")
        return ExitCode.failure
    }
}
