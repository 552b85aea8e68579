import ArgumentParser
import Linter
import References
import SourceTree

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A report or baseline being written. A file is written to a temporary file beside it and renamed over it once
/// complete, so it is never written through a planted symbolic link and never left half-written; standard
/// output, a pipe or a device is written as is. An output that is also an input is refused, and any failure
/// to write stops the run with exit code 2, naming the path and the reason.
final class OutputFile {
    /// The destination as given; nil for standard output.
    let path: String?
    private let descriptor: Int32
    /// The temporary file renamed over `path` on `commit`; nil when writing in place.
    private let temporary: String?
    /// The `errno` of the first failed write, 0 while all is well.
    private var failure: Int32 = 0

    private init(path: String?, descriptor: Int32, temporary: String?) {
        self.path = path
        self.descriptor = descriptor
        self.temporary = temporary
    }

    /// Opens `path` for a new report; `inputs` are the files the run read, which it may not replace.
    static func create(_ path: String, inputs: [String]) -> OutputFile {
        if let destination = FileReader.realPath(path),
            inputs.contains(where: { FileReader.realPath($0) == destination })
        {
            fail(path, "it is also an input of this run; refusing to overwrite it")
        }
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG, (info.st_mode & S_IFMT) != S_IFDIR {
            // A pipe, a terminal or a device (`/dev/stdout`): nothing to replace, write to it.
            let descriptor = open(path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { fail(path, "cannot write: \(FileReader.errorText(errno))") }
            return OutputFile(path: path, descriptor: descriptor, temporary: nil)
        }
        let directory = PathName.directory(of: path)
        let name = String(path.split(separator: "/").last ?? "output")
        var template = Array((directory + "/." + name + ".oasguard-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { fail(path, "cannot write in '\(directory)': \(FileReader.errorText(errno))") }
        fchmod(descriptor, 0o644)
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return OutputFile(path: path, descriptor: descriptor, temporary: temporary)
    }

    /// Opens standard output or `path`.
    static func create(_ path: String?, inputs: [String]) -> OutputFile {
        guard let path else { return OutputFile(path: nil, descriptor: STDOUT_FILENO, temporary: nil) }
        return create(path, inputs: inputs)
    }

    /// Appends text; a failure is remembered for `commit`.
    func write(_ text: String) {
        guard failure == 0 else { return }
        failure = oasguard.write(text, to: descriptor)
    }

    /// Appends bytes; a failure is remembered for `commit`.
    func write(_ bytes: [UInt8]) {
        guard failure == 0 else { return }
        failure = oasguard.write(bytes, to: descriptor)
    }

    /// Finishes the output: checks every write and puts the file in place; a failure stops with exit code 2.
    func commit() {
        let shown = path ?? "standard output"
        if path == nil {
            guard failure == 0 else { Self.fail(shown, "cannot write: \(FileReader.errorText(failure))") }
            return
        }
        if failure == 0, temporary != nil, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == 0 { failure = errno }
        guard failure == 0 else {
            if let temporary { unlink(temporary) }
            Self.fail(shown, "cannot write: \(FileReader.errorText(failure))")
        }
        guard let temporary else { return }
        // rename() replaces a link at the destination instead of writing to its target.
        guard rename(temporary, shown) == 0 else {
            let code = errno
            unlink(temporary)
            Self.fail(shown, "cannot write: \(FileReader.errorText(code))")
        }
    }

    /// Reports `reason` for `path` and stops the run with exit code 2.
    private static func fail(_ path: String, _ reason: String) -> Never {
        writeError("\(path): error: \(reason)")
        OASGuard.exit(withError: ExitCode(2))
    }
}

extension LintRun {
    /// The files this run read (documents, the files they reference, and those that failed to load), which no
    /// output may replace.
    var inputPaths: [String] {
        documents.flatMap { document in [document.path] + (document.summary?.files.map(\.path) ?? []) }
            + errors.map(\.path)
    }
}
