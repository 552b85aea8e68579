import SourceTree
import Synchronization

/// Loads files at most once and only inside a root directory; shared by every document of a run.
public final class SourceStore: Sendable {
    /// The directory no reference may leave.
    public let root: ReferenceRoot
    public let limits: LoadLimits
    /// Contents that replace what is on disk, by canonical path (standard input, an editor's unsaved buffers).
    public let buffers: [String: [UInt8]]
    private let cache = Mutex<[String: Result<SourceFile, LoadError>]>([:])
    private let canonicalPaths = Mutex<[ObjectIdentifier: String]>([:])

    /// `buffers` are read instead of the files at their paths.
    public init(root: ReferenceRoot, limits: LoadLimits = .default, buffers: [String: [UInt8]] = [:]) {
        self.root = root
        self.limits = limits
        self.buffers = buffers
    }

    /// How many distinct files have been read.
    public var loadedFileCount: Int { cache.withLock { $0.count } }

    /// Loads `displayPath`, whose canonical path is `canonical`, or returns the copy already loaded.
    public func load(canonical: String, displayPath: String) -> Result<SourceFile, LoadError> {
        if let cached = cache.withLock({ $0[canonical] }) { return cached }
        let result: Result<SourceFile, LoadError>
        do {
            let bytes = try contents(of: canonical)
            result = .success(try YAMLLoader.parse(bytes, path: displayPath, limits: limits))
        } catch {
            var shown = error
            shown.path = displayPath
            result = .failure(shown)
        }
        return cache.withLock { cache in
            if let raced = cache[canonical] { return raced }
            cache[canonical] = result
            if case .success(let file) = result {
                canonicalPaths.withLock { $0[ObjectIdentifier(file)] = canonical }
            }
            return result
        }
    }

    /// A buffer's bytes, or the file's.
    private func contents(of canonical: String) throws(LoadError) -> [UInt8] {
        guard let buffer = buffers[canonical] else {
            // Inside the root, the file is opened from the root down, never through a link.
            if case .directory(let directory) = root, root.isBelow(canonical) {
                return try FileReader.read(path: canonical, beneath: directory, maxBytes: limits.maxFileBytes)
            }
            return try FileReader.read(path: canonical, maxBytes: limits.maxFileBytes)
        }
        guard buffer.count <= limits.maxFileBytes else {
            throw LoadError(
                path: canonical,
                message: "the input is \(buffer.count) bytes, more than the limit of \(limits.maxFileBytes) "
                    + "(raise it with --max-file-size)")
        }
        return buffer
    }

    /// The canonical path a loaded file was read from.
    public func canonicalPath(of file: SourceFile) -> String? {
        canonicalPaths.withLock { $0[ObjectIdentifier(file)] }
    }

}

/// Lexical path handling, with no file system access.
public enum PathName {
    /// Removes `.` and empty segments and applies `..`, keeping a leading `/` (a relative path may keep leading `..`).
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == ".." && absolute {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// Everything before the last `/` (`.` when there is none).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// `base/relative`, normalised.
    public static func join(_ base: String, _ relative: String) -> String {
        normalize(base == "." ? relative : base + "/" + relative)
    }

    /// Decodes `%XX` escapes; invalid ones are kept as written.
    public static func percentDecode(_ text: String) -> String {
        var text = text
        guard text.withUTF8({ $0.contains(UInt8(ascii: "%")) }) else { return text }
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
                let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
