import Platform

/// Reads whole files with POSIX calls, refusing anything that is not a regular file or is too large.
public enum FileReader {
    /// The file's bytes; a FIFO, device or directory is refused without blocking.
    public static func read(path: String, maxBytes: Int) throws(LoadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw LoadError(path: path, message: "cannot open the file: \(errorText(errno))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw LoadError(path: path, message: "cannot read the file: \(errorText(errno))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw LoadError(path: path, message: "not a regular file")
        }
        let size = Int(info.st_size)
        guard size <= maxBytes else {
            throw LoadError(
                path: path,
                message: "the file is \(size) bytes, more than the limit of \(maxBytes) (raise it with --max-file-size)"
            )
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let got = bytes.withUnsafeMutableBytes { buffer in
                POSIX.read(descriptor, buffer.baseAddress! + filled, size - filled)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw LoadError(path: path, message: "cannot read the file: \(errorText(errno))")
            }
            if got == 0 { break }
            filled += got
        }
        if filled < size { bytes.removeSubrange(filled...) }
        return bytes
    }

    /// Whether `path` names a regular file or a directory (following links); nil when it does not exist.
    public static func isDirectory(_ path: String) -> Bool? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The canonical absolute path with every link resolved, or nil when the file does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }
}
