import Linter
import Reporters
import RuleEngine
import SourceTree

/// A diagnostic as published, with what the quick fix and hover need.
struct PublishedDiagnostic: Sendable {
    let range: LSPRange
    /// The finding's rule; nil for a file that could not be loaded.
    let ruleID: RuleID?
    /// The rule's catalog entry (built in, or an organisation policy).
    let rule: RuleCatalog.Entry?
    /// The finding's node, from which the ignore is placed.
    let location: NodeRef?
    let json: JSONValue
}

/// Turns findings and load errors into LSP diagnostics, converting positions file by file.
struct DiagnosticBuilder {
    let encoding: PositionEncoding
    /// The catalog entries of the run (policies included), by rule id.
    private let rules: [RuleID: RuleCatalog.Entry]
    /// Per file: positions in the client's encoding, and lines for the underlined region.
    private var indexes: [ObjectIdentifier: (converter: PositionConverter, lines: SourceLines)] = [:]
    /// Maps a file's path to the URI it is published under.
    let uriOfPath: (String) -> String

    init(encoding: PositionEncoding, catalog: RuleCatalog, uriOfPath: @escaping (String) -> String) {
        self.encoding = encoding
        rules = Dictionary(catalog.entries.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.uriOfPath = uriOfPath
    }

    /// Where a built-in rule is documented (`codeDescription.href`): its catalog file in the checkout the server
    /// was built from, while it is there; nil for an organisation's policies, documented in their configuration.
    static func documentationURL(of rule: RuleCatalog.Entry?) -> String? {
        guard let rule, rule.isBuiltIn, let path = OASGuardVersion.sourceFile("rules/\(rule.id).yaml") else {
            return nil
        }
        return DocumentURI.uri(ofPath: path)
    }

    /// The LSP severity of a finding: error 1, warning 2, note 3 (information).
    static func severity(_ severity: Severity) -> Int {
        switch severity {
        case .error: 1
        case .warning: 2
        case .note: 3
        }
    }

    /// The range a finding underlines, as the text report's caret does: a one-line scalar whole, anything else
    /// from its start to the end of that line.
    mutating func range(of node: NodeRef) -> LSPRange {
        let (converter, lines) = index(of: node.file)
        let region = ReportInput.region(of: node, lines: lines)
        return LSPRange(start: converter.lspPosition(of: region.start), end: converter.lspPosition(of: region.end))
    }

    mutating func diagnostic(for finding: Finding) -> PublishedDiagnostic {
        let underline = range(of: finding.location)
        var members: [(String, JSONValue)] = [
            ("range", underline.json),
            ("severity", .int(Self.severity(finding.severity))),
            ("code", .string(finding.ruleID.rawValue)),
            ("source", .string("oasguard")),
            ("message", .string(finding.message)),
        ]
        if let url = Self.documentationURL(of: rules[finding.ruleID]) {
            members.insert(("codeDescription", .object([("href", .string(url))])), at: 3)
        }
        if !finding.occurrences.isEmpty {
            let related = finding.occurrences.map { occurrence -> JSONValue in
                let location: JSONValue = .object([
                    ("uri", .string(uriOfPath(occurrence.file.path))), ("range", range(of: occurrence).json),
                ])
                return .object([("location", location), ("message", .string("the same problem here"))])
            }
            members.append(("relatedInformation", .array(related)))
        }
        return PublishedDiagnostic(
            range: underline, ruleID: finding.ruleID, rule: rules[finding.ruleID], location: finding.location,
            json: .object(members))
    }

    /// A load error at its position in `bytes`, the contents of the file it names.
    static func diagnostic(for error: LoadError, bytes: [UInt8], encoding: PositionEncoding) -> PublishedDiagnostic {
        let position = PositionConverter(bytes: bytes, encoding: encoding).lspPosition(of: error.positionOrFileStart)
        let range = LSPRange(start: position, end: position)
        let json: JSONValue = .object([
            ("range", range.json), ("severity", .int(1)), ("source", .string("oasguard")),
            ("message", .string(error.message)),
        ])
        return PublishedDiagnostic(range: range, ruleID: nil, rule: nil, location: nil, json: json)
    }

    private mutating func index(of file: SourceFile) -> (converter: PositionConverter, lines: SourceLines) {
        if let known = indexes[ObjectIdentifier(file)] { return known }
        let index = (PositionConverter(bytes: file.bytes, encoding: encoding), SourceLines(file))
        indexes[ObjectIdentifier(file)] = index
        return index
    }
}
