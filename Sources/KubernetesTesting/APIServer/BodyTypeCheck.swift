import KubernetesCore
import KubernetesModels

/// The body's `apiVersion`/`kind` against the endpoint, as the real decoders judge them. Missing values
/// default to the endpoint's (a body without `kind` is accepted).
///
/// Built-in resources (the versioning decoder over the legacy scheme):
/// - a kind/version the scheme does not register (`v2`, `apps/v1` for a ConfigMap, `pod` in lower case)
///   is 400 `X in version "v2" cannot be handled as a ConfigMap: no kind "X" is registered for version ...`;
/// - a registered kind of another type (a Secret posted to configmaps) is 400 `... unknown conversion`.
///
/// Custom resources (unstructured): another group/version is 400 `the API version in the data (...) does
/// not match the expected API version (...)`; another kind is 422 Invalid on field `kind`.
enum BodyTypeCheck {
    /// What the real server names the legacy scheme in its errors.
    static let legacySchemeName = "pkg/api/legacyscheme/scheme.go:30"

    static func check(_ object: JSONValue, resource: ServedResource) throws(APIError) {
        let bodyKind = object["kind"]?.stringValue ?? ""
        let bodyAPIVersion = object["apiVersion"]?.stringValue ?? ""
        let kind = bodyKind.isEmpty ? resource.kind : bodyKind
        let apiVersion = bodyAPIVersion.isEmpty ? resource.apiVersion : bodyAPIVersion
        guard kind != resource.kind || apiVersion != resource.apiVersion else { return }
        let (group, version) = split(apiVersion)

        if resource.isCustom {
            if apiVersion != resource.apiVersion {
                throw APIError.badRequest("the API version in the data (\(apiVersion)) does not match the expected API version (\(resource.apiVersion))")
            }
            let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
            throw APIError.invalid(kind: kind, group: resource.group, name: name, causes: [
                StatusCause(reason: "FieldValueInvalid", message: "Invalid value: \"\(kind)\": must be \(resource.kind)", field: "kind"),
            ])
        }
        let prefix = "\(kind) in version \"\(version)\" cannot be handled as a \(resource.kind): "
        guard KubernetesSchemas.builtIn.roots[GroupVersionKind(group: group, version: version, kind: kind)] != nil else {
            throw APIError.badRequest(prefix + "no kind \"\(kind)\" is registered for version \"\(apiVersion)\" in scheme \"\(legacySchemeName)\"")
        }
        // The same kind in another registered group-version converts (events.k8s.io/v1 Event to core);
        // another kind does not.
        if kind != resource.kind {
            throw APIError.badRequest(prefix + "converting (\(version).\(kind)) to (\(resource.group.isEmpty ? "core" : resource.group).\(resource.kind)): unknown conversion")
        }
    }

    /// `apps/v1` -> ("apps", "v1"); `v1` -> ("", "v1").
    static func split(_ apiVersion: String) -> (group: String, version: String) {
        guard let slash = apiVersion.lastIndex(of: "/") else { return ("", apiVersion) }
        return (String(apiVersion[..<slash]), String(apiVersion[apiVersion.index(after: slash)...]))
    }
}
