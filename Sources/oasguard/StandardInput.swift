import Platform
import SourceTree

/// `oasguard lint -`: the document read from standard input.
enum StandardInput {
    /// The argument that stands for standard input.
    static let argument = "-"

    /// The name findings point at when `--stdin-filepath` does not give one.
    static let defaultName = "<stdin>"
    /// Bytes read at a time.
    static let readChunkBytes = 64 << 10

    /// All of standard input, refused when it exceeds `maxBytes` (the `--max-file-size` of a file).
    static func read(maxBytes: Int) throws(LoadError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: readChunkBytes)
        while true {
            let got = chunk.withUnsafeMutableBytes { POSIX.read(STDIN_FILENO, $0.baseAddress!, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw LoadError(path: defaultName, position: nil, message: "cannot read standard input")
            }
            if got == 0 { return bytes }
            bytes += chunk[..<got]
            if bytes.count > maxBytes {
                throw LoadError(
                    path: defaultName, position: nil,
                    message:
                        "standard input is more than the limit of \(maxBytes) bytes (raise it with --max-file-size)"
                )
            }
        }
    }
}
