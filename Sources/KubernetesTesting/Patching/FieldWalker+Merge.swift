import KubernetesCore

extension FieldWalker {
    /// Merges an applied configuration into the live object by the schema, like structured-merge-diff:
    /// structs and granular maps key by key, `set` and `map` lists item by item (keeping the live order
    /// and placing new items where the configuration puts them), everything else replaced.
    func merge(live: JSONValue?, config: JSONValue, node: MergeNode) -> JSONValue {
        let node = node.concrete(for: config)
        switch (node, config) {
        case (.structure, .object(let members)), (.map, .object(let members)):
            var result = live?.objectValue ?? [:]
            for (key, value) in members {
                if value.isNull {
                    result.removeValue(forKey: key)
                    continue
                }
                let child = resolver.child(of: node, key: key)?.node ?? .deduced
                result[key] = merge(live: result[key], config: value, node: child)
            }
            return .object(result)
        case (.list, .array(let configItems)):
            return .array(mergeList(live: live?.arrayValue ?? [], config: configItems, node: node))
        default:
            return config
        }
    }

    /// structured-merge-diff's list merge: shared items follow the configuration's order, live-only items
    /// stay where they were relative to them.
    private func mergeList(live lhs: [JSONValue], config rhs: [JSONValue], node: MergeNode) -> [JSONValue] {
        let elementNode = resolver.element(of: node)
        let lhsElements = lhs.enumerated().map { element(ofItem: $1, at: $0, in: node) }
        let rhsElements = rhs.enumerated().map { element(ofItem: $1, at: $0, in: node) }
        var observedLHS: [FieldPathElement: JSONValue] = [:]
        for (element, item) in zip(lhsElements, lhs) where observedLHS[element] == nil { observedLHS[element] = item }
        var observedRHS: [FieldPathElement: JSONValue] = [:]
        for (element, item) in zip(rhsElements, rhs) where observedRHS[element] == nil { observedRHS[element] = item }

        var sharedOrder = rhsElements.filter { observedLHS[$0] != nil }[...]
        var nextShared = sharedOrder.popFirst()
        var mergedRHS = Set<FieldPathElement>()
        var out: [JSONValue] = []
        func mergedItem(_ element: FieldPathElement) -> JSONValue? {
            guard let config = observedRHS[element] else { return observedLHS[element] }
            return merge(live: observedLHS[element], config: config, node: elementNode)
        }

        var (left, right) = (0, 0)
        while left < lhs.count || right < rhs.count {
            if left < lhs.count, right < rhs.count {
                let element = lhsElements[left]
                if element == rhsElements[right] {
                    mergedRHS.insert(element)
                    if let item = mergedItem(element) { out.append(item) }
                    left += 1
                    right += 1
                    nextShared = sharedOrder.popFirst()
                    continue
                }
                if observedRHS[element] != nil, let shared = nextShared, shared != element {
                    left += 1
                    continue
                }
            }
            if left < lhs.count {
                let element = lhsElements[left]
                if observedRHS[element] == nil {
                    out.append(lhs[left])
                    left += 1
                    continue
                } else if mergedRHS.contains(element) {
                    left += 1
                    continue
                }
            }
            if right < rhs.count {
                let element = rhsElements[right]
                mergedRHS.insert(element)
                if let item = mergedItem(element) { out.append(item) }
                right += 1
                if nextShared == element { nextShared = sharedOrder.popFirst() }
            }
        }
        return out
    }
}
