import KubernetesCore

/// One validation error, shaped like apimachinery's `field.Error`: a type, a field path, the offending value and
/// a detail. Its `cause` and `description` reproduce the API server's `details.causes[]` and message text.
public struct SchemaFieldError: Sendable, Hashable, CustomStringConvertible {
    /// `field.ErrorType`: the `reason` of a cause and the prefix of its message.
    public enum Kind: String, Sendable, Hashable {
        case invalid = "FieldValueInvalid"
        case required = "FieldValueRequired"
        case notSupported = "FieldValueNotSupported"
        case typeInvalid = "FieldValueTypeInvalid"
        case forbidden = "FieldValueForbidden"
        case tooLong = "FieldValueTooLong"
        case tooMany = "FieldValueTooMany"
        case duplicate = "FieldValueDuplicate"

        var title: String {
            switch self {
            case .invalid, .typeInvalid: "Invalid value"
            case .required: "Required value"
            case .notSupported: "Unsupported value"
            case .forbidden: "Forbidden"
            case .tooLong: "Too long"
            case .tooMany: "Too many"
            case .duplicate: "Duplicate value"
            }
        }
    }

    /// The offending value as the server prints it: JSON, or nothing at all.
    public enum BadValue: Sendable, Hashable {
        case omitted
        case value(JSONValue)
    }

    public var kind: Kind
    /// The field path as the server prints it (`spec.replicas`, `spec.items[0]`), or `<nil>` for none.
    public var field: String
    public var badValue: BadValue
    public var detail: String

    public init(_ kind: Kind, field: String, badValue: BadValue = .omitted, detail: String = "") {
        self.kind = kind
        self.field = field.isEmpty ? "<nil>" : field
        self.badValue = badValue
        self.detail = detail
    }

    /// `field.Error.ErrorBody()`: the cause's message.
    public var body: String {
        var text: String
        switch (kind, badValue) {
        case (.required, _), (.forbidden, _), (.tooLong, _), (_, .omitted):
            text = kind.title
        case (_, .value(let value)):
            text = "\(kind.title): \(GoStyleJSON.encode(value))"
        }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }

    /// `field.Error.Error()`: `<field>: <body>`.
    public var description: String { "\(field): \(body)" }

    /// The `details.causes[]` entry.
    public var cause: StatusCause { StatusCause(reason: kind.rawValue, message: body, field: field) }

    /// True for the errors after which the real server does not run CEL rules (`hasBlockingErr`).
    var blocksCELRules: Bool {
        switch kind {
        case .notSupported, .required, .tooLong, .tooMany, .typeInvalid: true
        default: false
        }
    }
}

/// The 422 `Invalid` Status the API server returns for field errors, composed exactly like
/// `apierrors.NewInvalid`: `<Kind>.<group> "<name>" is invalid: <error>` or `[<error>, <error>]`, duplicates
/// removed from the message but kept in the causes.
public enum InvalidStatus {
    public static func make(kind: String, group: String, name: String, errors: [SchemaFieldError]) -> Status {
        let qualified = group.isEmpty ? kind : "\(kind).\(group)"
        var message = "\(qualified) \(goQuote(name)) is invalid"
        var seen = Set<String>()
        var parts: [String] = []
        for error in errors where seen.insert(error.description).inserted {
            parts.append(error.description)
        }
        if parts.count == 1 {
            message += ": \(parts[0])"
        } else if parts.count > 1 {
            message += ": [\(parts.joined(separator: ", "))]"
        }
        return Status(
            status: "Failure", message: message, reason: "Invalid",
            details: StatusDetails(name: name, group: group, kind: kind, causes: errors.map(\.cause)),
            code: 422)
    }
}

/// Go's `%q` for the strings the server quotes in messages.
func goQuote(_ text: String) -> String {
    GoStyleJSON.encode(.string(text), escapeHTML: false)
}
