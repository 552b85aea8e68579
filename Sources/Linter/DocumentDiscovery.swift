import Dispatch
import Platform
import References
import SourceTree
import Synchronization

/// Finds the documents to lint: files as given, and OpenAPI root documents inside directories.
public enum DocumentDiscovery {
    /// A document to lint.
    public struct Document: Sendable {
        /// As shown to the user (normalised, relative when given relative).
        public let path: String
        /// Absolute, with links resolved: the identity of the file.
        public let canonicalPath: String
    }

    static let extensions = [".yaml", ".yml", ".json"]
    static let skippedDirectories: Set<String> = ["node_modules", ".build", ".git"]

    /// Expands `paths`; a directory yields its OpenAPI root documents, sorted by path.
    /// `isExcluded` receives canonical paths; excluded files are skipped, even when named explicitly.
    public static func find(_ paths: [String], isExcluded: (String) -> Bool = { _ in false }) -> (
        documents: [Document], errors: [LoadError]
    ) {
        var documents: [Document] = []
        var errors: [LoadError] = []
        var seen: Set<String> = []
        for given in paths {
            if let glob = ArgumentGlob(given) {
                let matches = glob.matches()
                if matches.isEmpty { errors.append(LoadError(path: given, position: nil, message: "no file matches")) }
                for file in rootDocuments(among: matches) {
                    guard let canonical = FileReader.realPath(file), !isExcluded(canonical),
                        seen.insert(canonical).inserted
                    else { continue }
                    documents.append(Document(path: file, canonicalPath: canonical))
                }
                continue
            }
            let path = PathName.normalize(given)
            guard let isDirectory = FileReader.isDirectory(path), let canonical = FileReader.realPath(path) else {
                errors.append(LoadError(path: given, position: nil, message: "no such file or directory"))
                continue
            }
            if !isDirectory {
                if !isExcluded(canonical), seen.insert(canonical).inserted {
                    documents.append(Document(path: path, canonicalPath: canonical))
                }
                continue
            }
            for file in rootDocuments(among: walk(path)) {
                guard let canonical = FileReader.realPath(file), !isExcluded(canonical), seen.insert(canonical).inserted
                else { continue }
                documents.append(Document(path: file, canonicalPath: canonical))
            }
        }
        return (documents, errors)
    }

    /// YAML and JSON files below `directory`, sorted, skipping hidden and dependency folders.
    static func walk(_ directory: String) -> [String] {
        var files: [String] = []
        var pending = [directory]
        while let current = pending.popLast() {
            guard let handle = opendir(current) else { continue }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
                }
                if name.hasPrefix(".") || skippedDirectories.contains(name) { continue }
                let path = current == "." ? name : current + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: pending.append(path)
                case S_IFREG, S_IFLNK:
                    if extensions.contains(where: { name.lowercased().hasSuffix($0) }) { files.append(path) }
                default: break
                }
            }
        }
        return files.sorted()
    }

    /// The files that are root documents, in their given order; looked at in parallel, as a tree may hold thousands.
    static func rootDocuments(among files: [String]) -> [String] {
        let verdicts = Mutex<[Int: Bool]>([:])
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let isRoot = isRootDocument(files[index])
            verdicts.withLock { $0[index] = isRoot }
        }
        return verdicts.withLock { verdicts in files.indices.filter { verdicts[$0] == true }.map { files[$0] } }
    }

    /// Whether a file has a top-level `openapi` or `swagger` key, judged from its text without parsing it.
    static func isRootDocument(_ path: String) -> Bool {
        guard let bytes = try? FileReader.read(path: path, maxBytes: LoadLimits.default.maxFileBytes) else {
            return false
        }
        return RootKeyScanner.hasVersionKey(bytes)
    }
}

/// A quick look for a top-level `openapi`/`swagger` key in YAML or JSON text.
enum RootKeyScanner {
    static let keys: [[UInt8]] = [Array("openapi".utf8), Array("swagger".utf8)]

    static func hasVersionKey(_ bytes: [UInt8]) -> Bool {
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        guard start < bytes.count else { return false }
        return bytes[start] == UInt8(ascii: "{") ? scanJSON(bytes, from: start) : scanYAML(bytes)
    }

    /// A line that starts, at column 0, with the key (optionally quoted) and a colon.
    static func scanYAML(_ bytes: [UInt8]) -> Bool {
        var lineStart = 0
        while lineStart < bytes.count {
            var index = lineStart
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
                index += 1
            }
            for key in keys where bytes[index...].starts(with: key) {
                var after = index + key.count
                if after < bytes.count, bytes[after] == UInt8(ascii: "\"") || bytes[after] == UInt8(ascii: "'") {
                    after += 1
                }
                while after < bytes.count, bytes[after] == UInt8(ascii: " ") { after += 1 }
                if after < bytes.count, bytes[after] == UInt8(ascii: ":") { return true }
            }
            guard let newline = bytes[lineStart...].firstIndex(of: 0x0A) else { break }
            lineStart = newline + 1
        }
        return false
    }

    /// A string key at depth 1 of the top-level object, followed by a colon.
    static func scanJSON(_ bytes: [UInt8], from start: Int) -> Bool {
        var depth = 0
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: "\""):
                let stringStart = index + 1
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    index += 1
                }
                if depth == 1, keys.contains(where: { bytes[stringStart..<min(index, bytes.count)].elementsEqual($0) })
                {
                    var after = index + 1
                    while after < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[after]) { after += 1 }
                    if after < bytes.count, bytes[after] == UInt8(ascii: ":") { return true }
                }
            default: break
            }
            index += 1
        }
        return false
    }
}
