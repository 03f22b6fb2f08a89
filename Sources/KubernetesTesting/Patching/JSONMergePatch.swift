import KubernetesCore

/// JSON merge patch (RFC 7386, `application/merge-patch+json`): objects merge key by key, `null` deletes a
/// key, and anything else (lists included) replaces the target value as a whole.
public enum JSONMergePatch {
    /// Applies `patch` to `document`.
    ///
    /// - Throws: `PatchError` 400 `Invalid JSON Patch` for a `null` patch, as the real server answers.
    public static func apply(_ patch: JSONValue, to document: JSONValue) throws(PatchError) -> JSONValue {
        if patch.isNull { throw .badRequest("Invalid JSON Patch") }
        return merge(patch, into: document)
    }

    static func merge(_ patch: JSONValue, into target: JSONValue?) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var result: [String: JSONValue]
        if case .object(let members)? = target { result = members } else { result = [:] }
        for (key, value) in patchMembers {
            if value.isNull {
                result.removeValue(forKey: key)
            } else {
                result[key] = merge(value, into: result[key])
            }
        }
        return .object(result)
    }
}
