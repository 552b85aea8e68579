import Foundation
import Testing

/// The README's architecture section keeps up with the package: every module has its row.
@Suite struct ArchitectureSectionTests {
    @Test func everyModuleOfThePackageHasARowInTheModuleTable() throws {
        let package = try String(contentsOfFile: TestSupport.packageRoot + "/Package.swift", encoding: .utf8)
        let readme = try String(contentsOfFile: TestSupport.packageRoot + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "### The modules\n"))
        let end = try #require(readme.range(of: "### How a finding travels", range: start.upperBound..<readme.endIndex))
        let rows = readme[start.upperBound..<end.lowerBound].split(separator: "\n").filter { $0.hasPrefix("| `") }
        let declaration = try Regex(#"\.(?:target|executableTarget|systemLibrary)\(\s*name: "([^"]+)""#)
        let modules = package.matches(of: declaration).compactMap { $0.output[1].substring.map(String.init) }
        #expect(modules.count >= 10)
        for module in modules {
            #expect(rows.contains { $0.split(separator: "|").first?.contains("`\(module)`") == true }, "\(module)")
        }
    }
}
