import KubernetesCore

/// Server-side apply and managedFields bookkeeping for one kind, like kube-apiserver's field manager
/// (structured-merge-diff underneath): who owns which field, conflicts, force, pruning of fields a manager
/// stops applying, and the `Update` entries every other write records.
///
/// Pure: the caller passes the live object, the request and the current time; nothing is stored here.
public struct FieldManager: Sendable {
    /// The `apiVersion` of the requests this manager handles (`v1`, `apps/v1`, `example.dev/v1alpha1`).
    public var apiVersion: String
    /// The kind, for error messages.
    public var kind: String
    let walker: FieldWalker
    let root: MergeNode

    /// - Parameters:
    ///   - registry: field structure of the kind (built-in `KubernetesSchemas.builtIn`, or one converted
    ///     from a CRD's schema).
    ///   - rootTypeName: the kind's root type in `registry`; nil (or missing) treats every object as a
    ///     granular map and every list as atomic.
    public init(registry: SchemaRegistry, rootTypeName: String?, apiVersion: String, kind: String) {
        let resolver = SchemaResolver(registry: registry)
        self.walker = FieldWalker(resolver: resolver)
        self.root = resolver.root(named: rootTypeName)
        self.apiVersion = apiVersion
        self.kind = kind
    }

    /// The fields a write must not take ownership of: `status` on the main resource of a kind with a status
    /// subresource, `spec` on `/status` (as the real server's reset fields).
    public static func resetFields(subresource: String?, hasStatusSubresource: Bool) -> FieldSet {
        guard hasStatusSubresource else { return FieldSet() }
        return subresource == "status" ? FieldSet(paths: [[.field("spec")]]) : FieldSet(paths: [[.field("status")]])
    }

    /// The manager name the real server uses when a request names none: the user agent up to its first
    /// `/`, printable characters only, at most 128 bytes (`record-kube/1.0` gives `record-kube`).
    public static func defaultManager(userAgent: String) -> String {
        var out = ""
        for character in userAgent.prefix(while: { $0 != "/" }) {
            guard character.unicodeScalars.allSatisfy(Self.isPrintable) else { continue }
            if out.utf8.count + String(character).utf8.count > 128 { break }
            out.append(character)
        }
        return out
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: return false
        case .spaceSeparator: return scalar == " "
        default: return true
        }
    }

    /// Fields the real server never records ownership of.
    static let strippedFields = FieldSet(paths: [
        [.field("apiVersion")], [.field("kind")], [.field("metadata")],
        [.field("metadata"), .field("name")], [.field("metadata"), .field("namespace")],
        [.field("metadata"), .field("creationTimestamp")], [.field("metadata"), .field("selfLink")],
        [.field("metadata"), .field("uid")], [.field("metadata"), .field("clusterName")],
        [.field("metadata"), .field("generation")], [.field("metadata"), .field("managedFields")],
        [.field("metadata"), .field("resourceVersion")],
    ])

    typealias Managers = [FieldOwnershipEntry.Identity: FieldOwnershipEntry]

    static func managers(_ entries: [FieldOwnershipEntry]) -> Managers {
        var out: Managers = [:]
        for entry in entries {
            if let existing = out[entry.identity] {
                var merged = existing
                merged.fields = existing.fields.union(entry.fields)
                out[entry.identity] = merged
            } else {
                out[entry.identity] = entry
            }
        }
        return out
    }

    /// `object` with `metadata.managedFields` set from `managers` (sorted, empty entries dropped).
    static func encode(_ managers: Managers, into object: JSONValue) -> JSONValue {
        let entries = FieldOwnershipEntry.sorted(managers.values.filter { !$0.fields.isEmpty })
        var metadata = object["metadata"]?.objectValue ?? [:]
        if entries.isEmpty {
            metadata.removeValue(forKey: "managedFields")
        } else {
            metadata["managedFields"] = .array(entries.map(\.json))
        }
        var result = object
        result["metadata"] = .object(metadata)
        return result
    }

    /// The entries without the fields the real server never records ownership of.
    static func stripped(_ managers: Managers) -> Managers {
        managers.mapValues { entry in
            var entry = entry
            entry.fields = entry.fields.subtracting(strippedFields)
            return entry
        }
    }

    static func withoutManagedFields(_ object: JSONValue) -> JSONValue {
        guard var metadata = object["metadata"]?.objectValue else { return object }
        metadata.removeValue(forKey: "managedFields")
        var result = object
        result["metadata"] = .object(metadata)
        return result
    }

    /// structured-merge-diff's `update`: ownership moves to `workflow` for every changed field, and
    /// removed fields leave every owner. Throws the 409 apply conflict when `force` is false.
    func transferOwnership(
        from live: JSONValue, to new: JSONValue, managers: inout Managers, workflow: FieldOwnershipEntry.Identity,
        force: Bool, reset: FieldSet
    ) throws(PatchError) -> FieldComparison {
        let comparison = walker.compare(live, new, node: root).filtering(out: reset)
        let changed = comparison.modified.union(comparison.added)
        var conflicts: [(FieldOwnershipEntry.Identity, FieldSet)] = []
        for (identity, entry) in managers where identity != workflow {
            let overlap = entry.fields.intersection(changed)
            if !overlap.isEmpty { conflicts.append((identity, overlap)) }
        }
        if !force, !conflicts.isEmpty {
            throw Self.conflictError(conflicts.sorted { $0.0 < $1.0 })
        }
        for (identity, overlap) in conflicts {
            if var entry = managers[identity] {
                entry.fields = entry.fields.subtracting(overlap)
                managers[identity] = entry
            }
        }
        if !comparison.removed.isEmpty {
            managers = Dictionary(uniqueKeysWithValues: managers.map { identity, entry in
                guard identity != workflow else { return (identity, entry) }
                var entry = entry
                entry.fields = entry.fields.subtracting(comparison.removed)
                return (identity, entry)
            })
        }
        managers = managers.filter { !$0.value.fields.isEmpty }
        return comparison
    }

    /// The real server's 409 for apply conflicts.
    static func conflictError(_ conflicts: [(FieldOwnershipEntry.Identity, FieldSet)]) -> PatchError {
        var causes: [JSONValue] = []
        var lines: [String] = []
        var count = 0
        for (identity, set) in conflicts {
            let paths = set.paths
            lines.append("conflicts with \(identity.conflictName):")
            for path in paths {
                count += 1
                causes.append(.object([
                    "reason": "FieldManagerConflict",
                    "message": .string("conflict with \(identity.conflictName)"),
                    "field": .string(path.pathDescription),
                ]))
                lines.append("- \(path.pathDescription)")
            }
        }
        let message: String
        if count == 1, let (identity, set) = conflicts.first, let path = set.paths.first {
            message = "Apply failed with 1 conflict: conflict with \(identity.conflictName): \(path.pathDescription)"
        } else {
            message = "Apply failed with \(count) conflicts: " + lines.joined(separator: "\n")
        }
        return PatchError(code: 409, reason: "Conflict", message: message, details: .object(["causes": .array(causes)]))
    }
}
