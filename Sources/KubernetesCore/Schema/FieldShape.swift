/// The kind of a scalar field, as far as merging and validation care.
public enum ScalarKind: String, Sendable, Hashable, Codable {
    case string, integer, number, boolean
    /// `IntOrString`: a JSON number or string.
    case intOrString
    /// `resource.Quantity`: compared numerically, not textually.
    case quantity
    /// `metav1.Time` (RFC 3339, seconds).
    case time
    /// `metav1.MicroTime` (RFC 3339, exactly six fractional digits).
    case microTime
}

/// `x-kubernetes-list-type`: how server-side apply merges a list.
public enum ListType: String, Sendable, Hashable, Codable {
    /// Replaced as a whole; one owner.
    case atomic
    /// Scalars merged as a set.
    case set
    /// Objects merged by the values of their `mapKeys`.
    case map
}

/// `x-kubernetes-map-type`: how server-side apply merges a map or a struct.
public enum MapType: String, Sendable, Hashable, Codable {
    /// Replaced as a whole; one owner.
    case atomic
    /// Merged key by key (the default).
    case granular
}

/// What a field holds, recursively: enough for server-side apply and strategic merge patch to merge it.
public indirect enum FieldShape: Sendable, Hashable {
    case scalar(ScalarKind)
    /// A struct, by its registry name (`CoreV1.PodSpec`); `mapType` is the field's own override, if any.
    case object(String, mapType: MapType? = nil)
    /// `listType` is nil when the schema declares none (server-side apply then treats the list as atomic).
    case array(FieldShape, listType: ListType? = nil, mapKeys: [String] = [])
    /// A `map[string]T`.
    case map(FieldShape, mapType: MapType? = nil)
    /// Open JSON (`RawExtension`, `FieldsV1`, apiextensions `JSON`): opaque, replaced as a whole.
    case untyped
}

extension FieldShape: CustomStringConvertible {
    /// `[CoreV1.Container] (list-type map, keys: name)`, `{string}`, `CoreV1.PodSpec`.
    public var description: String {
        switch self {
        case .scalar(let kind):
            return kind.rawValue
        case .object(let name, let mapType):
            return mapType.map { "\(name) (map-type \($0.rawValue))" } ?? name
        case .array(let element, let listType, let mapKeys):
            var text = "[\(element)]"
            if let listType { text += " (list-type \(listType.rawValue)" + (mapKeys.isEmpty ? ")" : ", keys: \(mapKeys.joined(separator: ", ")))") }
            return text
        case .map(let value, let mapType):
            return "{\(value)}" + (mapType.map { " (map-type \($0.rawValue))" } ?? "")
        case .untyped:
            return "json"
        }
    }
}
