import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Removes temporary directories still in use when the run is interrupted (SIGINT, SIGTERM, SIGHUP), then lets
/// the signal end the process as it would have.
enum InterruptCleanup {
    private static let directories = Mutex<Set<String>>([])
    /// The signal sources, kept alive; written once, by `installed`'s initialiser, which runs once.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Starts watching the signals, once.
    private static let installed: Bool = {
        let queue = DispatchQueue(label: "oasguard.interrupt-cleanup")
        var created: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler {
                for directory in directories.withLock({ $0 }) { removeTree(directory) }
                signal(signalNumber, SIG_DFL)
                raise(signalNumber)
            }
            source.resume()
            created.append(source)
        }
        sources = created
        return true
    }()

    /// Removes `directory` if the run is interrupted before `release`.
    static func register(_ directory: String) {
        _ = installed
        directories.withLock { _ = $0.insert(directory) }
    }

    /// `directory` was removed normally.
    static func release(_ directory: String) {
        directories.withLock { _ = $0.remove(directory) }
    }

    /// Removes a directory and everything below it, never following a link.
    static func removeTree(_ directory: String) {
        if let handle = opendir(directory) {
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name == "." || name == ".." { continue }
                let path = directory + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR { removeTree(path) } else { unlink(path) }
            }
            closedir(handle)
        }
        rmdir(directory)
    }
}
