import Linter
import References
import RuleEngine
import SourceTree

/// Which findings a SARIF run carries: code scanning rejects a run with more than 25,000 results.
///
/// Findings are already one per root cause. With `--omit-unchanged`, results a baseline already has are left
/// out. When more than `limit` results remain (fixed baseline entries count too), suppressed results go
/// first, then notes, then warnings, and errors beyond the limit last, each in document order from the end;
/// the run's invocation then says what was left out.
struct SARIFSelection {
    /// Code scanning's most results per run.
    static let limit = 25_000

    let kept: [Finding]
    /// What was left out, as invocation notifications.
    let notifications: [JSONValue]

    init(_ findings: [Finding], absentCount: Int, omitUnchanged: Bool, limit: Int = Self.limit) {
        var candidates = findings
        var notes: [String] = []
        if omitUnchanged {
            let unchanged = candidates.filter { $0.baselineState == .unchanged }.count
            candidates.removeAll { $0.baselineState == .unchanged }
            if unchanged > 0 {
                notes.append("\(plural(unchanged, "result")) the baseline already has left out (--omit-unchanged)")
            }
        }
        let room = max(0, limit - absentCount)
        if candidates.count > room {
            var leftOut: [String] = []
            var leftOutCount = 0
            let stages: [(String, (Finding) -> Bool)] = [
                ("suppressed", { !$0.isActive }),
                ("note", { $0.isActive && $0.severity == .note }),
                ("warning", { $0.isActive && $0.severity == .warning }),
                ("error", { $0.isActive && $0.severity == .error }),
            ]
            for (name, matches) in stages where candidates.count > room {
                let excess = candidates.count - room
                let positions = candidates.indices.filter { matches(candidates[$0]) }.suffix(excess)
                guard !positions.isEmpty else { continue }
                let dropped = Set(positions)
                candidates = candidates.indices.filter { !dropped.contains($0) }.map { candidates[$0] }
                leftOut.append("\(positions.count) \(name)")
                leftOutCount += positions.count
            }
            notes.append(
                "\(plural(leftOutCount, "result")) left out to stay within code scanning's \(limit) results per run (\(leftOut.joined(separator: ", "))); suppressed results go first, then notes, then warnings; the json format lists every finding"
            )
        }
        kept = candidates
        notifications = notes.map { text in
            .object([("level", .string("warning")), ("message", .object([("text", .string(text))]))])
        }
    }
}

/// The files of a run by absolute path, to place fixed baseline entries where their pointer still leads.
struct AbsentEntryFiles {
    private var files: [String: SourceFile] = [:]

    init(_ run: LintRun, workingDirectory: String) {
        for document in run.documents {
            for file in document.summary?.files ?? [] {
                let path = file.path.hasPrefix("/") ? file.path : PathName.join(workingDirectory, file.path)
                files[PathName.normalize(path)] = file
            }
        }
    }

    /// The 1-based line of the entry's pointer in its file when both still exist, else 1.
    func line(of entry: Baseline.Entry) -> Int {
        guard let file = files[PathName.normalize(entry.file)], let tokens = JSONPointer.decode(entry.pointer),
            let node = file.resolve(tokens: tokens)
        else { return 1 }
        return file.position(node).line
    }
}
