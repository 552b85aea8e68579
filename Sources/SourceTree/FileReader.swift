import Platform

/// Reads whole files with POSIX calls, refusing anything that is not a regular file or is too large.
public enum FileReader {
    /// The file's bytes; a FIFO, device or directory is refused without being opened.
    public static func read(path: String, maxBytes: Int) throws(LoadError) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw LoadError(path: path, message: "cannot open the file: \(describeMissing(path))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw notRegular(path, info) }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw LoadError(path: path, message: "cannot open the file: \(errorText(errno))")
        }
        defer { close(descriptor) }
        return try readAll(descriptor, path: path, maxBytes: maxBytes)
    }

    /// The bytes of the file at the canonical `path` inside the canonical directory `root`, opened one component
    /// at a time from `root` without following any link, so that what was checked to lie inside the root is what
    /// is read: a folder swapped for a link meanwhile makes the read fail instead of leaving the root.
    public static func read(path: String, beneath root: String, maxBytes: Int) throws(LoadError) -> [UInt8] {
        let base = root == "/" ? "/" : root + "/"
        guard path.hasPrefix(base), path.count > base.count else {
            throw LoadError(path: path, message: "the file is outside the reference root '\(root)'")
        }
        let components = path.dropFirst(base.count).split(separator: "/").map(String.init)
        var directory = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else {
            throw LoadError(path: path, message: "cannot open the reference root '\(root)': \(errorText(errno))")
        }
        defer { close(directory) }
        for component in components.dropLast() {
            let next = openat(directory, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard next >= 0 else { throw changed(path, errno) }
            close(directory)
            directory = next
        }
        let name = components.last ?? ""
        var info = stat()
        guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { throw changed(path, errno) }
        if (info.st_mode & S_IFMT) == S_IFLNK {
            throw LoadError(
                path: path, message: "the file was replaced by a symbolic link while being read; not followed")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw notRegular(path, info) }
        let descriptor = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw changed(path, errno) }
        defer { close(descriptor) }
        return try readAll(descriptor, path: path, maxBytes: maxBytes)
    }

    /// Reads an opened descriptor to its end, refusing anything but a regular file within `maxBytes`.
    private static func readAll(_ descriptor: Int32, path: String, maxBytes: Int) throws(LoadError) -> [UInt8] {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw LoadError(path: path, message: "cannot read the file: \(errorText(errno))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw notRegular(path, info) }
        let size = Int(info.st_size)
        guard size <= maxBytes else {
            throw LoadError(
                path: path,
                message: "the file is \(size) bytes, more than the limit of \(maxBytes) (raise it with --max-file-size)"
            )
        }
        // Read into uninitialised storage: zeroing it first would write every page of a large file once more.
        var failure: Int32?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, filled in
            while filled < size {
                let got = POSIX.read(descriptor, buffer.baseAddress! + filled, size - filled)
                if got < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if got == 0 { return }
                filled += got
            }
        }
        if let failure { throw LoadError(path: path, message: "cannot read the file: \(errorText(failure))") }
        return bytes
    }

    /// The error for a path component that could not be opened without following a link.
    private static func changed(_ path: String, _ code: Int32) -> LoadError {
        if code == ELOOP || code == ENOTDIR {
            return LoadError(
                path: path, message: "a folder on the way to the file is now a symbolic link or a file; not followed")
        }
        return LoadError(path: path, message: "cannot open the file: \(errorText(code))")
    }

    /// The error for a FIFO, device, socket or directory, named as such.
    private static func notRegular(_ path: String, _ info: stat) -> LoadError {
        let kind: String
        switch info.st_mode & S_IFMT {
        case S_IFIFO: kind = "a pipe (FIFO)"
        case S_IFCHR, S_IFBLK: kind = "a device"
        case S_IFSOCK: kind = "a socket"
        case S_IFDIR: kind = "a directory"
        default: kind = "not a regular file"
        }
        return LoadError(path: path, message: "\(kind), not a regular file; not read")
    }

    /// Whether `path` names a regular file or a directory (following links); nil when it does not exist.
    public static func isDirectory(_ path: String) -> Bool? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether `path` names a regular file (following links), judged without opening it.
    public static func isRegularFile(_ path: String) -> Bool { regularFileSize(path) != nil }

    /// The size in bytes of the regular file `path` names (following links), without opening it; nil for anything
    /// else.
    public static func regularFileSize(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Why `path` cannot be found or resolved: a link loop, a pipe such as a piped `/dev/stdin`, or absence.
    public static func describeMissing(_ path: String) -> String {
        var info = stat()
        if stat(path, &info) != 0 {
            if errno == ELOOP { return "a loop of symbolic links" }
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK {
                return "a symbolic link to nothing (its target does not exist)"
            }
            return errorText(errno).lowercased()
        }
        switch info.st_mode & S_IFMT {
        case S_IFIFO: return "a pipe, not a file (read standard input with '-' where supported)"
        case S_IFCHR, S_IFBLK: return "a device, not a file"
        case S_IFSOCK: return "a socket, not a file"
        default: return "cannot resolve the path: \(errorText(errno))"
        }
    }

    /// The canonical absolute path with every link resolved, or nil when the file does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    public static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }
}
