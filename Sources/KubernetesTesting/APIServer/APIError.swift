import KubernetesCore

/// A failed request as the real API server reports it: an HTTP status and a `Status` body.
///
/// The constructors mirror apimachinery's `errors.New*` helpers so that messages, reasons and
/// `details` come out exactly as kube-apiserver writes them (the recordings hold the reference texts).
struct APIError: Error, Sendable {
    var code: Int
    var reason: String?
    var message: String
    /// `details`; nil leaves the key out (some errors have none, others an empty object).
    var details: JSONValue?
    var headers: [(String, String)] = []
    /// Plain-text bodies (`404 page not found`) are not Status objects.
    var plainText: Bool = false

    var statusBody: JSONValue {
        var body: JSONValue = [
            "apiVersion": "v1", "kind": "Status", "metadata": [:], "status": "Failure",
            "message": .string(message), "code": .integer(Int64(code)),
        ]
        if let reason { body["reason"] = .string(reason) }
        if let details { body["details"] = details }
        return body
    }

    /// Names a resource in messages the way apimachinery does: `configmaps`, `deployments.apps`.
    static func qualified(_ resource: ServedResource) -> String { resource.qualifiedResource }

    static func resourceDetails(_ resource: ServedResource, name: String, kind: String? = nil) -> JSONValue {
        var details: JSONValue = ["name": .string(name), "kind": .string(kind ?? resource.plural)]
        if !resource.group.isEmpty { details["group"] = .string(resource.group) }
        return details
    }

    static func notFound(_ resource: ServedResource, name: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "\(resource.qualifiedResource) \"\(name)\" not found",
                 details: resourceDetails(resource, name: name))
    }

    static func namespaceNotFound(_ namespace: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "namespaces \"\(namespace)\" not found",
                 details: ["name": .string(namespace), "kind": "namespaces"])
    }

    static func alreadyExists(_ resource: ServedResource, name: String) -> APIError {
        APIError(code: 409, reason: "AlreadyExists", message: "\(resource.qualifiedResource) \"\(name)\" already exists",
                 details: resourceDetails(resource, name: name))
    }

    static func conflict(_ resource: ServedResource, name: String) -> APIError {
        APIError(code: 409, reason: "Conflict",
                 message: "Operation cannot be fulfilled on \(resource.qualifiedResource) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again",
                 details: resourceDetails(resource, name: name))
    }

    /// A delete precondition mismatch names the Kind, not the resource (as recorded).
    static func preconditionConflict(_ resource: ServedResource, name: String, what: String, expected: String, actual: String) -> APIError {
        APIError(code: 409, reason: "Conflict",
                 message: "Operation cannot be fulfilled on \(resource.kind) \"\(name)\": the \(what) in the precondition (\(expected)) does not match the \(what) in record (\(actual)). \(what == "UID" ? "The object might have been deleted and then recreated" : "The object might have been modified")",
                 details: resourceDetails(resource, name: name, kind: resource.kind))
    }

    static func conflict(message: String, causes: [StatusCause], resource: ServedResource, name: String) -> APIError {
        var details = resourceDetails(resource, name: name)
        details["causes"] = .array(causes.map(\.json))
        return APIError(code: 409, reason: "Conflict", message: message, details: details)
    }

    /// 422 with causes, e.g. `ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: ...`.
    static func invalid(kind: String, group: String, name: String, causes: [StatusCause]) -> APIError {
        let qualifiedKind = group.isEmpty ? kind : "\(kind).\(group)"
        // The aggregate message lists each distinct error once, even when a cause repeats.
        var rendered: [String] = []
        for cause in causes {
            let line = "\(cause.field ?? "<nil>"): \(cause.message ?? "")"
            if !rendered.contains(line) { rendered.append(line) }
        }
        let summary = rendered.count == 1 ? rendered[0] : "[\(rendered.joined(separator: ", "))]"
        var details: JSONValue = ["kind": .string(kind), "causes": .array(causes.map(\.json))]
        if !name.isEmpty { details["name"] = .string(name) }
        if !group.isEmpty { details["group"] = .string(group) }
        return APIError(code: 422, reason: "Invalid", message: "\(qualifiedKind) \"\(name)\" is invalid: \(summary)", details: details)
    }

    static func invalidOptions(_ kind: String, field: String, reason: String, detail: String) -> APIError {
        invalid(kind: kind, group: "meta.k8s.io", name: "", causes: [StatusCause(reason: reason, message: detail, field: field)])
    }

    static func badRequest(_ message: String, details: JSONValue? = nil) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message, details: details)
    }

    static let pageNotFound = APIError(code: 404, reason: nil, message: "404 page not found\n", plainText: true)

    static let resourceNotFound = APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource", details: [:])

    static let methodNotAllowed = APIError(code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource", details: [:])

    static let notAcceptable = APIError(
        code: 406, reason: "NotAcceptable",
        message: "406: Not Acceptable\n\nAvailable representations: application/json, application/yaml, application/vnd.kubernetes.protobuf",
        details: [:])

    static func unsupportedMediaType(accepted: [String]) -> APIError {
        APIError(code: 415, reason: "UnsupportedMediaType",
                 message: "the body of the request was in an unknown format - accepted media types include: \(accepted.joined(separator: ", "))")
    }

    static let unsupportedPatchType = APIError(code: 415, reason: "UnsupportedMediaType", message: "415: Unsupported Media Type", details: [:])

    /// A JSON patch that fails (`test` mismatch, missing path) gets only this generic text.
    static let patchRejected = APIError(code: 422, reason: "Invalid", message: "the server rejected our request due to an error in our request", details: [:])

    static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: nil, message: message)
    }

    static func expired(_ message: String) -> APIError {
        APIError(code: 410, reason: "Expired", message: message)
    }

    static func tooLargeResourceVersion(requested: Int64, current: Int64) -> APIError {
        APIError(code: 504, reason: "Timeout", message: "Timeout: Too large resource version: \(requested), current: \(current)",
                 details: ["causes": [["reason": "ResourceVersionTooLarge", "message": "Too large resource version"]], "retryAfterSeconds": 1],
                 headers: [("Retry-After", "1")])
    }

    static func forbidden(user: String, verb: String, resource: ServedResource, namespace: String?) -> APIError {
        var message = "\(resource.plural) is forbidden: User \"\(user)\" cannot \(verb) resource \"\(resource.plural)\" in API group \"\(resource.group)\""
        message += namespace.map { " in the namespace \"\($0)\"" } ?? " at the cluster scope"
        var details: JSONValue = ["kind": .string(resource.plural)]
        if !resource.group.isEmpty { details["group"] = .string(resource.group) }
        return APIError(code: 403, reason: "Forbidden", message: message, details: details)
    }

    static let unauthorized = APIError(code: 401, reason: "Unauthorized", message: "Unauthorized")
}

extension StatusCause {
    var json: JSONValue {
        var cause: JSONValue = [:]
        if let reason { cause["reason"] = .string(reason) }
        if let message { cause["message"] = .string(message) }
        if let field { cause["field"] = .string(field) }
        return cause
    }
}
