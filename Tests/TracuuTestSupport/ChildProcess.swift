import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a program did: its exit status and output.
public struct ProcessResult: Sendable {
    /// The exit status; -1 when a signal ended the program.
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// Whether the process ended by a signal (`killAfter`, or the timeout).
    public var killed = false
    /// Whether the harness killed it for running past its timeout.
    public var timedOut = false
}

/// Runs a program to its end, or until `killAfter` seconds have passed,
/// when it gets SIGKILL (the crash tests). A program still running after
/// `timeout` seconds is killed, and its result says so (`ChildProcess`).
public func run(
    _ executable: String, _ arguments: [String], cwd: String? = nil, environment: [String: String] = [:],
    killAfter: Double? = nil, input: String? = nil, timeout: Double = ChildProcess.defaultTimeout
) throws -> ProcessResult {
    try ChildProcess(executable, arguments, cwd: cwd, environment: environment, input: input)
        .wait(killAfter: killAfter, timeout: timeout)
}

/// A program the tests start: `posix_spawn`ed with its standard input,
/// output and error in files, waited for with `waitpid` on the caller's
/// thread, and never waited for without a limit.
///
/// Why not Foundation's `Process`: a CI run hung for its whole 90 minutes
/// in the process-heavy tests (the crash test alone starts some 250
/// programs). `Process.waitUntilExit()` learns of an exit through a run
/// loop on a manager thread, and other projects have seen it wait forever
/// for a child that was already dead; reading a pipe to its end also waits
/// for every other holder of the pipe's write end. Here nothing is
/// learned second hand: the caller polls `waitpid` for its own child,
/// output goes to files (no end-of-file to wait for), and a child still
/// running at the deadline is killed and reported as timed out, so a hang
/// in the program under test fails its test instead of stalling the run.
public final class ChildProcess: @unchecked Sendable {
    /// The longest any test waits for a program unless it says otherwise.
    public static let defaultTimeout: Double = 300

    public let pid: pid_t
    private let files: TemporaryDirectory
    private var reaped: Int32?

    /// Starts `executable` (a path) with `arguments`; `input` becomes its
    /// standard input (empty when nil).
    public init(
        _ executable: String, _ arguments: [String], cwd: String? = nil, environment: [String: String] = [:],
        input: String? = nil
    ) throws {
        files = TemporaryDirectory("child")
        let inputPath = files.write("stdin", input ?? "")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, files.child("stdout"), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, files.child("stderr"), O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // The test process has sockets and pipes of other tests open; a
        // child that inherited one would keep it open for as long as it runs.
        if let closeFrom = Self.glibc("posix_spawn_file_actions_addclosefrom_np", as: CloseFrom.self) {
            _ = closeFrom(&actions, 3)
        }
        if let cwd {
            guard let changeDirectory = Self.glibc("posix_spawn_file_actions_addchdir_np", as: ChangeDirectory.self)
            else { throw SpawnError(executable: executable, reason: "this C library cannot start a program in another folder") }
            _ = changeDirectory(&actions, cwd)
        }

        // Threads of the test process block signals for their own reasons;
        // the child starts with none blocked and every handler at default.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var variables = ProcessInfo.processInfo.environment
        variables["NO_COLOR"] = "1"
        for (key, value) in environment { variables[key] = value }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw SpawnError(executable: executable, reason: String(cString: strerror(status))) }
        pid = child
    }

    /// A child nobody waited for is killed and reaped, so none outlives its test.
    deinit {
        guard reaped == nil else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }

    /// Sends `signal` to the child, unless it has already been reaped (its
    /// pid may then belong to another process).
    public func send(_ signal: Int32) {
        if reaped == nil { kill(pid, signal) }
    }

    /// Whether the child is still running (one that has ended is reaped
    /// here, and `wait` then returns at once).
    public var isRunning: Bool {
        guard reaped == nil else { return false }
        var status: Int32 = 0
        let answer = waitpid(pid, &status, WNOHANG)
        if answer == pid { reaped = status } else if answer == -1 && errno != EINTR { reaped = -1 }
        return reaped == nil
    }

    /// What the child has written to standard error so far.
    public var errorsSoFar: String { Self.read(files.child("stderr")) }

    /// Waits for the child to end. At `killAfter` seconds it gets SIGKILL
    /// (the crash tests); at `timeout` too, and the result says it timed out.
    public func wait(killAfter: Double? = nil, timeout: Double = ChildProcess.defaultTimeout) -> ProcessResult {
        let start = DispatchTime.now().uptimeNanoseconds
        var killed = false
        var timedOut = false
        var pause: useconds_t = 100
        while isRunning {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if let killAfter, elapsed >= killAfter, !killed {
                kill(pid, SIGKILL)
                killed = true
            }
            if elapsed >= timeout, !timedOut {
                kill(pid, SIGKILL)
                timedOut = true
            }
            usleep(pause)
            pause = min(pause * 2, 5_000)
        }
        let status = reaped ?? -1
        let signal = status & 0x7f
        let bySignal = status != -1 && signal != 0 && signal != 0x7f
        var errors = Self.read(files.child("stderr"))
        if timedOut { errors += "\n[the test harness killed this program: still running after \(Int(timeout)) s]\n" }
        return ProcessResult(
            status: bySignal || status == -1 ? -1 : (status >> 8) & 0xff, stdout: Self.read(files.child("stdout")),
            stderr: errors, killed: bySignal, timedOut: timedOut)
    }

    private static func read(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias ChangeDirectory =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc's `_np` spawn actions, which its Swift module does not show:
    /// looked up by name, nil where the C library lacks them.
    private static func glibc<Function>(_ name: String, as type: Function.Type) -> Function? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }
}

/// A program could not be started at all.
public struct SpawnError: Error, CustomStringConvertible {
    public var executable: String
    public var reason: String
    public var description: String { "cannot start \(executable): \(reason)" }
}
