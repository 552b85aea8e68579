import OpenAPIModel
import Testing

@testable import Posture

/// `InputShape`: keys of received values are interned, so a deep schema chain costs a key per value, not a key as
/// long as the chain (which made `diff` of a finding-dense document take gigabytes), and equal texts stay equal.
@Suite struct InputShapeTests {
    /// A document whose one operation takes in a chain of `depth` schemas, each with a `name` bounded by
    /// `maxLength` and a `next` leading to the following one.
    static func chain(depth: Int, lastMaxLength: Int = 10) -> String {
        var text = """
            openapi: 3.0.3
            info: {title: Chain, version: '1'}
            paths:
              /links:
                post:
                  requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Link0'}}}}
                  responses: {'204': {description: ok}}
            components:
              schemas:

            """
        for index in 0..<depth {
            let bound = index == depth - 1 ? lastMaxLength : 10
            text += "    Link\(index):\n      type: object\n      properties:\n"
            text += "        name: {type: string, maxLength: \(bound)}\n"
            if index + 1 < depth { text += "        next: {$ref: '#/components/schemas/Link\(index + 1)'}\n" }
        }
        return text
    }

    /// The entries of the chain's one operation and how many distinct keys they stored.
    static func shape(depth: Int) throws -> (entries: Int, keys: Int) {
        let api = try SpecDiffTests.model(chain(depth: depth))
        let paths = KeyPaths()
        let shape = InputShape(of: try #require(api.operations.first), walker: .init(graph: api.schemas, paths: paths))
        return (shape.entries.count, paths.count)
    }

    @Test func keysOfADeepChainGrowWithItsValuesOnly() throws {
        let (shallow, deep) = (try Self.shape(depth: 200), try Self.shape(depth: 400))
        #expect(shallow.entries == 2 * 200)
        #expect(deep.entries == 2 * 400)
        // A value's key is one piece on its parent's: about one key for the walk's value and one for the joined one.
        #expect(deep.keys <= 2 * deep.entries + 8)
        #expect(deep.keys - shallow.keys <= 2 * (deep.entries - shallow.entries))
    }

    @Test func equalTextsAreOneKeyHoweverTheyWereBuilt() {
        let paths = KeyPaths()
        let whole = paths.appending("body:a/b/c", to: KeyPaths.empty)
        let split = paths.joining(
            paths.appending("body:a", to: KeyPaths.empty), paths.appending("/b/c", to: KeyPaths.empty))
        let other = paths.joining(
            paths.appending("body:a/b", to: KeyPaths.empty), paths.appending("/c", to: KeyPaths.empty))
        #expect(whole == split)
        #expect(whole == other)
        #expect(paths.appending("body:a/bc", to: KeyPaths.empty) != whole)
        #expect(paths.joining(whole, KeyPaths.empty) == whole)
    }

    @Test func aBoundRaisedAtTheEndOfADeepChainIsStillFound() throws {
        let diff = try SpecDiffTests.diff(Self.chain(depth: 300), Self.chain(depth: 300, lastMaxLength: 1000))
        let raised = diff.regressions.filter { $0.kind == .inputBoundRemoved }
        #expect(raised.count == 1)
        #expect(raised.first?.message.contains("was raised from 10 to 1000") == true)
    }
}
