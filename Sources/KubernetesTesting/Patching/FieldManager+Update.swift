import KubernetesCore

extension FieldManager {
    /// Records an `Update` entry for a write that is not an apply (create, replace, JSON/merge/strategic
    /// patch): `manager` takes ownership of every field the write added or changed, other managers lose
    /// those fields, and removed fields leave every owner. Returns `updated` with its managedFields set.
    ///
    /// - Parameters:
    ///   - live: the stored object; nil on create.
    ///   - updated: the object about to be stored (after defaulting). Its own `metadata.managedFields`, when
    ///     present and valid on a main-resource write, replace the live ones, as the real server allows;
    ///     a single empty entry `[{}]` clears them.
    ///   - createBaseline: what a create is compared against; the default `{"spec": {}, "status": {}}` stands
    ///     for the zero value of a built-in type (so `f:spec` has no `.` entry), use `{}` for custom resources.
    ///   - now: the RFC 3339 time (seconds) recorded when the write changed anything.
    ///   - comparesGoStructs: for built-in types, an update compares both objects with every non-pointer
    ///     struct present (`GoZeroValue.filled`), as the real server compares decoded Go values.
    public func update(
        live: JSONValue?, updated: JSONValue, manager: String, subresource: String? = nil,
        reset: FieldSet = FieldSet(), createBaseline: JSONValue = ["spec": [:], "status": [:]], now: String,
        comparesGoStructs: Bool = false
    ) throws(PatchError) -> JSONValue {
        var entries = try FieldOwnershipEntry.entries(of: live)
        if subresource == nil, let requested = updated[path: ["metadata", "managedFields"]], case .array(let items) = requested {
            if items.count == 1, items[0] == .object([:]) {
                entries = []
            } else if !items.isEmpty, let decoded = try? FieldOwnershipEntry.entries(of: updated) {
                entries = decoded
            }
        }
        var managers = FieldManager.managers(entries)
        var liveObject = FieldManager.withoutManagedFields(live ?? createBaseline)
        let newObject = FieldManager.withoutManagedFields(updated)
        var comparedObject = newObject
        if comparesGoStructs, live != nil, case .structure(let schema) = root {
            liveObject = GoZeroValue.filled(liveObject, typeName: schema.name, in: walker.resolver.registry)
            comparedObject = GoZeroValue.filled(newObject, typeName: schema.name, in: walker.resolver.registry)
        }

        let workflow = FieldOwnershipEntry.Identity(manager: "\u{0}current-operation", operation: .update, subresource: nil, apiVersion: nil)
        let comparison = try transferOwnership(
            from: liveObject, to: comparedObject, managers: &managers, workflow: workflow, force: true, reset: reset)
        let changed = comparison.modified.union(comparison.added).removingPrefixes(reset)
            .subtracting(FieldManager.strippedFields)
        managers = FieldManager.stripped(managers)
        if !changed.isEmpty {
            let identity = FieldOwnershipEntry.Identity(manager: manager, operation: .update, subresource: subresource, apiVersion: apiVersion)
            let previous = managers[identity]?.fields ?? FieldSet()
            managers[identity] = FieldOwnershipEntry(
                // The real server's scale handler converts ownership from the Scale object back to the
                // parent without times: `/scale` entries carry none.
                manager: manager, operation: .update, apiVersion: apiVersion, time: subresource == "scale" ? nil : now, subresource: subresource,
                fields: previous.union(changed))
        }
        return FieldManager.encode(managers, into: newObject)
    }
}
