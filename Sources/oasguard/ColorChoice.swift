import ArgumentParser
import Platform

/// `--color auto|always|never`: whether text output is coloured.
enum ColorChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, always, never

    /// Whether to colour what goes to `descriptor`: `always` and `never` decide; `auto` follows `NO_COLOR`
    /// (set and not empty: no colour), then `FORCE_COLOR` (set, not empty and not `0`: colour), then whether
    /// `descriptor` is a terminal.
    func useColor(on descriptor: Int32, environment: (String) -> String? = Self.environment) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment("NO_COLOR"), !noColor.isEmpty { return false }
            if let force = environment("FORCE_COLOR"), !force.isEmpty, force != "0" { return true }
            return isatty(descriptor) != 0
        }
    }

    /// A variable of the process's environment.
    static func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}
