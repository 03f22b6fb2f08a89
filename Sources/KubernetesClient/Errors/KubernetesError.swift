import KubernetesCore

/// An error from talking to the Kubernetes API.
///
/// A struct with an extensible code rather than an enum, so new cases do not break callers; API errors
/// carry the server's decoded `Status` (reason, code, causes), which is what callers branch on.
public struct KubernetesError: Error, Sendable, CustomStringConvertible {
    /// The broad category of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: Hashable, Sendable {
            case api, transport, decoding, encoding, configuration, timeout, cancelled
        }
        private let value: Value

        /// The server answered with an error status (see `status`).
        public static let api = Code(value: .api)
        /// The request did not get an HTTP answer: connection refused, reset, TLS failure.
        public static let transport = Code(value: .transport)
        /// The server's answer could not be decoded into the expected type.
        public static let decoding = Code(value: .decoding)
        /// The request body could not be encoded.
        public static let encoding = Code(value: .encoding)
        /// Kubeconfig or in-cluster configuration is unusable.
        public static let configuration = Code(value: .configuration)
        /// No answer within the request's deadline.
        public static let timeout = Code(value: .timeout)
        /// The calling task was cancelled.
        public static let cancelled = Code(value: .cancelled)

        public var description: String { "\(value)" }
    }

    public var code: Code
    public var message: String
    /// The decoded `Status` body for API errors (synthesised from the HTTP status if the body was not one).
    public var status: Status?
    /// The HTTP status code, when there was an HTTP answer.
    public var httpStatus: Int?
    /// Seconds the server asked us to wait (`Retry-After`), for 429 and some 5xx.
    public var retryAfterSeconds: Int?
    /// The request, as `METHOD path`, for messages.
    public var request: String?
    public var underlying: (any Error)?
    public var file: String
    public var line: UInt

    public init(
        code: Code, message: String, status: Status? = nil, httpStatus: Int? = nil, retryAfterSeconds: Int? = nil,
        request: String? = nil, underlying: (any Error)? = nil, file: String = #fileID, line: UInt = #line
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.httpStatus = httpStatus
        self.retryAfterSeconds = retryAfterSeconds
        self.request = request
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public var description: String {
        var text = message
        if let request { text = "\(request): \(text)" }
        if let reason = status?.reason, let httpStatus { text += " (\(httpStatus) \(reason))" }
        if let causes = status?.details?.causes, !causes.isEmpty {
            let listed = causes.map { cause in
                [cause.field, cause.message].compactMap { $0 }.joined(separator: ": ")
            }
            text += "; " + listed.joined(separator: "; ")
        }
        return text
    }
}

extension KubernetesError {
    /// The reason the server gave (`NotFound`, `Conflict`, ...), if any.
    public var reason: String? { status?.reason }

    /// 404: the object (or the resource type) does not exist.
    public var isNotFound: Bool { httpStatus == 404 || reason == "NotFound" }

    /// 409 because the object changed since it was read (stale resourceVersion or failed precondition).
    public var isConflict: Bool { httpStatus == 409 && reason != "AlreadyExists" }

    /// 409 because an object with that name already exists.
    public var isAlreadyExists: Bool { reason == "AlreadyExists" }

    /// 422: the object failed validation; `status.details.causes` names the fields.
    public var isInvalid: Bool { httpStatus == 422 || reason == "Invalid" }

    /// 410: the requested resourceVersion is too old (compacted); list again.
    public var isGone: Bool { httpStatus == 410 || reason == "Expired" || reason == "Gone" }

    /// 400 Bad Request (malformed body, bad selector, unsupported option).
    public var isBadRequest: Bool { httpStatus == 400 || reason == "BadRequest" }

    /// 401 or 403.
    public var isUnauthorized: Bool { httpStatus == 401 || httpStatus == 403 }

    /// 429 Too Many Requests.
    public var isTooManyRequests: Bool { httpStatus == 429 || reason == "TooManyRequests" }

    /// Worth trying again unchanged: throttling, server errors, server timeouts, connection failures.
    public var isRetriable: Bool {
        if code == .transport || code == .timeout { return true }
        guard code == .api, let httpStatus else { return false }
        switch httpStatus {
        case 429, 500, 502, 503, 504: return true
        default: return reason == "ServerTimeout" || reason == "Timeout" || reason == "TooManyRequests"
        }
    }
}
