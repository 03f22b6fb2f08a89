import KubernetesCore

extension FieldManager {
    /// What an apply produced.
    public struct ApplyOutcome: Hashable, Sendable {
        /// The object to store (and return), with `metadata.managedFields` updated.
        public var object: JSONValue
        /// True when neither the object nor its managedFields changed: the real server then writes nothing
        /// and returns the live object with the same resourceVersion.
        public var isNoOp: Bool
    }

    /// Server-side apply of `configuration` (the request body, already parsed from YAML or JSON) by
    /// `manager` onto `live` (nil: the object does not exist yet and apply creates it).
    ///
    /// - Parameters:
    ///   - force: `force=true`: take ownership of conflicting fields instead of failing.
    ///   - subresource: `status` for `/status` applies (recorded in the entry).
    ///   - reset: fields this write does not own (see `resetFields(subresource:hasStatusSubresource:)`).
    ///   - now: the RFC 3339 time (seconds) recorded when the object changes.
    /// - Throws: 400 when the body has no apiVersion/kind or sets managedFields; 409 with
    ///   `FieldManagerConflict` causes; 500 `failed to create typed patch object ...` when
    ///   the configuration has fields the schema does not declare (whatever `fieldValidation` says).
    public func apply(
        live: JSONValue?, configuration: JSONValue, manager: String, force: Bool = false,
        subresource: String? = nil, reset: FieldSet = FieldSet(), now: String
    ) throws(PatchError) -> ApplyOutcome {
        let apiVersionText = configuration["apiVersion"]?.stringValue ?? ""
        let kindText = configuration["kind"]?.stringValue ?? ""
        if apiVersionText.isEmpty || kindText.isEmpty {
            let (group, version) = Self.split(apiVersion: apiVersionText)
            throw .badRequest("invalid object type: \(group)/\(version), Kind=\(kindText)")
        }
        if let managed = configuration[path: ["metadata", "managedFields"]], !managed.isNull {
            throw .badRequest("metadata.managedFields must be nil")
        }
        var errors: [String] = []
        let configSet = walker.fieldSet(of: configuration, node: root, errors: &errors)
        if !errors.isEmpty {
            let namespace = configuration[path: ["metadata", "namespace"]]?.stringValue ?? ""
            let name = configuration[path: ["metadata", "name"]]?.stringValue ?? ""
            let (group, version) = Self.split(apiVersion: configuration["apiVersion"]?.stringValue ?? apiVersion)
            let detail = errors.count == 1 ? errors[0] : (["errors:"] + errors.map { "  " + $0 }).joined(separator: "\n")
            throw PatchError(
                code: 500, reason: nil,
                message: "failed to create typed patch object (\(namespace)/\(name); \(group)/\(version), Kind=\(kind)): \(detail)")
        }

        let liveObject = FieldManager.withoutManagedFields(live ?? .object([:]))
        var managers = FieldManager.managers(try FieldOwnershipEntry.entries(of: live))
        let identity = FieldOwnershipEntry.Identity(manager: manager, operation: .apply, subresource: subresource, apiVersion: nil)
        let previous = managers[identity]
        let lastSet = previous?.fields ?? FieldSet()

        var merged = walker.merge(live: liveObject, config: configuration, node: root)
        managers[identity] = FieldOwnershipEntry(
            manager: manager, operation: .apply, apiVersion: apiVersion, time: previous?.time,
            subresource: subresource, fields: configSet.removingPrefixes(reset))
        merged = prune(merged, managers: managers, lastSet: lastSet)
        _ = try transferOwnership(from: liveObject, to: merged, managers: &managers, workflow: identity, force: force, reset: reset)

        let objectChanged = !JSONPatch.equivalent(liveObject, merged)
        if objectChanged { managers[identity]?.time = now }
        managers = FieldManager.stripped(managers)
        let result = FieldManager.encode(managers, into: merged)
        let isNoOp = live != nil && !objectChanged
            && (live?[path: ["metadata", "managedFields"]] ?? .array([])) == (result[path: ["metadata", "managedFields"]] ?? .array([]))
        return ApplyOutcome(object: isNoOp ? (live ?? result) : result, isNoOp: isNoOp)
    }

    /// Removes what the applier applied last time and no longer applies, unless another manager owns it
    /// (structured-merge-diff's prune, add-back-owned and add-back-dangling steps).
    private func prune(_ merged: JSONValue, managers: Managers, lastSet: FieldSet) -> JSONValue {
        guard !lastSet.isEmpty else { return merged }
        var ignored: [String] = []
        let last = walker.ensuringNamedFieldsAreMembers(lastSet, node: root)
        let pruned = walker.removing(last, from: merged, node: root)
        var owned = FieldSet()
        for entry in managers.values { owned = owned.union(entry.fields) }
        owned = walker.ensuringNamedFieldsAreMembers(owned, node: root)
        func fullSet(_ value: JSONValue) -> FieldSet {
            walker.ensuringNamedFieldsAreMembers(walker.fieldSet(of: value, node: root, errors: &ignored), node: root)
        }
        let mergedSet = fullSet(merged)
        let ownedBack = walker.removing(mergedSet.subtracting(fullSet(pruned).union(owned)), from: merged, node: root)
        return walker.removing(mergedSet.subtracting(fullSet(ownedBack)).intersection(last), from: merged, node: root)
    }

    static func split(apiVersion: String) -> (group: String, version: String) {
        guard let slash = apiVersion.firstIndex(of: "/") else { return ("", apiVersion) }
        return (String(apiVersion[..<slash]), String(apiVersion[apiVersion.index(after: slash)...]))
    }
}
