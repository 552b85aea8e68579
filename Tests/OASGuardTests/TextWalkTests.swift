import SourceTree
import Testing

@testable import RuleEngine

/// The walk of a file's scalar values that the source-text rules share, and the key names they compare by shape.
@Suite struct TextWalkTests {
    /// Each scalar value of `text` as `key=value` with `E` when in an extension and `S` when in sample data.
    static func places(of text: String) throws -> [String] {
        let file = try TestSupport.parse(text)
        var places: [String] = []
        DocumentText.forEachScalar(of: file) { place, value in
            let marks = (place.inExtension ? "E" : "") + (place.inSampleData ? "S" : "")
            places.append("\(place.key(in: file) ?? "-")=\(String(decoding: value, as: UTF8.self))\(marks)")
        }
        return places
    }

    @Test func scalarsComeInDocumentOrderWithWhereTheySit() throws {
        let text = """
            a: {b: one, c: [two, {d: three}]}
            x-ext: {e: four, f: [five]}
            schema: {example: six, enum: [seven], default: {g: eight}, examples: [nine, {h: ten}]}
            content:
              examples:
                first: {summary: eleven, value: twelve, description: thirteen}
                value: {value: fourteen}
            value: fifteen
            "x-\u{301}y": sixteen
            """
        #expect(
            try Self.places(of: text) == [
                "b=one", "c=two", "d=three", "e=fourE", "f=fiveE", "example=sixS", "enum=sevenS", "g=eightS",
                "examples=nineS", "h=tenS", "summary=eleven", "value=twelveS", "description=thirteen",
                "value=fourteenS", "value=fifteen", "x-\u{301}y=sixteen",
            ])
    }

    /// Keys of up to 16 bytes are told apart by their shape alone; longer ones are compared byte by byte.
    @Test func keysAreUnderANameExactlyWhenTheirTextIsIt() throws {
        let names = KeyNames(["description", "title", "patternProperties", "x"])
        let text = """
            description: a
            descriptiom: b
            title: c
            titles: d
            patternProperties: e
            patternPropertiez: f
            x: g
            ? [complex]
            : h
            """
        let file = try TestSupport.parse(text)
        var under: [String] = []
        DocumentText.forEachScalar(of: file) { place, value in
            if place.isUnder(oneOf: names, in: file) { under.append(String(decoding: value, as: UTF8.self)) }
        }
        #expect(under == ["a", "c", "e", "g"])
    }

    @Test(arguments: ["", "a", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq"])
    func shapesOfEqualKeysAreEqualAndOfKeysOneByteApartDiffer(key: String) {
        func shape(_ text: String) -> KeyShape { Array(text.utf8).withUnsafeBufferPointer(KeyShape.init) }
        #expect(shape(key) == shape(key))
        for index in key.utf8.indices {
            var changed = Array(key.utf8)
            changed[key.utf8.distance(from: key.utf8.startIndex, to: index)] ^= 1
            let different = String(decoding: changed, as: UTF8.self)
            #expect(shape(different) != shape(key) || key.utf8.count > KeyShape.exactLength)
        }
        #expect(shape(key + "z") != shape(key))
    }
}
