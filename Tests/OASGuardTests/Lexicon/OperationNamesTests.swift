import Testing

@testable import Lexicon

/// Telling a `POST` that queries from one that writes, by its names and the last fixed segment of its path.
@Suite struct OperationNamesTests {
    @Test(arguments: [
        "/a/b", "/a/{id}", "/", "", "a", "//x//", "/{a}/{b}", "/x/{y}/z/", "/über/{x}", "{a}/b", "/events/search",
        "/a/{b}c/d{", "/a/é\u{301}/{x}",
    ])
    func theLastFixedSegmentIsTheLastOfTheCharacterSplit(path: String) {
        let characters = path.split(separator: "/").last(where: { !$0.hasPrefix("{") }).map(String.init)
        #expect(OperationNames.lastFixedSegment(of: path) == characters)
    }

    @Test func aPostNamedLikeAQueryIsOne() {
        #expect(OperationNames.namesQuery(["BulkExportRules", nil], path: "/rules"))
        #expect(OperationNames.namesQuery([nil, "Search all logs"], path: "/logs"))
        #expect(OperationNames.namesQuery([nil, nil], path: "/logs/events/search/{id}"))
        #expect(!OperationNames.namesQuery(["CreateRule", "Create a rule"], path: "/rules/{id}"))
    }
}
