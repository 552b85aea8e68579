import Dispatch
import Synchronization

// The one place that names the platform's C library: a file that needs POSIX calls imports Platform, and no
// other file selects Glibc, Musl or Darwin itself.
#if canImport(Glibc)
    @_exported import Glibc
#elseif canImport(Musl)
    @_exported import Musl
#elseif canImport(Darwin)
    @_exported import Darwin
#else
    #error("oasguard needs a POSIX C library (Glibc, Musl or Darwin)")
#endif

/// The C library's calls whose names Swift code shadows (`read`, `write`, `exit`), under one unambiguous name.
public enum POSIX {
    /// `read(2)`: up to `count` bytes into `buffer`; the number read, 0 at the end, -1 on error (see `errno`).
    public static func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.read(descriptor, buffer, count)
        #elseif canImport(Musl)
            Musl.read(descriptor, buffer, count)
        #else
            Darwin.read(descriptor, buffer, count)
        #endif
    }

    /// `write(2)`: up to `count` bytes from `buffer`; the number written, -1 on error (see `errno`).
    public static func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(descriptor, buffer, count)
        #elseif canImport(Musl)
            Musl.write(descriptor, buffer, count)
        #else
            Darwin.write(descriptor, buffer, count)
        #endif
    }

    /// `exit(3)`: ends the process with `status`.
    public static func exit(_ status: Int32) -> Never {
        #if canImport(Glibc)
            Glibc.exit(status)
        #elseif canImport(Musl)
            Musl.exit(status)
        #else
            Darwin.exit(status)
        #endif
    }
}

/// Two pieces of work run on the two cores, their results handed back together.
public enum BothCores {
    /// Runs `first` and `second` at once (Dispatch's `concurrentPerform`) and returns both results.
    public static func run<First: Sendable, Second: Sendable>(
        _ first: @Sendable () -> First, _ second: @Sendable () -> Second
    ) -> (First, Second) {
        let results = Mutex<(First?, Second?)>((nil, nil))
        DispatchQueue.concurrentPerform(iterations: 2) { task in
            if task == 0 {
                let value = first()
                results.withLock { $0.0 = value }
            } else {
                let value = second()
                results.withLock { $0.1 = value }
            }
        }
        // Taken out of the lock, so that the results are held once and not copied when changed afterwards.
        return results.withLock { results in
            guard let first = results.0.take(), let second = results.1.take() else {
                preconditionFailure("every iteration runs")
            }
            return (first, second)
        }
    }
}

/// Pieces of work one thread hands out for an idle thread to take. What no helper has taken, the thread that
/// handed it out runs itself, so nothing waits for a helper that is busy or never comes; each piece writes its own
/// result, so the results do not depend on which thread ran it.
public final class SpareWork: Sendable {
    private struct Queue {
        var jobs: [(@Sendable () -> Void)?] = []
        /// The first job no thread has taken.
        var next = 0
        /// How many jobs helpers took since the owner last waited for them.
        var takenByHelpers = 0
        var closed = false

        /// The oldest job nobody has taken, now taken.
        mutating func take() -> (@Sendable () -> Void)? {
            guard next < jobs.count else { return nil }
            defer {
                jobs[next] = nil
                next += 1
            }
            return jobs[next]
        }
    }

    private let queue = Mutex(Queue())
    /// Signalled once for each job handed out and once at `close`.
    private let offered = DispatchSemaphore(value: 0)
    /// Signalled once for each job a helper finished.
    private let helped = DispatchSemaphore(value: 0)

    public init() {}

    /// Hands out `job`; when more than `untaken` jobs then wait for a helper, runs the oldest of them here, so that
    /// no more than that many pieces of work (and what they hold) are ever waiting.
    public func offer(untaken: Int, _ job: @escaping @Sendable () -> Void) {
        queue.withLock { $0.jobs.append(job) }
        offered.signal()
        while let oldest = queue.withLock({ $0.jobs.count - $0.next > untaken ? $0.take() : nil }) { oldest() }
    }

    /// Runs here every job no helper has taken, then waits until the helpers have finished theirs.
    public func finish() {
        while let job = queue.withLock({ $0.take() }) { job() }
        let taken = queue.withLock { queue in
            defer {
                queue.takenByHelpers = 0
                queue.jobs.removeAll(keepingCapacity: true)
                queue.next = 0
            }
            return queue.takenByHelpers
        }
        for _ in 0..<taken { helped.wait() }
    }

    /// Takes and runs the jobs handed out, on the calling thread, until `close` has been called and no job is left.
    public func help() {
        while true {
            offered.wait()
            let (job, closed) = queue.withLock { queue in
                let job = queue.take()
                if job != nil { queue.takenByHelpers += 1 }
                return (job, queue.closed)
            }
            if let job {
                job()
                helped.signal()
            } else if closed {
                // Wakes the next helper, if there is another, so that it ends too.
                offered.signal()
                return
            }
        }
    }

    /// Ends `help` once it has no job left: called by the owner after its last `finish`.
    public func close() {
        queue.withLock { $0.closed = true }
        offered.signal()
    }
}

/// Two closures run at once, one of them on a thread of its own.
public enum Alongside {
    /// Runs `background` on a new thread while `foreground` runs on this one, and returns `foreground`'s result once
    /// both have returned; nil, running neither, when the system has no thread to give.
    public static func run<Result>(_ background: @escaping @Sendable () -> Void, _ foreground: () -> Result)
        -> Result?
    {
        let context = Unmanaged.passRetained(Body(background)).toOpaque()
        #if canImport(Darwin)
            var created: pthread_t?
            let status = pthread_create(
                &created, nil,
                { context in
                    Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
                    return nil
                }, context)
            guard status == 0, let thread = created else {
                Unmanaged<Body>.fromOpaque(context).release()
                return nil
            }
        #else
            var thread = pthread_t()
            let status = pthread_create(
                &thread, nil,
                { context in
                    Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
                    return nil
                }, context)
            guard status == 0 else {
                Unmanaged<Body>.fromOpaque(context).release()
                return nil
            }
        #endif
        let result = foreground()
        pthread_join(thread, nil)
        return result
    }

    /// The background closure, kept alive until its thread runs it.
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}

/// How the C library's allocator keeps memory.
public enum FreedMemory {
    /// Hands the free pages of every allocator arena back to the system (glibc's `malloc_trim`; elsewhere nothing),
    /// so that what one phase freed on some threads does not stay counted while the next allocates on others.
    public static func returnToSystem() {
        #if canImport(Glibc)
            _ = glibcMallocTrim(0)
        #endif
    }

    /// Makes every thread allocate from one arena (glibc's `M_ARENA_MAX`; elsewhere nothing); call it before a
    /// second thread starts. With an arena per thread, what one thread frees stays in its arena while another
    /// grows its own, which added up to a megabyte to the peak (a 1.4 MB document: 14.5 → 13.7 MB); the
    /// per-thread caches still serve most allocations without the arena's lock.
    public static func shareOneArena() {
        #if canImport(Glibc)
            _ = glibcMallocOption(glibcArenaMaximum, 1)
        #endif
    }

    #if canImport(Glibc)
        /// `M_ARENA_MAX` of <malloc.h>.
        private static let glibcArenaMaximum: Int32 = -8
    #endif
}

// Declared by name, as Glibc's module does not import <malloc.h>, and `dlsym` finds nothing in a static executable.
#if canImport(Glibc)
    @_silgen_name("malloc_trim")
    private func glibcMallocTrim(_ pad: Int) -> Int32

    @_silgen_name("mallopt")
    private func glibcMallocOption(_ parameter: Int32, _ value: Int32) -> Int32
#endif
