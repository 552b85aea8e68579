import ArgumentParser
import LanguageServer
import Linter
import Platform
import RuleEngine
import Rules

/// `oasguard init`: writes a commented starter `.oasguard.yml`.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Write a commented starter .oasguard.yml (never overwrites).")

    @Option(name: .shortAndLong, help: "Where to write it.")
    var output = ".oasguard.yml"

    func run() throws {
        var info = stat()
        if lstat(output, &info) == 0 {
            writeError("\(output): error: already exists; oasguard init never overwrites a file")
            throw ExitCode(2)
        }
        let descriptor = open(output, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            writeError("\(output): error: cannot create: \(String(cString: strerror(errno)))")
            throw ExitCode(2)
        }
        write(Self.starter(RuleCatalog.builtIn), to: descriptor)
        close(descriptor)
        print("wrote \(output)")
    }

    /// The JSON Schema of the file, for editors: in the checkout this binary was built from.
    static let schemaURL = DocumentURI.uri(
        ofPath: OASGuardVersion.sourceFile("schemas/oasguard-config.schema.json")
            ?? "/PATH/TO/oasguard/schemas/oasguard-config.schema.json")

    /// The starter file: every key explained, every rule listed with its default severity.
    static func starter(_ catalog: RuleCatalog) -> String {
        let width = catalog.entries.map(\.id.rawValue.count).max() ?? 0
        var text = """
            # yaml-language-server: $schema=\(Self.schemaURL)
            # oasguard configuration. Flags override it: --enable, --disable, --severity ID=LEVEL, --fail-on.

            # Least severity that fails the run (exit 1): error, warning, note or never.
            fail-on: error

            # Rules to start from: recommended (what is usually worth acting on) or all (every rule and finding).
            preset: recommended

            # Per rule id or per category (\(RuleCategory.allCases.map(\.rawValue).joined(separator: ", "))):
            # off, or a severity (error, warning, note); naming a rule turns it on, a category's severity applies to
            # those of its rules that run. Every rule with its default severity ("opt-in": not in recommended):
            rules:

            """
        for category in RuleCategory.allCases {
            let members = catalog.entries.filter { $0.description.category == category }
            guard !members.isEmpty else { continue }
            text += "  # \(category.rawValue):\n"
            for entry in members {
                let padding = String(repeating: " ", count: width - entry.id.rawValue.count)
                let severity = entry.description.severity.rawValue
                let gap = String(repeating: " ", count: 8 - severity.count)
                let optIn = entry.description.recommended ? "" : " (opt-in)"
                text += "  # \(entry.id):\(padding) \(severity)\(gap)# \(entry.description.title)\(optIn)\n"
            }
        }
        text += """

            # Findings to excuse: rule id -> JSON-pointer patterns (`*` one segment, `**` any number),
            # optionally prefixed by a file glob and `#`. An ignore covers the node and everything beneath it.
            # ignore:
            #   http-basic-auth:
            #     - "specs/partner-*.yaml#/components/securitySchemes/legacyBasic"
            #   operation-without-security:
            #     - "/paths/~1health/**"

            # Files not to lint (globs relative to this file).
            # exclude:
            #   - "vendor/**"

            # Directory that $refs may not leave (default: the git repository).
            # ref-root: .

            # Findings accepted earlier (oasguard lint --write-baseline FILE); only new ones fail the run.
            # baseline: .oasguard-baseline.json

            # Least security score (0–100, see `oasguard lint --score`) a document may have; lower fails lint and inventory.
            # min-score: 70

            # Organisation policies, each reported as rule policy/ID (more from files: --policy FILE).
            # policies:
            #   - id: admin-needs-admin-scope
            #     where:
            #       paths: ["/admin/**"]
            #     require:
            #       authenticated: true
            #       scopes: [admin]

            """
        return text
    }
}
