import KubernetesCore

/// A set of field paths stored as a tree, like structured-merge-diff's `fieldpath.Set`: at each level,
/// `members` are the paths that end here and `children` the sets below each element.
///
/// This is what one manager owns in `managedFields` (its `fieldsV1`).
public struct FieldSet: Hashable, Sendable {
    public internal(set) var members: Set<FieldPathElement>
    public internal(set) var children: [FieldPathElement: FieldSet]

    public init() {
        members = []
        children = [:]
    }

    public init(paths: [FieldPath]) {
        self.init()
        for path in paths { insert(path) }
    }

    public var isEmpty: Bool { members.isEmpty && children.values.allSatisfy(\.isEmpty) }

    public mutating func insert(_ path: FieldPath) {
        guard let first = path.first else { return }
        if path.count == 1 {
            members.insert(first)
        } else {
            children[first, default: FieldSet()].insert(Array(path.dropFirst()))
        }
    }

    public func contains(_ path: FieldPath) -> Bool {
        guard let first = path.first else { return false }
        if path.count == 1 { return members.contains(first) }
        return children[first]?.contains(Array(path.dropFirst())) ?? false
    }

    /// The set below `element` (paths relative to it).
    public func child(_ element: FieldPathElement) -> FieldSet? { children[element] }

    mutating func setChild(_ element: FieldPathElement, _ set: FieldSet) {
        children[element] = set.isEmpty ? nil : set
    }

    public func union(_ other: FieldSet) -> FieldSet {
        var result = self
        result.members.formUnion(other.members)
        for (element, set) in other.children {
            result.children[element] = result.children[element].map { $0.union(set) } ?? set
        }
        return result
    }

    /// Members and children are subtracted independently, as in structured-merge-diff: removing the
    /// member `.a` leaves paths below `.a` alone.
    public func subtracting(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.members = members.subtracting(other.members)
        for (element, set) in children {
            let remaining = other.children[element].map { set.subtracting($0) } ?? set
            if !remaining.isEmpty { result.children[element] = remaining }
        }
        return result
    }

    public func intersection(_ other: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.members = members.intersection(other.members)
        for (element, set) in children {
            guard let otherSet = other.children[element] else { continue }
            let common = set.intersection(otherSet)
            if !common.isEmpty { result.children[element] = common }
        }
        return result
    }

    /// Every member path, in structured-merge-diff's iteration order (members of a level first, sorted,
    /// then each child's paths, sorted by element).
    public var paths: [FieldPath] {
        var out: [FieldPath] = members.sorted().map { [$0] }
        for element in children.keys.sorted() {
            guard let set = children[element] else { continue }
            out += set.paths.map { [element] + $0 }
        }
        return out
    }

    /// The `fieldsV1` encoding: `{"f:metadata": {"f:labels": {".": {}, "f:app": {}}}}`.
    public var fieldsV1: JSONValue {
        var out: [String: JSONValue] = [:]
        for element in members where children[element].map(\.isEmpty) ?? true {
            out[element.fieldsV1Key] = .object([:])
        }
        for (element, set) in children where !set.isEmpty {
            guard case .object(var inner) = set.fieldsV1 else { continue }
            if members.contains(element) { inner["."] = .object([:]) }
            out[element.fieldsV1Key] = .object(inner)
        }
        return .object(out)
    }

    /// Decodes a `fieldsV1` value.
    public init(fieldsV1: JSONValue) throws(PatchError) {
        self.init()
        guard case .object(let entries) = fieldsV1 else {
            throw PatchError(code: 500, reason: nil, message: "fieldsV1 must be an object")
        }
        for (key, value) in entries where key != "." {
            let element = try FieldPathElement(fieldsV1Key: key)
            guard case .object(let inner) = value else {
                throw PatchError(code: 500, reason: nil, message: "fieldsV1 entry \(key) must be an object")
            }
            let nested = try FieldSet(fieldsV1: value)
            if inner.isEmpty || inner["."] != nil { members.insert(element) }
            if !nested.isEmpty { children[element] = nested }
        }
    }
}
