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
    /// A path that does not exist, a file or folder that cannot be read, and a link that leaves the directory
    /// searched or leads to anything but a regular file are errors.
    public static func find(_ paths: [String], isExcluded: (String) -> Bool = { _ in false }) -> (
        documents: [Document], errors: [LoadError]
    ) {
        var documents: [Document] = []
        var errors: [LoadError] = []
        var seen: Set<String> = []
        // Keeps the root documents among files a glob or a folder yielded, after the errors of listing them.
        func admit(_ files: [Candidate], listingErrors: [LoadError]) {
            errors += listingErrors.sorted { $0.path < $1.path }
            let verdicts = rootDocuments(among: files)
            errors += verdicts.errors
            for file in verdicts.documents {
                guard !isExcluded(file.canonical), seen.insert(file.canonical).inserted else { continue }
                documents.append(Document(path: file.path, canonicalPath: file.canonical))
            }
        }
        for given in paths {
            if let glob = ArgumentGlob(given) {
                let matches = glob.candidates()
                if matches.files.isEmpty && matches.errors.isEmpty {
                    errors.append(LoadError(path: given, position: nil, message: "no file matches"))
                }
                admit(matches.files, listingErrors: matches.errors)
                continue
            }
            let path = PathName.normalize(given)
            guard let isDirectory = FileReader.isDirectory(path), let canonical = FileReader.realPath(path) else {
                errors.append(LoadError(path: given, position: nil, message: FileReader.describeMissing(path)))
                continue
            }
            if !isDirectory {
                if !isExcluded(canonical), seen.insert(canonical).inserted {
                    documents.append(Document(path: path, canonicalPath: canonical))
                }
                continue
            }
            let listing = walk(path, canonical: canonical)
            admit(listing.files, listingErrors: listing.errors)
        }
        return (documents, errors)
    }

    /// A YAML or JSON file found in a directory, with its canonical path.
    struct Candidate: Sendable {
        let path: String
        let canonical: String
    }

    /// YAML and JSON files below `directory` (whose canonical path is `root`), sorted, skipping hidden and
    /// dependency folders. A link is followed only to a regular file inside `root`; a folder that cannot be
    /// listed and a link that leads elsewhere are errors.
    static func walk(_ directory: String, canonical root: String) -> (files: [Candidate], errors: [LoadError]) {
        var files: [Candidate] = []
        var errors: [LoadError] = []
        var pending = [directory]
        while let current = pending.popLast() {
            guard let handle = opendir(current) else {
                errors.append(
                    LoadError(path: current, message: "cannot read the directory: \(FileReader.errorText(errno))"))
                continue
            }
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
                case S_IFREG:
                    guard hasDocumentExtension(name) else { continue }
                    files.append(Candidate(path: path, canonical: FileReader.realPath(path) ?? path))
                case S_IFLNK:
                    guard hasDocumentExtension(name) else { continue }
                    guard let target = FileReader.realPath(path) else {
                        errors.append(LoadError(path: path, message: FileReader.describeMissing(path)))
                        continue
                    }
                    guard root == "/" || target.hasPrefix(root + "/") else {
                        errors.append(
                            LoadError(
                                path: path,
                                message: "a symbolic link out of '\(directory)' (to '\(target)'); not followed"))
                        continue
                    }
                    guard FileReader.isRegularFile(target) else {
                        errors.append(
                            LoadError(
                                path: path,
                                message: "a symbolic link to something other than a regular file; not followed"))
                        continue
                    }
                    files.append(Candidate(path: path, canonical: target))
                default: break
                }
            }
        }
        return (files.sorted { $0.path < $1.path }, errors)
    }

    /// `.yaml`, `.yml` or `.json`, in any case.
    static func hasDocumentExtension(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return extensions.contains { lowered.hasSuffix($0) }
    }

    /// The files that are root documents, in their given order, and the files that could not be read; looked at
    /// in parallel, as a tree may hold thousands.
    static func rootDocuments(among files: [Candidate]) -> (documents: [Candidate], errors: [LoadError]) {
        let verdicts = Mutex<[Int: Result<Bool, LoadError>]>([:])
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let verdict = Result { () throws(LoadError) -> Bool in try isRootDocument(files[index]) }
            verdicts.withLock { $0[index] = verdict }
        }
        return verdicts.withLock { verdicts in
            var documents: [Candidate] = []
            var errors: [LoadError] = []
            for index in files.indices {
                switch verdicts[index] {
                case .success(true): documents.append(files[index])
                case .failure(let error): errors.append(error)
                default: break
                }
            }
            return (documents, errors)
        }
    }

    /// Whether a file's root mapping has an `openapi` or `swagger` key, as the parser reads it; text the parser
    /// rejects before that is known counts when a textual scan finds such a key (linting then reports the error).
    static func isRootDocument(_ file: Candidate) throws(LoadError) -> Bool {
        let bytes: [UInt8]
        do {
            bytes = try FileReader.read(path: file.canonical, maxBytes: LoadLimits.default.maxFileBytes)
        } catch {
            throw LoadError(path: file.path, position: error.position, message: error.message)
        }
        return RootKeyProbe.hasKey(bytes, among: ["openapi", "swagger"]) ?? RootKeyScanner.hasVersionKey(bytes)
    }
}

/// A textual look for a top-level `openapi`/`swagger` key, for text the parser cannot read.
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
