import Foundation

/// Checks a JSON value against the subset of JSON Schema (draft 4) the SARIF 2.1.0 schema uses, so that a clone
/// without the external validator still checks SARIF output against the schema kept in `Fixtures/schemas`.
/// `format` and `uniqueItems` are not checked.
struct SchemaCheck {
    let root: [String: Any]

    /// The SARIF 2.1.0 schema copied into the fixtures.
    static func sarif() throws -> SchemaCheck {
        let url = URL(fileURLWithPath: TestSupport.fixtures + "/schemas/sarif-schema-2.1.0.json")
        guard let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return SchemaCheck(root: root)
    }

    /// Every violation, as `pointer: problem`; empty when the value conforms.
    func violations(of value: Any) -> [String] {
        var problems: [String] = []
        check(value, against: root, at: "", into: &problems)
        return problems
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let reference = schema["$ref"] as? String, reference.hasPrefix("#/definitions/") else { return schema }
        let name = String(reference.dropFirst("#/definitions/".count))
        return (root["definitions"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    private func check(_ value: Any, against given: [String: Any], at pointer: String, into problems: inout [String]) {
        let schema = resolve(given)
        if let type = schema["type"] as? String, !Self.has(value, type: type) {
            problems.append("\(pointer): not of type \(type)")
            return
        }
        if let allowed = schema["enum"] as? [String], let text = value as? String, !allowed.contains(text) {
            problems.append("\(pointer): '\(text)' is not one of \(allowed)")
        }
        if let pattern = schema["pattern"] as? String, let text = value as? String,
            text.range(of: pattern, options: .regularExpression) == nil
        {
            problems.append("\(pointer): '\(text)' does not match \(pattern)")
        }
        if let number = value as? NSNumber {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum {
                problems.append("\(pointer): below the minimum \(minimum)")
            }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum {
                problems.append("\(pointer): above the maximum \(maximum)")
            }
        }
        if let alternatives = schema["anyOf"] as? [[String: Any]] ?? schema["oneOf"] as? [[String: Any]] {
            let matching = alternatives.filter { alternative in
                var scratch: [String] = []
                check(value, against: alternative, at: pointer, into: &scratch)
                return scratch.isEmpty
            }
            if matching.isEmpty || (schema["oneOf"] != nil && matching.count > 1) {
                problems.append("\(pointer): matches \(matching.count) of the alternatives")
            }
        }
        if let array = value as? [Any] {
            if let minimum = schema["minItems"] as? Int, array.count < minimum {
                problems.append("\(pointer): fewer than \(minimum) items")
            }
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() {
                    check(item, against: items, at: "\(pointer)/\(index)", into: &problems)
                }
            }
        }
        if let object = value as? [String: Any] {
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                problems.append("\(pointer): '\(name)' is required")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (name, member) in object {
                if let property = properties[name] as? [String: Any] {
                    check(member, against: property, at: "\(pointer)/\(name)", into: &problems)
                } else if schema["additionalProperties"] as? Bool == false {
                    problems.append("\(pointer): '\(name)' is not allowed")
                } else if let additional = schema["additionalProperties"] as? [String: Any] {
                    check(member, against: additional, at: "\(pointer)/\(name)", into: &problems)
                }
            }
        }
    }

    private static func has(_ value: Any, type: String) -> Bool {
        switch type {
        case "object": value is [String: Any]
        case "array": value is [Any]
        case "string": value is String
        // Foundation's JSON numbers and booleans are both NSNumber here; the checks do not tell them apart.
        case "boolean", "number": value is NSNumber
        case "integer": (value as? NSNumber).map { $0.doubleValue.rounded() == $0.doubleValue } ?? false
        default: true
        }
    }
}
