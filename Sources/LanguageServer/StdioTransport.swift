import Platform
import Synchronization

/// Runs a language server over file descriptors (standard input and output for `oasguard lsp`).
public enum StdioTransport {
    /// Serves until the client sends `exit` or closes `input`; returns the process's exit code.
    public static func serve(input: Int32, output: Int32, options: LanguageServerOptions) -> Int32 {
        // A client that goes away must not kill the server with SIGPIPE in the middle of a write.
        signal(SIGPIPE, SIG_IGN)
        let channel = OutputChannel(descriptor: output)
        let server = LanguageServer(
            options: options, send: { channel.write(MessageFrame.encode($0.bytes)) },
            log: { channel.log("oasguard lsp: " + $0 + "\n") })
        var reader = MessageReader { count in readChunk(from: input, count: count) }
        while true {
            switch reader.next() {
            case .message(let body):
                server.handle(body)
                if let code = server.exitCode { return code }
            case .malformed(let reason):
                server.reportMalformed(reason)
            case .end:
                return server.codeAtEndOfInput
            }
        }
    }

    /// Up to `count` bytes; none at the end of input or on an error.
    static func readChunk(from descriptor: Int32, count: Int) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: count)
        while true {
            let received = chunk.withUnsafeMutableBytes { POSIX.read(descriptor, $0.baseAddress!, count) }
            if received < 0 && errno == EINTR { continue }
            return received > 0 ? Array(chunk[..<received]) : []
        }
    }
}

/// Whole messages to one descriptor, one writer at a time; once the reader is gone, writes are dropped.
private final class OutputChannel: Sendable {
    let descriptor: Int32
    private let closed = Mutex(false)

    init(descriptor: Int32) { self.descriptor = descriptor }

    func write(_ bytes: [UInt8]) {
        closed.withLock { closed in
            guard !closed else { return }
            closed = !Self.writeAll(bytes, to: descriptor)
        }
    }

    func log(_ text: String) { _ = Self.writeAll(Array(text.utf8), to: STDERR_FILENO) }

    /// Writes everything, retrying short writes and interruptions; false when the descriptor fails.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes {
                POSIX.write(descriptor, $0.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }
}
