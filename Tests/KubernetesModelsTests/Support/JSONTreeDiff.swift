import KubernetesCore

/// One place where a re-encoded body differs from the original.
struct JSONDifference: CustomStringConvertible {
    var path: String
    var problem: String
    /// The original value at `path` (nil when the field was added).
    var original: JSONValue?
    var description: String { "\(path.isEmpty ? "<root>" : path): \(problem)" }
}

/// Compares an original JSON body with its decode-and-re-encode through the models.
///
/// A `null` in the original equals an absent key (the models omit nil, never send null). Numbers compare by
/// value (an int64 field re-encoded from `1` is `1`, a double may come back as `1.0`). The models may add
/// exactly what resource types always carry: `apiVersion` and `kind` (list items arrive without them) and an
/// empty `metadata`. Everything else must survive unchanged.
enum JSONTreeDiff {
    static let defaultedKeys: Set<String> = ["apiVersion", "kind"]

    static func differences(
        original: JSONValue, reencoded: JSONValue, allowedLoss: Set<String> = [], path: String = ""
    ) -> [JSONDifference] {
        switch (original, reencoded) {
        case (.object(let before), .object(let after)):
            var result: [JSONDifference] = []
            for key in before.keys.sorted() {
                let childPath = path + "." + key
                let value = before[key] ?? .null
                guard let counterpart = after[key] else {
                    if value != .null && !allowedLoss.contains(childPath) {
                        result.append(JSONDifference(path: childPath, problem: "field lost (was \(preview(value)))", original: value))
                    }
                    continue
                }
                if value == .null {
                    result.append(JSONDifference(path: childPath, problem: "null became \(preview(counterpart))", original: value))
                    continue
                }
                result += differences(original: value, reencoded: counterpart, allowedLoss: allowedLoss, path: childPath)
            }
            for key in after.keys.sorted() where before[key] == nil {
                // (added fields have no original value)
                let value = after[key] ?? .null
                let defaulted = defaultedKeys.contains(key) || (key == "metadata" && value == .object([:]))
                if !defaulted {
                    result.append(JSONDifference(path: path + "." + key, problem: "field added (\(preview(value)))"))
                }
            }
            return result
        case (.array(let before), .array(let after)):
            guard before.count == after.count else {
                return [JSONDifference(path: path, problem: "array had \(before.count) elements, now \(after.count)", original: original)]
            }
            return zip(before, after).enumerated().flatMap { index, pair in
                differences(original: pair.0, reencoded: pair.1, allowedLoss: allowedLoss, path: "\(path)[\(index)]")
            }
        default:
            if original == reencoded { return [] }
            if let left = original.doubleValue, let right = reencoded.doubleValue, left == right { return [] }
            return [JSONDifference(path: path, problem: "\(preview(original)) became \(preview(reencoded))", original: original)]
        }
    }

    static func preview(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return String(flag)
        case .integer(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return text.count > 60 ? "\"\(text.prefix(60))...\"" : "\"\(text)\""
        case .array(let elements): return "array of \(elements.count)"
        case .object(let members): return "object {\(members.keys.sorted().prefix(5).joined(separator: ", "))}"
        }
    }
}

extension JSONTreeDiff {
    /// Paths of the fields of `request` that `response` does not have (objects only, recursively): what a
    /// server told to ignore unknown fields (`fieldValidation=Ignore`) silently dropped.
    static func droppedPaths(request: JSONValue, response: JSONValue, path: String = "") -> Set<String> {
        guard case .object(let sent) = request, case .object(let kept) = response else { return [] }
        var result: Set<String> = []
        for (key, value) in sent {
            let childPath = path + "." + key
            if let counterpart = kept[key] {
                result.formUnion(droppedPaths(request: value, response: counterpart, path: childPath))
            } else {
                result.insert(childPath)
            }
        }
        return result
    }
}
