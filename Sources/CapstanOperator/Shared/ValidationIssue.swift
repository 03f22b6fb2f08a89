/// One problem found in a custom resource: which field, what is wrong, how to fix it.
///
/// `validate()` returns these instead of throwing on the first one so that a user sees every problem at
/// once (in `capstan render` and in the reconciler's `Warning` condition).
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// The resource cannot be acted on as written.
        case error
        /// The resource works, but probably not as intended (e.g. an unknown Kafka config key).
        case warning
    }

    public var severity: Severity
    /// The object the field belongs to (`KafkaNodePool brokers`) when several objects are checked together.
    public var object: String?
    /// The field path as the API server reports it, e.g. `spec.listeners[1].port`.
    public var field: String
    /// What is wrong.
    public var message: String
    /// What to do about it.
    public var fix: String

    public init(_ severity: Severity, field: String, message: String, fix: String) {
        self.severity = severity
        self.field = field
        self.message = message
        self.fix = fix
    }

    public static func error(_ field: String, _ message: String, fix: String) -> ValidationIssue {
        ValidationIssue(.error, field: field, message: message, fix: fix)
    }

    public static func warning(_ field: String, _ message: String, fix: String) -> ValidationIssue {
        ValidationIssue(.warning, field: field, message: message, fix: fix)
    }

    /// The same issue, about the given object.
    public func about(_ object: String) -> ValidationIssue {
        var issue = self
        issue.object = object
        return issue
    }

    public var description: String {
        "\(severity.rawValue): \(object.map { $0 + ": " } ?? "")\(field): \(message) (fix: \(fix))"
    }
}

extension Array where Element == ValidationIssue {
    /// The issues of severity `error`.
    public var errors: [ValidationIssue] { filter { $0.severity == .error } }
    /// The issues of severity `warning`.
    public var warnings: [ValidationIssue] { filter { $0.severity == .warning } }
    /// True when nothing blocks acting on the resource.
    public var isAcceptable: Bool { errors.isEmpty }

    /// Sets the object every issue belongs to.
    func about(_ object: String) -> [ValidationIssue] {
        map { issue in
            var issue = issue
            issue.object = object
            return issue
        }
    }

    /// Prefixes every field path, for issues found in a nested value (`spec.` + `listeners[0].port`).
    func prefixed(_ prefix: String) -> [ValidationIssue] {
        map { issue in
            var issue = issue
            issue.field = prefix + issue.field
            return issue
        }
    }
}

/// Thrown when a resource has validation errors and cannot be built.
public struct InvalidResourceError: Error, Sendable, CustomStringConvertible {
    /// `KafkaCluster ns/name`.
    public var resource: String
    public var issues: [ValidationIssue]

    public init(resource: String, issues: [ValidationIssue]) {
        self.resource = resource
        self.issues = issues
    }

    public var description: String {
        (["\(resource) is invalid:"] + issues.map { "  - \($0)" }).joined(separator: "\n")
    }
}
