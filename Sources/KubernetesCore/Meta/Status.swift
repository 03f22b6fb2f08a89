/// The body the API server returns for errors and some successful deletes (`metav1.Status`).
public struct Status: Codable, Sendable, Hashable, Error {
    public var kind: String?
    public var apiVersion: String?
    public var metadata: ListMeta?
    /// `Success` or `Failure`.
    public var status: String?
    public var message: String?
    /// Machine-readable reason, e.g. `NotFound`, `Conflict`, `AlreadyExists`, `Invalid`, `Expired`.
    public var reason: String?
    public var details: StatusDetails?
    /// The HTTP status code.
    public var code: Int?

    public init(
        status: String? = nil, message: String? = nil, reason: String? = nil,
        details: StatusDetails? = nil, code: Int? = nil
    ) {
        self.kind = "Status"
        self.apiVersion = "v1"
        self.metadata = ListMeta()
        self.status = status
        self.message = message
        self.reason = reason
        self.details = details
        self.code = code
    }
}

/// Extra detail on a `Status`: which object, and per-field causes for validation errors.
public struct StatusDetails: Codable, Sendable, Hashable {
    public var name: String?
    public var group: String?
    public var kind: String?
    public var uid: String?
    public var causes: [StatusCause]?
    public var retryAfterSeconds: Int?

    public init(
        name: String? = nil, group: String? = nil, kind: String? = nil, uid: String? = nil,
        causes: [StatusCause]? = nil, retryAfterSeconds: Int? = nil
    ) {
        self.name = name
        self.group = group
        self.kind = kind
        self.uid = uid
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// One reason for a failure, usually tied to a field path such as `spec.replicas`.
public struct StatusCause: Codable, Sendable, Hashable {
    /// e.g. `FieldValueInvalid`, `FieldValueRequired`, `FieldManagerConflict`.
    public var reason: String?
    public var message: String?
    public var field: String?

    public init(reason: String? = nil, message: String? = nil, field: String? = nil) {
        self.reason = reason
        self.message = message
        self.field = field
    }
}
