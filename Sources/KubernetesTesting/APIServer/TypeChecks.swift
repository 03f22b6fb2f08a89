import KubernetesCore

/// Decoding checks the real server makes while turning JSON into its Go types, reported as 400s
/// (`X in version "v1" cannot be handled as a X: ...`): MicroTime precision, Secret base64 data.
enum TypeChecks {
    static func check(_ object: JSONValue, resource: ServedResource) throws(APIError) {
        func fail(_ detail: String) -> APIError {
            APIError.badRequest("\(resource.kind) in version \"\(resource.version)\" cannot be handled as a \(resource.kind): \(detail)")
        }
        switch resource.selectorKey {
        case "coordination.k8s.io/leases":
            for field in ["acquireTime", "renewTime"] {
                if let text = object[path: ["spec", field]]?.stringValue, let problem = microTimeProblem(text) { throw fail(problem) }
            }
        case "events.k8s.io/events":
            if let text = object["eventTime"]?.stringValue, let problem = microTimeProblem(text) { throw fail(problem) }
        case "/secrets":
            for (_, value) in object["data"]?.objectValue ?? [:] {
                if let text = value.stringValue, let offset = invalidBase64Offset(text) { throw fail("illegal base64 data at input byte \(offset)") }
            }
        default: break
        }
    }

    /// Go's `time.Parse` with `2006-01-02T15:04:05.000000Z07:00`: exactly six fractional digits.
    static func microTimeProblem(_ text: String) -> String? {
        let layout = "2006-01-02T15:04:05.000000Z07:00"
        let prefix = "parsing time \"\(text)\" as \"\(layout)\": "
        let characters = Array(text)
        let datePattern = "dddd-dd-ddTdd:dd:dd"
        guard characters.count >= datePattern.count else { return prefix + "cannot parse \"\(text)\" as \"2006\"" }
        for (index, expected) in datePattern.enumerated() {
            let actual = characters[index]
            if expected == "d" ? !actual.isNumber : actual != expected {
                return prefix + "cannot parse \"\(String(characters[index...]))\" as \"\(index < 4 ? "2006" : String(layout.dropFirst(index).prefix(2)))\""
            }
        }
        let rest = String(characters[datePattern.count...])
        guard rest.hasPrefix("."), rest.dropFirst().prefix(6).allSatisfy(\.isNumber), rest.dropFirst().prefix(6).count == 6,
              !(rest.dropFirst(7).first?.isNumber ?? false) else {
            return prefix + "cannot parse \"\(rest)\" as \".000000\""
        }
        return nil
    }

    static func invalidBase64Offset(_ text: String) -> Int? {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var padding = false
        for (index, character) in text.enumerated() {
            if character == "=" { padding = true; continue }
            if padding || !alphabet.contains(character) { return index }
        }
        if text.count % 4 != 0 { return (text.count / 4) * 4 }
        return nil
    }
}
