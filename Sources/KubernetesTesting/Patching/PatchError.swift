import KubernetesCore

/// A write that the API server refuses, worded like kube-apiserver's `Status` body for the same failure.
///
/// The HTTP layer turns it into a response with `statusObject` as the body and `code` as the status.
public struct PatchError: Error, Hashable, Sendable {
    /// One entry of `details.causes` (`KubernetesCore.StatusCause`).
    public typealias Cause = StatusCause

    /// HTTP status code (400, 409, 415, 422, 500).
    public var code: Int
    /// `reason` of the Status body; nil where the real server sends none (its 500s from apply).
    public var reason: String?
    /// `message` of the Status body, exactly as the real server words it.
    public var message: String
    /// `details` of the Status body; nil where the real server leaves it out.
    public var details: JSONValue?
    /// What actually went wrong, for logs, when `message` is the real server's generic text.
    public var diagnostic: String?

    public init(code: Int, reason: String?, message: String, details: JSONValue? = nil, diagnostic: String? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
        self.diagnostic = diagnostic
    }

    /// The `Status` object the real server returns for this failure.
    public var statusObject: JSONValue {
        var body: [String: JSONValue] = [
            "apiVersion": "v1",
            "kind": "Status",
            "metadata": .object([:]),
            "status": "Failure",
            "message": .string(message),
            "code": .integer(Int64(code)),
        ]
        if let reason { body["reason"] = .string(reason) }
        if let details { body["details"] = details }
        return .object(body)
    }

    /// 400 BadRequest with no details.
    public static func badRequest(_ message: String) -> PatchError {
        PatchError(code: 400, reason: "BadRequest", message: message)
    }

    /// The real server's answer to any JSON patch operation that fails (a failing `test`, a missing path):
    /// 422 with a generic message and empty details; the actual cause goes to `diagnostic`.
    public static func jsonPatchRejected(_ diagnostic: String) -> PatchError {
        PatchError(
            code: 422, reason: "Invalid",
            message: "the server rejected our request due to an error in our request",
            details: .object([:]), diagnostic: diagnostic)
    }

    /// 422 Invalid for an object, with `details.causes` like the real server's validation errors.
    public static func invalid(kind: String, group: String, name: String, causes: [Cause]) -> PatchError {
        let qualifiedKind = group.isEmpty ? kind : "\(kind).\(group)"
        // Like the real server's aggregate: each distinct message once in the summary.
        var rendered: [String] = []
        for cause in causes {
            let text = "\(cause.field ?? ""): \(cause.message ?? "")"
            if !rendered.contains(text) { rendered.append(text) }
        }
        let summary = rendered.count == 1 ? rendered[0] : "[" + rendered.joined(separator: ", ") + "]"
        var details: [String: JSONValue] = [
            "kind": .string(kind),
            "name": .string(name),
            "causes": .array(causes.map { cause in
                .object(["reason": .string(cause.reason ?? ""), "message": .string(cause.message ?? ""), "field": .string(cause.field ?? "")])
            }),
        ]
        if !group.isEmpty { details["group"] = .string(group) }
        return PatchError(
            code: 422, reason: "Invalid",
            message: "\(qualifiedKind) \"\(name)\" is invalid: \(summary)",
            details: .object(details))
    }
}
