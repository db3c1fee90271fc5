internal import CTracuuCPU

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Threads of our own, with the stack size we choose (the indexing
/// workers analyze deep HTML), in place of Foundation's `Thread` for the
/// reason `Lock` gives.
public enum Threads {
    /// Runs `body` on a new detached thread with a stack of `stackSize`
    /// bytes. Fails only when the system cannot make a thread.
    public static func detach(stackSize: Int, _ body: @escaping @Sendable () -> Void) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let result = pthread_create(&thread, &attributes, { context in
            let body = Unmanaged<Body>.fromOpaque(context!).takeRetainedValue()
            body.run()
            return nil
        }, box)
        precondition(result == 0, "cannot start a thread (error \(result))")
    }

    /// Sleeps this thread for `seconds`.
    public static func sleep(seconds: Double) {
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var left = timespec()
        while nanosleep(&request, &left) != 0 && errno == EINTR { request = left }
    }

    /// One turn of a wait in a loop: the processor's spin-wait hint, which
    /// keeps the loop from flooding the core (and its sibling thread, where
    /// it has one) with loads, without a call into the kernel.
    @inline(__always)
    public static func relax() { CTracuuCPU_relax() }

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}
