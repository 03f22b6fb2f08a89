import KubernetesCore

/// Strategic merge patch (`application/strategic-merge-patch+json`) for built-in types, following
/// apimachinery's `strategicpatch` as the API server runs it: lists whose field has patch strategy `merge`
/// merge by their `patchMergeKey` (or as sets of scalars), other lists are replaced; `null` deletes;
/// `$patch: replace|delete`, `$retainKeys`, `$deleteFromPrimitiveList/<field>` and
/// `$setElementOrder/<field>` directives.
public struct StrategicMergePatch: Sendable {
    let registry: SchemaRegistry
    let root: TypeSchema?

    /// - Parameters:
    ///   - registry: built-in schemas (`KubernetesSchemas.builtIn`).
    ///   - rootTypeName: the kind's root type; nil merges every map and replaces every list.
    public init(registry: SchemaRegistry, rootTypeName: String?) {
        self.registry = registry
        self.root = rootTypeName.flatMap { registry.types[$0] }
    }

    /// Applies `patch` to `original`.
    public func apply(_ patch: JSONValue, to original: JSONValue) throws(PatchError) -> JSONValue {
        guard case .object(let patchMembers) = patch else {
            let type: String
            switch patch {
            case .array: type = "array"
            case .string: type = "string"
            case .bool: type = "bool"
            case .null: type = "null"
            default: type = "number"
            }
            throw .badRequest("json: cannot unmarshal \(type) into Go value of type map[string]interface {}")
        }
        return .object(try mergeMap(original.objectValue ?? [:], patchMembers, context: root.map { .structure($0) } ?? .none))
    }

    /// What is known about the members of a map being patched.
    enum Context {
        case structure(TypeSchema)
        case map(FieldShape)
        case none
    }

    static let directive = "$patch"
    static let retainKeys = "$retainKeys"
    static let setElementOrderPrefix = "$setElementOrder/"
    static let deleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/"

    private func field(_ key: String, in context: Context) -> FieldSchema? {
        switch context {
        case .structure(let schema): return schema.fields[key]
        case .map(let shape): return FieldSchema(shape: shape)
        case .none: return nil
        }
    }

    /// The context of the maps a field holds (itself, or its list's elements).
    private func context(of field: FieldSchema?) -> Context {
        guard var shape = field?.shape else { return .none }
        while case .array(let element, _, _) = shape { shape = element }
        switch shape {
        case .object(let name, _): return registry.types[name].map { .structure($0) } ?? .none
        case .map(let element, _): return .map(element)
        default: return .none
        }
    }

    private func strategies(of field: FieldSchema?) -> [Substring] {
        field?.patchStrategy?.split(separator: ",") ?? []
    }

    func mergeMap(_ original: [String: JSONValue], _ patch: [String: JSONValue], context: Context) throws(PatchError) -> [String: JSONValue] {
        if let directive = patch[Self.directive] {
            switch directive.stringValue {
            case "replace":
                var replaced = patch
                replaced.removeValue(forKey: Self.directive)
                return Self.cleaned(replaced)
            case "delete":
                return [:]
            default:
                throw .badRequest("unknown patch type: \(directive.compactJSON) in map: \(JSONValue.object(patch).compactJSON)")
            }
        }
        var original = original
        var patch = patch

        if let retain = patch.removeValue(forKey: Self.retainKeys) {
            guard case .array(let keys) = retain, keys.allSatisfy({ $0.stringValue != nil }) else {
                throw .badRequest("invalid patch: $retainKeys must be a list of field names")
            }
            let kept = Set(keys.compactMap(\.stringValue))
            original = original.filter { kept.contains($0.key) }
        }

        for orderKey in patch.keys.sorted() where orderKey.hasPrefix(Self.setElementOrderPrefix) {
            let name = String(orderKey.dropFirst(Self.setElementOrderPrefix.count))
            guard case .array(let order)? = patch.removeValue(forKey: orderKey) else {
                throw .badRequest("invalid patch: \(orderKey) must be a list")
            }
            let fieldSchema = field(name, in: context)
            let originalList = original[name]?.arrayValue ?? []
            let patchList = patch.removeValue(forKey: name)?.arrayValue ?? []
            if originalList.isEmpty, patchList.isEmpty, order.isEmpty { continue }
            let mergeKey = fieldSchema?.patchMergeKey
            let isPrimitive = !(originalList + patchList + order).contains { $0.objectValue != nil }
            let merged: [JSONValue]
            if isPrimitive {
                merged = Self.deduplicated(originalList + patchList)
            } else {
                guard let mergeKey else {
                    throw .badRequest("cannot merge lists without merge key for \(name)")
                }
                let (base, items) = try Self.applySpecialElements(originalList, patchList, mergeKey: mergeKey)
                merged = try mergeItems(base, items, mergeKey: mergeKey, context: self.context(of: fieldSchema))
            }
            let (inOrder, serverOnly) = Self.partition(merged, presentIn: order, mergeKey: isPrimitive ? nil : mergeKey)
            original[name] = .array(Self.normalizedOrder(
                patchItems: inOrder, serverOnly: serverOnly, patchOrder: order, serverOrder: originalList,
                mergeKey: isPrimitive ? nil : mergeKey))
        }

        for key in patch.keys.sorted() {
            guard let patchValue = patch[key] else { continue }
            if key.hasPrefix(Self.deleteFromPrimitiveListPrefix) {
                let name = String(key.dropFirst(Self.deleteFromPrimitiveListPrefix.count))
                guard case .array(let removed) = patchValue else {
                    throw .badRequest("invalid patch: \(key) must be a list")
                }
                if case .array(let values)? = original[name] {
                    original[name] = .array(values.filter { !removed.contains($0) })
                }
                continue
            }
            if patchValue.isNull {
                original.removeValue(forKey: key)
                continue
            }
            let fieldSchema = field(key, in: context)
            switch (original[key], patchValue) {
            case (.object(let originalMap)?, .object(let patchMap)):
                if strategies(of: fieldSchema).contains("replace") {
                    original[key] = .object(Self.cleaned(patchMap))
                } else {
                    original[key] = .object(try mergeMap(originalMap, patchMap, context: self.context(of: fieldSchema)))
                }
            case (.array(let originalList)?, .array(let patchList)):
                if strategies(of: fieldSchema).contains("merge") {
                    original[key] = .array(try mergeList(
                        originalList, patchList, mergeKey: fieldSchema?.patchMergeKey, name: key, context: self.context(of: fieldSchema)))
                } else {
                    original[key] = Self.cleaned(patchValue)
                }
            default:
                original[key] = Self.cleaned(patchValue)
            }
        }
        return original
    }

    private func mergeList(
        _ original: [JSONValue], _ patch: [JSONValue], mergeKey: String?, name: String, context: Context
    ) throws(PatchError) -> [JSONValue] {
        if original.isEmpty, patch.isEmpty { return original }
        let isPrimitive = !(original + patch).contains { $0.objectValue != nil }
        if isPrimitive {
            let merged = Self.deduplicated(original + patch)
            let (inPatch, serverOnly) = Self.partition(merged, presentIn: patch, mergeKey: nil)
            return Self.normalizedOrder(patchItems: inPatch, serverOnly: serverOnly, patchOrder: patch, serverOrder: original, mergeKey: nil)
        }
        guard let mergeKey else { throw .badRequest("cannot merge lists without merge key for \(name)") }
        let (base, items) = try Self.applySpecialElements(original, patch, mergeKey: mergeKey)
        let merged = try mergeItems(base, items, mergeKey: mergeKey, context: context)
        let (inPatch, serverOnly) = Self.partition(merged, presentIn: items, mergeKey: mergeKey)
        return Self.normalizedOrder(patchItems: inPatch, serverOnly: serverOnly, patchOrder: items, serverOrder: base, mergeKey: mergeKey)
    }

    /// Handles `{"$patch": "delete", key: ...}` and `{"$patch": "replace"}` list elements; returns the
    /// list to merge into and the remaining patch items.
    static func applySpecialElements(_ original: [JSONValue], _ patch: [JSONValue], mergeKey: String) throws(PatchError) -> ([JSONValue], [JSONValue]) {
        var original = original
        var remaining: [JSONValue] = []
        var replace = false
        for item in patch {
            guard case .object(let members) = item, let directive = members[directive] else {
                remaining.append(item)
                continue
            }
            switch directive.stringValue {
            case "delete":
                guard let keyValue = members[mergeKey] else {
                    throw .badRequest("map: \(item.compactJSON) does not contain declared merge key: \(mergeKey)")
                }
                original.removeAll { $0[mergeKey] == keyValue }
            case "replace":
                replace = true
            case "merge":
                throw .badRequest("merging lists cannot yet be specified in the patch")
            default:
                throw .badRequest("unknown patch type: \(directive.compactJSON) in map: \(item.compactJSON)")
            }
        }
        return replace ? (remaining.map(cleaned), []) : (original, remaining)
    }

    private func mergeItems(_ original: [JSONValue], _ patch: [JSONValue], mergeKey: String, context: Context) throws(PatchError) -> [JSONValue] {
        var result = original
        for item in patch {
            guard case .object(let members) = item, let keyValue = members[mergeKey] else {
                throw .badRequest("map: \(item.compactJSON) does not contain declared merge key: \(mergeKey)")
            }
            if let index = result.firstIndex(where: { $0[mergeKey] == keyValue }), case .object(let existing) = result[index] {
                result[index] = .object(try mergeMap(existing, members, context: context))
            } else {
                result.append(Self.cleaned(item))
            }
        }
        return result
    }

    // MARK: Order (apimachinery's normalizeElementOrder)

    private static func identity(_ item: JSONValue, mergeKey: String?) -> JSONValue? {
        guard let mergeKey else { return item }
        return item[mergeKey]
    }

    private static func index(of item: JSONValue, in list: [JSONValue], mergeKey: String?) -> Int? {
        guard let id = identity(item, mergeKey: mergeKey) else { return nil }
        return list.firstIndex { identity($0, mergeKey: mergeKey) == id }
    }

    static func partition(_ merged: [JSONValue], presentIn patch: [JSONValue], mergeKey: String?) -> ([JSONValue], [JSONValue]) {
        var inPatch: [JSONValue] = []
        var serverOnly: [JSONValue] = []
        for item in merged {
            if index(of: item, in: patch, mergeKey: mergeKey) != nil { inPatch.append(item) } else { serverOnly.append(item) }
        }
        return (inPatch, serverOnly)
    }

    private static func sortedStably(_ items: [JSONValue], by order: [JSONValue], mergeKey: String?) -> [JSONValue] {
        items.enumerated().sorted { lhs, rhs in
            let left = index(of: lhs.element, in: order, mergeKey: mergeKey) ?? Int.max
            let right = index(of: rhs.element, in: order, mergeKey: mergeKey) ?? Int.max
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Patch items in patch order, server-only items in live order, interleaved by the live order.
    static func normalizedOrder(
        patchItems: [JSONValue], serverOnly: [JSONValue], patchOrder: [JSONValue], serverOrder: [JSONValue], mergeKey: String?
    ) -> [JSONValue] {
        let right = sortedStably(patchItems, by: patchOrder, mergeKey: mergeKey)
        let left = sortedStably(serverOnly, by: serverOrder, mergeKey: mergeKey)
        var out: [JSONValue] = []
        var (i, j) = (0, 0)
        while i < left.count || j < right.count {
            if i >= left.count {
                out.append(right[j]); j += 1
            } else if j >= right.count {
                out.append(left[i]); i += 1
            } else if let li = index(of: left[i], in: serverOrder, mergeKey: mergeKey),
                let ri = index(of: right[j], in: serverOrder, mergeKey: mergeKey), li < ri
            {
                out.append(left[i]); i += 1
            } else {
                out.append(right[j]); j += 1
            }
        }
        return out
    }

    static func deduplicated(_ values: [JSONValue]) -> [JSONValue] {
        var seen = Set<JSONValue>()
        return values.filter { seen.insert($0).inserted }
    }

    /// A patch value stored as-is: directives and nulls dropped (the server's decoding into the Go type
    /// drops them too).
    static func cleaned(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members): return .object(cleaned(members))
        case .array(let items):
            return .array(items.filter { $0[directive] == nil }.map(cleaned))
        default: return value
        }
    }

    static func cleaned(_ members: [String: JSONValue]) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (key, value) in members where !key.hasPrefix("$") && !value.isNull {
            out[key] = cleaned(value)
        }
        return out
    }
}
