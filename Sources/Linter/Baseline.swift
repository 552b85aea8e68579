import References
import RuleEngine
import SourceTree

/// Findings accepted earlier, keyed by rule, file, JSON pointer and the offending node's content — never by line.
public struct Baseline: Sendable {
    /// One accepted finding.
    public struct Entry: Hashable, Sendable {
        public let rule: RuleID
        /// Relative to the baseline file's directory.
        public let file: String
        public let pointer: String
        /// `StableHash.content` of the offending node.
        public let hash: String
        public let message: String

        /// What must stay the same for a finding to count as unchanged.
        var key: String { "\(rule)\u{0}\(file)\u{0}\(pointer)\u{0}\(hash)" }
    }

    public static let formatVersion = 1
    public let entries: [Entry]
    /// Absolute directory that entry paths are relative to.
    public let directory: String

    public init(entries: [Entry], directory: String) {
        self.entries = entries
        self.directory = directory
    }

    /// The entries a finding would have: one per place (a document-wide finding's places are its operations),
    /// with file paths made absolute by `absolute` and then relative to `directory`.
    public static func entries(for finding: Finding, absolute: (String) -> String, directory: String) -> [Entry] {
        let places = finding.isDocumentWide ? finding.occurrences : finding.places
        return places.map { place in
            Entry(
                rule: finding.ruleID, file: Configuration.relative(absolute(place.file.path), to: directory),
                pointer: place.pointer, hash: StableHash.content(of: place), message: finding.message)
        }
    }

    /// Reads a baseline written by `--write-baseline`.
    public static func load(path: String) throws(LoadError) -> Baseline {
        let file = try YAMLLoader.load(path: path)
        let directory = PathName.directory(of: FileReader.realPath(path) ?? path)
        guard let rootNode = file.root, let list = NodeRef(file, rootNode)["findings"], list.isSequence else {
            throw LoadError(path: path, message: "not an oasguard baseline: no `findings` list")
        }
        var entries: [Entry] = []
        for item in list.items {
            guard let rule = item["rule"]?.scalar, let path = item["file"]?.scalar,
                let pointer = item["pointer"]?.scalar,
                let hash = item["hash"]?.scalar
            else {
                throw LoadError(
                    path: path, position: item.position, message: "a baseline entry needs rule, file, pointer and hash")
            }
            entries.append(
                Entry(
                    rule: RuleID(rule), file: path, pointer: pointer, hash: hash, message: item["message"]?.scalar ?? ""
                ))
        }
        return Baseline(entries: entries, directory: directory)
    }

    /// The baseline file's JSON text for `entries`, sorted so reruns give the same bytes.
    public static func serialize(_ entries: [Entry]) -> String {
        let sorted = entries.sorted { ($0.file, $0.pointer, $0.rule) < ($1.file, $1.pointer, $1.rule) }
        var text = "{\n  \"tool\": \"oasguard\",\n  \"formatVersion\": \(formatVersion),\n  \"findings\": ["
        for (index, entry) in sorted.enumerated() {
            text += index == 0 ? "\n" : ",\n"
            text +=
                "    {\"rule\": \(CanonicalJSON.quote(entry.rule.rawValue)), \"file\": \(CanonicalJSON.quote(entry.file)), "
            text += "\"pointer\": \(CanonicalJSON.quote(entry.pointer)), \"hash\": \(CanonicalJSON.quote(entry.hash)), "
            text += "\"message\": \(CanonicalJSON.quote(entry.message))}"
        }
        return text + (sorted.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
    }

}

/// Matches findings against a baseline, each entry at most once.
public struct BaselineMatcher {
    let baseline: Baseline
    private var remaining: [String: [Baseline.Entry]] = [:]

    public init(_ baseline: Baseline) {
        self.baseline = baseline
        for entry in baseline.entries { remaining[entry.key, default: []].append(entry) }
    }

    /// Marks a finding new when one of its places has no entry left, else unchanged (and suppressed).
    /// `absolute` makes a finding's file path absolute.
    public mutating func match(_ finding: inout Finding, absolute: (String) -> String) {
        var isNew = false
        for entry in Baseline.entries(for: finding, absolute: absolute, directory: baseline.directory) {
            guard var matches = remaining[entry.key], !matches.isEmpty else {
                isNew = true
                continue
            }
            matches.removeLast()
            remaining[entry.key] = matches
        }
        guard !isNew else {
            finding.baselineState = .new
            return
        }
        finding.baselineState = .unchanged
        if finding.suppression == nil {
            finding.suppression = Suppression(kind: .external, justification: "accepted in the baseline")
        }
    }

    /// Entries no finding matched: problems fixed since the baseline was written.
    public var unmatched: [Baseline.Entry] {
        remaining.values.flatMap { $0 }.sorted { ($0.file, $0.pointer, $0.rule) < ($1.file, $1.pointer, $1.rule) }
    }
}
