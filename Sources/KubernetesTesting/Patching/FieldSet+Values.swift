import KubernetesCore

/// What changed between two versions of an object, as field sets (structured-merge-diff's `Comparison`).
struct FieldComparison {
    var added = FieldSet()
    var modified = FieldSet()
    var removed = FieldSet()

    func filtering(out ignored: FieldSet) -> FieldComparison {
        FieldComparison(
            added: added.removingPrefixes(ignored), modified: modified.removingPrefixes(ignored),
            removed: removed.removingPrefixes(ignored))
    }
}

extension FieldSet {
    /// The set without any path that starts with (or is) a member of `prefixes`.
    func removingPrefixes(_ prefixes: FieldSet) -> FieldSet {
        var result = FieldSet()
        result.members = members.subtracting(prefixes.members)
        for (element, set) in children where !prefixes.members.contains(element) {
            let remaining = prefixes.children[element].map { set.removingPrefixes($0) } ?? set
            if !remaining.isEmpty { result.children[element] = remaining }
        }
        return result
    }
}

/// The walks over objects that server-side apply needs, each driven by the schema.
struct FieldWalker {
    let resolver: SchemaResolver

    /// The path element of a list item: its key fields for `map` lists, its value for `set` lists,
    /// its position otherwise.
    func element(ofItem item: JSONValue, at index: Int, in list: MergeNode) -> FieldPathElement {
        switch list {
        case .list(_, .map, let keys) where !keys.isEmpty:
            let fields = keys.sorted().compactMap { key in item[key].map { FieldPathElement.KeyField(name: key, value: $0) } }
            return fields.isEmpty ? .index(index) : .key(fields)
        case .list(_, .set, _):
            return .value(item)
        default:
            return .index(index)
        }
    }

    // MARK: Field set of a value (what an applier owns)

    /// The fields `value` sets, like structured-merge-diff's `ToFieldSet`: leaves, list items, empty or null
    /// maps, and map entries; `errors` collects fields the schema does not declare and duplicate list keys.
    func fieldSet(of value: JSONValue, node: MergeNode, errors: inout [String]) -> FieldSet {
        var set = FieldSet()
        collect(value, node: node, path: [], into: &set, errors: &errors)
        return set
    }

    private func collect(_ value: JSONValue, node: MergeNode, path: FieldPath, into set: inout FieldSet, errors: inout [String]) {
        let node = node.concrete(for: value)
        switch (node, value) {
        case (.structure, .object(let members)), (.map, .object(let members)):
            for key in members.keys.sorted() {
                guard let member = members[key] else { continue }
                let childPath = path + [.field(key)]
                guard let child = resolver.child(of: node, key: key) else {
                    errors.append("\(childPath.pathDescription): field not declared in schema")
                    continue
                }
                collect(member, node: child.node, path: childPath, into: &set, errors: &errors)
                let isEmptyObject = member.objectValue?.isEmpty ?? false
                if member.isNull || isEmptyObject || !child.isNamedField {
                    set.insert(childPath)
                }
            }
        case (.list, .array(let items)):
            var seen = Set<FieldPathElement>()
            let elementNode = resolver.element(of: node)
            for (index, item) in items.enumerated() {
                let element = element(ofItem: item, at: index, in: node)
                if !seen.insert(element).inserted {
                    errors.append("\(path.pathDescription): duplicate entries for key \(element)")
                    continue
                }
                collect(item, node: elementNode, path: path + [element], into: &set, errors: &errors)
                set.insert(path + [element])
            }
        default:
            if !path.isEmpty { set.insert(path) }
        }
    }

    /// Adds every declared struct field that has owned children as a member too (structured-merge-diff's
    /// `EnsureNamedFieldsAreMembers`), so pruning treats `.spec` like a field and `.metadata.labels.x` not.
    func ensuringNamedFieldsAreMembers(_ set: FieldSet, node: MergeNode) -> FieldSet {
        var result = set
        for (element, subset) in set.children {
            let childNode: MergeNode
            switch element {
            case .field(let name):
                let child = resolver.child(of: node, key: name)
                if child?.isNamedField == true { result.members.insert(element) }
                childNode = child?.node ?? .deduced
            default:
                childNode = resolver.element(of: node)
            }
            result.children[element] = ensuringNamedFieldsAreMembers(subset, node: childNode)
        }
        return result
    }

    // MARK: Comparison (what an update changed)

    func compare(_ lhs: JSONValue?, _ rhs: JSONValue?, node: MergeNode) -> FieldComparison {
        var comparison = FieldComparison()
        compare(lhs, rhs, node: node, path: [], into: &comparison)
        return comparison
    }

    private func compare(_ lhs: JSONValue?, _ rhs: JSONValue?, node: MergeNode, path: FieldPath, into comparison: inout FieldComparison) {
        guard let lhs else {
            if let rhs { insertAll(rhs, node: node, path: path, into: &comparison.added) }
            return
        }
        guard let rhs else {
            insertAll(lhs, node: node, path: path, into: &comparison.removed)
            return
        }
        // A null struct, map or list counts as an empty one, as in structured-merge-diff.
        let concrete = node.concrete(for: rhs.isNull ? lhs : rhs)
        let (before, after) = (Self.emptyIfNull(lhs, like: rhs), Self.emptyIfNull(rhs, like: lhs))
        switch (concrete, before, after) {
        case (.structure, .object(let left), .object(let right)), (.map, .object(let left), .object(let right)):
            for key in Set(left.keys).union(right.keys) {
                let child = resolver.child(of: concrete, key: key)?.node ?? .deduced
                compare(left[key], right[key], node: child, path: path + [.field(key)], into: &comparison)
            }
        case (.list, .array(let left), .array(let right)):
            let leftItems = indexed(left, in: concrete)
            let rightItems = indexed(right, in: concrete)
            let elementNode = resolver.element(of: concrete)
            for element in Set(leftItems.keys).union(rightItems.keys) {
                compare(leftItems[element], rightItems[element], node: elementNode, path: path + [element], into: &comparison)
            }
        default:
            if !path.isEmpty, !JSONPatch.equivalent(before, after) { comparison.modified.insert(path) }
        }
    }

    private static func emptyIfNull(_ value: JSONValue, like other: JSONValue) -> JSONValue {
        guard value.isNull else { return value }
        switch other {
        case .object: return .object([:])
        case .array: return .array([])
        default: return value
        }
    }

    private func indexed(_ items: [JSONValue], in list: MergeNode) -> [FieldPathElement: JSONValue] {
        var out: [FieldPathElement: JSONValue] = [:]
        for (index, item) in items.enumerated() {
            let element = element(ofItem: item, at: index, in: list)
            if out[element] == nil { out[element] = item }
        }
        return out
    }

    /// The path of `value` and every path below it.
    private func insertAll(_ value: JSONValue, node: MergeNode, path: FieldPath, into set: inout FieldSet) {
        if !path.isEmpty { set.insert(path) }
        let node = node.concrete(for: value)
        switch (node, value) {
        case (.structure, .object(let members)), (.map, .object(let members)):
            for (key, member) in members {
                let child = resolver.child(of: node, key: key)?.node ?? .deduced
                insertAll(member, node: child, path: path + [.field(key)], into: &set)
            }
        case (.list, .array(let items)):
            let elementNode = resolver.element(of: node)
            for (index, item) in items.enumerated() {
                insertAll(item, node: elementNode, path: path + [element(ofItem: item, at: index, in: node)], into: &set)
            }
        default:
            break
        }
    }

    // MARK: Removing fields

    /// `value` without the member paths of `set` (each removed with everything below it).
    func removing(_ set: FieldSet, from value: JSONValue, node: MergeNode) -> JSONValue {
        let node = node.concrete(for: value)
        switch (node, value) {
        case (.structure, .object(let members)), (.map, .object(let members)):
            var result: [String: JSONValue] = [:]
            for (key, member) in members {
                let element = FieldPathElement.field(key)
                if set.members.contains(element) { continue }
                if let subset = set.children[element] {
                    let child = resolver.child(of: node, key: key)?.node ?? .deduced
                    result[key] = removing(subset, from: member, node: child)
                } else {
                    result[key] = member
                }
            }
            return .object(result)
        case (.list, .array(let items)):
            let elementNode = resolver.element(of: node)
            var result: [JSONValue] = []
            for (index, item) in items.enumerated() {
                let element = element(ofItem: item, at: index, in: node)
                if set.members.contains(element) { continue }
                if let subset = set.children[element] {
                    result.append(removing(subset, from: item, node: elementNode))
                } else {
                    result.append(item)
                }
            }
            return .array(result)
        default:
            return value
        }
    }
}
