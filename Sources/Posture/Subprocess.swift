import Lexicon
import Platform
import SourceTree
import Synchronization

/// Runs a program to completion, its output collected through temporary files so that no pipe can fill and block.
enum Subprocess {
    /// What a run produced.
    struct Outcome {
        let status: Int32
        let stdout: [UInt8]
        let stderr: [UInt8]

        /// The first line of standard error, for messages.
        var errorLine: String {
            let text = String(decoding: stderr, as: UTF8.self).trimmingSpaces
            return String(text.split(separator: "\n").first ?? "")
        }
    }

    /// Why a program could not be run at all.
    struct Failure: Error {
        let message: String
    }

    /// The most bytes of standard error read back; only its first line is shown.
    static let maxErrorOutput = 1 << 20

    /// Runs `arguments[0]` (looked up in `PATH`) with standard input from `inputPath` (else `/dev/null`).
    /// `maxOutput` bounds the bytes read back from standard output.
    static func run(_ arguments: [String], inputPath: String? = nil, maxOutput: Int) throws(Failure) -> Outcome {
        let scratch = try TemporaryFiles()
        defer { scratch.removeAll() }
        let outPath = try scratch.file()
        let errPath = try scratch.file()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw Failure(message: "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(message: "cannot wait for \(arguments[0])") }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import.
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        do {
            let stdout = try FileReader.read(path: outPath, maxBytes: maxOutput)
            let stderr = (try? FileReader.read(path: errPath, maxBytes: maxErrorOutput)) ?? []
            return Outcome(status: exitCode, stdout: stdout, stderr: stderr)
        } catch {
            throw Failure(message: "\(arguments[0]) wrote more than \(maxOutput) bytes: \(error.message)")
        }
    }
}

/// Temporary files and directories, removed together (possibly by another thread than the one that wrote them).
final class TemporaryFiles: Sendable {
    /// The directory everything is created in.
    let directory: String
    /// What has been created in it, in order.
    private let created = Mutex<(files: [String], directories: [String])>(([], []))

    init() throws(Subprocess.Failure) {
        var base = "/tmp"
        if let value = getenv("TMPDIR"), value.pointee != 0 { base = String(cString: value) }
        if !base.hasSuffix("/") { base += "/" }
        var template: [CChar] = (base + "oasguard-XXXXXX").utf8CString.map { $0 }
        guard mkdtemp(&template) != nil else {
            throw Subprocess.Failure(
                message: "cannot create a temporary directory in \(base): \(String(cString: strerror(errno)))")
        }
        directory = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        InterruptCleanup.register(directory)
    }

    /// A new file in the directory holding `bytes`.
    func file(containing bytes: [UInt8] = []) throws(Subprocess.Failure) -> String {
        let path = directory + "/.oasguard-scratch-\(created.withLock { $0.files.count })"
        try write(bytes, to: path)
        return path
    }

    /// Writes `bytes` to `path`, a path inside the directory, creating folders. A path that could lead out of the
    /// directory (`..`, `.` or empty segments, or not below it) is refused, and no link is followed.
    func write(_ bytes: [UInt8], to path: String) throws(Subprocess.Failure) {
        let relative = path.hasPrefix(directory + "/") ? path.dropFirst(directory.count + 1) : ""
        let segments = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !relative.isEmpty, !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw Subprocess.Failure(
                message:
                    "refusing to write '\(relative.isEmpty ? path : String(relative))': it would leave the temporary directory"
            )
        }
        var parent = directory
        for component in segments.dropLast() {
            parent += "/" + component
            if mkdir(parent, 0o700) == 0 {
                created.withLock { $0.directories.append(parent) }
                continue
            }
            var info = stat()
            guard errno == EEXIST, lstat(parent, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                throw Subprocess.Failure(message: "cannot create \(parent): \(String(cString: strerror(errno)))")
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw Subprocess.Failure(message: "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        created.withLock { $0.files.append(path) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                POSIX.write(descriptor, buffer.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw Subprocess.Failure(message: "cannot write \(path)") }
            offset += written
        }
    }

    /// Removes every file and folder created, then the directory.
    func removeAll() {
        let (files, directories) = created.withLock { created in
            defer { created = ([], []) }
            return created
        }
        for file in files.reversed() { unlink(file) }
        for folder in directories.reversed() { rmdir(folder) }
        rmdir(directory)
        InterruptCleanup.release(directory)
    }
}
