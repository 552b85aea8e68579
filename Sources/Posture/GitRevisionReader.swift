import Lexicon
import References
import SourceTree

/// Reads a document, and the files its references may reach, from a git revision without checking it out.
///
/// The document comes from `git show REV:path`. When it has references to other files, the YAML and JSON files of
/// its folder (and below) at that revision are read too, with `git ls-tree` and `git cat-file --batch`, into a
/// temporary directory laid out as in the repository. References that leave that folder are not followed.
struct GitRevisionReader {
    /// Files read for one document, removed by the caller.
    struct Checkout: Sendable {
        let files: TemporaryFiles
        /// The document inside `files.directory`.
        let documentPath: String
    }

    let revision: String
    let path: String
    let limits: LoadLimits

    var label: String { "git:\(revision):\(path)" }

    /// The most bytes read back from `git`: a path (`rev-parse`), the listing of a folder's tree (`ls-tree`), and
    /// the contents of every file wanted (`cat-file --batch`, each file already bounded by the load limits).
    static let maxPathOutput = 1 << 16
    static let maxListingOutput = 64 << 20
    static let maxBatchOutput = 1 << 30

    func fail(_ message: String) -> LoadError { LoadError(path: label, message: message) }

    func git(_ arguments: [String], in directory: String? = nil, input: String? = nil, maxOutput: Int) throws(LoadError)
        -> Subprocess.Outcome
    {
        do {
            return try Subprocess.run(
                ["git"] + (directory.map { ["-C", $0] } ?? []) + arguments, inputPath: input, maxOutput: maxOutput)
        } catch {
            throw fail(error.message)
        }
    }

    func read() throws(LoadError) -> Checkout {
        guard !revision.hasPrefix("-") else { throw fail("'\(revision)' is not a revision") }
        let top = try git(["rev-parse", "--show-toplevel"], maxOutput: Self.maxPathOutput)
        guard top.status == 0 else { throw fail("not in a git repository: \(top.errorLine)") }
        let root = String(decoding: top.stdout, as: UTF8.self).trimmingSpaces
        var repositoryPath = PathName.normalize(path)
        if path.hasPrefix("./") || path.hasPrefix("../") {
            let prefix = try git(["rev-parse", "--show-prefix"], maxOutput: Self.maxPathOutput)
            repositoryPath = PathName.normalize(
                String(decoding: prefix.stdout, as: UTF8.self).trimmingSpaces + "/" + path)
        }
        guard !repositoryPath.hasPrefix("..") && !repositoryPath.hasPrefix("/") else {
            throw fail("the path leaves the repository")
        }
        let shown = try git(["show", "\(revision):\(repositoryPath)"], in: root, maxOutput: limits.maxFileBytes)
        guard shown.status == 0 else { throw fail("git show \(revision):\(repositoryPath) failed: \(shown.errorLine)") }
        let files: TemporaryFiles
        do {
            files = try TemporaryFiles()
        } catch {
            throw fail(error.message)
        }
        do {
            let documentPath = files.directory + "/" + repositoryPath
            try attempt { () throws(Subprocess.Failure) in try files.write(shown.stdout, to: documentPath) }
            if hasFileReferences(shown.stdout) {
                try readSiblings(of: repositoryPath, root: root, into: files)
            }
            return Checkout(files: files, documentPath: documentPath)
        } catch {
            files.removeAll()
            throw error
        }
    }

    /// Runs a file operation, its failure becoming a load error of this document.
    func attempt<T>(_ body: () throws(Subprocess.Failure) -> T) throws(LoadError) -> T {
        do {
            return try body()
        } catch {
            throw fail(error.message)
        }
    }

    /// Whether the document has a `$ref` to another file (an unparsable one is left to the loader to report).
    func hasFileReferences(_ bytes: [UInt8]) -> Bool {
        guard let file = try? YAMLLoader.parse(bytes, path: label, limits: limits) else { return false }
        return file.referenceNodes.contains { mapping in
            guard let value = file.value(mapping, "$ref"), let text = file.scalar(value) else { return false }
            return !text.hasPrefix("#")
        }
    }

    /// Reads the YAML and JSON files of the document's folder at the revision, within the load limits.
    func readSiblings(of repositoryPath: String, root: String, into files: TemporaryFiles) throws(LoadError) {
        let folder = PathName.directory(of: repositoryPath)
        let listing = try git(
            ["ls-tree", "-r", "-l", "-z", "--full-tree", revision, "--"] + (folder == "." ? [] : [folder]), in: root,
            maxOutput: Self.maxListingOutput)
        guard listing.status == 0 else { throw fail("git ls-tree \(revision) failed: \(listing.errorLine)") }
        var wanted: [String] = []
        for record in listing.stdout.split(separator: 0) {
            // `<mode> SP <type> SP <object> SP <size> TAB <path>`
            guard let tab = record.firstIndex(of: UInt8(ascii: "\t")) else { continue }
            let fields = String(decoding: record[..<tab], as: UTF8.self).split(
                separator: " ", omittingEmptySubsequences: true)
            let name = String(decoding: record[(tab + 1)...], as: UTF8.self)
            // Regular files only: a symbolic link's blob is its target's name, not a document.
            guard fields.count == 4, fields[0] == "100644" || fields[0] == "100755", fields[1] == "blob",
                let size = Int(fields[3]), size <= limits.maxFileBytes,
                name != repositoryPath,
                [".yaml", ".yml", ".json"].contains(where: { name.lowercased().hasSuffix($0) }),
                !name.contains("\n")
            else { continue }
            // A crafted tree may hold `..` or absolute entries: refused, never written outside the checkout.
            let segments = name.split(separator: "/", omittingEmptySubsequences: false)
            guard !name.hasPrefix("/"), !segments.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
                throw fail("the tree of \(revision) has an entry '\(name)' that leads out of its folder; refused")
            }
            wanted.append(name)
            if wanted.count >= limits.maxFiles { break }
        }
        guard !wanted.isEmpty else { return }
        let requestText = wanted.map { "\(revision):\($0)\n" }.joined()
        let request = try attempt { () throws(Subprocess.Failure) in try files.file(containing: Array(requestText.utf8))
        }
        let batch = try git(["cat-file", "--batch"], in: root, input: request, maxOutput: Self.maxBatchOutput)
        guard batch.status == 0 else { throw fail("git cat-file failed: \(batch.errorLine)") }
        // `<object> blob <size>\n<content>\n`, or `<name> missing\n`.
        let output = batch.stdout
        var index = 0
        for name in wanted {
            guard let newline = output[index...].firstIndex(of: UInt8(ascii: "\n")) else { break }
            let header = String(decoding: output[index..<newline], as: UTF8.self).split(separator: " ")
            index = newline + 1
            guard header.count == 3, header[1] == "blob", let size = Int(header[2]), index + size <= output.count else {
                continue
            }
            let content = Array(output[index..<(index + size)])
            try attempt { () throws(Subprocess.Failure) in try files.write(content, to: files.directory + "/" + name) }
            index += size + 1
        }
    }
}
