import KubernetesCore

/// One step of a path into an object, as server-side apply's field sets (`fieldsV1`) name it.
public enum FieldPathElement: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A struct field or map key: `f:name`.
    case field(String)
    /// A `map` list item by its key fields, sorted by name: `k:{"name":"app"}`.
    case key([KeyField])
    /// A `set` list item by its value: `v:"x"`.
    case value(JSONValue)
    /// An item of a list without keys, by position: `i:0`.
    case index(Int)

    /// One field of a list item's key.
    public struct KeyField: Hashable, Sendable {
        public var name: String
        public var value: JSONValue

        public init(name: String, value: JSONValue) {
            self.name = name
            self.value = value
        }
    }

    /// The key a `fieldsV1` object uses for this element.
    public var fieldsV1Key: String {
        switch self {
        case .field(let name): return "f:" + name
        case .key(let fields):
            let members = fields.map { JSONValue.quoted($0.name) + ":" + $0.value.compactJSON }
            return "k:{" + members.joined(separator: ",") + "}"
        case .value(let value): return "v:" + value.compactJSON
        case .index(let index): return "i:" + String(index)
        }
    }

    /// Parses a `fieldsV1` key.
    public init(fieldsV1Key key: String) throws(PatchError) {
        let body = String(key.dropFirst(2))
        func json() throws(PatchError) -> JSONValue {
            do {
                return try JSONText.parse(body)
            } catch {
                throw PatchError(code: 500, reason: nil, message: "invalid fieldsV1 key \(key): \(error)")
            }
        }
        switch key.prefix(2) {
        case "f:": self = .field(body)
        case "v:": self = .value(try json())
        case "i:":
            guard let index = Int(body) else { throw PatchError(code: 500, reason: nil, message: "invalid fieldsV1 key \(key)") }
            self = .index(index)
        case "k:":
            guard case .object(let members) = try json() else {
                throw PatchError(code: 500, reason: nil, message: "invalid fieldsV1 key \(key): not an object")
            }
            self = .key(members.keys.sorted().map { KeyField(name: $0, value: members[$0] ?? .null) })
        default:
            throw PatchError(code: 500, reason: nil, message: "invalid fieldsV1 key \(key): unknown prefix")
        }
    }

    /// As structured-merge-diff prints paths in conflict messages: `.name`, `[name="app"]`, `[="x"]`, `[0]`.
    public var description: String {
        switch self {
        case .field(let name): return "." + name
        case .key(let fields): return "[" + fields.map { "\($0.name)=\($0.value.pathText)" }.joined(separator: ",") + "]"
        case .value(let value): return "[=" + value.pathText + "]"
        case .index(let index): return "[\(index)]"
        }
    }

    private var rank: Int {
        switch self {
        case .field: return 0
        case .key: return 1
        case .value: return 2
        case .index: return 3
        }
    }

    public static func < (lhs: FieldPathElement, rhs: FieldPathElement) -> Bool {
        switch (lhs, rhs) {
        case (.field(let a), .field(let b)): return a < b
        case (.key(let a), .key(let b)):
            for (x, y) in zip(a, b) {
                if x.name != y.name { return x.name < y.name }
                let order = JSONValue.order(x.value, y.value)
                if order != 0 { return order < 0 }
            }
            return a.count < b.count
        case (.value(let a), .value(let b)): return JSONValue.order(a, b) < 0
        case (.index(let a), .index(let b)): return a < b
        default: return lhs.rank < rhs.rank
        }
    }
}

/// A path into an object, e.g. `.spec.template.spec.containers[name="app"].image`.
public typealias FieldPath = [FieldPathElement]

extension Array where Element == FieldPathElement {
    /// The path as conflict messages print it.
    public var pathDescription: String { map(\.description).joined() }
}
