import KubernetesCore

/// The object-level rules every write path shares (create, replace, every patch type, apply), as the real
/// server's registry strategies apply them: status vs. main resource, server-owned metadata, generation,
/// immutable fields. Pure: the server passes the live object and what the request produced.
public enum WritePreparation {
    /// How a kind behaves on writes.
    public struct Rules: Hashable, Sendable {
        /// The kind has a `/status` subresource: main-resource writes keep the live status, `/status` writes
        /// change only the status.
        public var hasStatusSubresource: Bool
        /// The kind has `metadata.generation` (custom resources, Deployments, Pods...; not ConfigMaps).
        public var tracksGeneration: Bool
        /// Annotation changes bump the generation too (Deployments, whose annotations reach ReplicaSets).
        public var annotationsBumpGeneration: Bool
        /// Paths (`["spec", "selector"]`) that may not change after creation.
        public var immutablePaths: [[String]]

        public init(hasStatusSubresource: Bool, tracksGeneration: Bool, annotationsBumpGeneration: Bool = false, immutablePaths: [[String]] = []) {
            self.hasStatusSubresource = hasStatusSubresource
            self.tracksGeneration = tracksGeneration
            self.annotationsBumpGeneration = annotationsBumpGeneration
            self.immutablePaths = immutablePaths
        }
    }

    /// Metadata only the server sets.
    static let serverOwnedMetadata = ["uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "selfLink"]

    /// The object a create stores (before the server adds uid, resourceVersion, creationTimestamp and
    /// managedFields): server-owned metadata dropped, status dropped when the kind has a status
    /// subresource, generation 1 when the kind tracks it.
    public static func prepareCreate(_ incoming: JSONValue, rules: Rules) -> JSONValue {
        var object = incoming
        var metadata = object["metadata"]?.objectValue ?? [:]
        for key in serverOwnedMetadata { metadata.removeValue(forKey: key) }
        if rules.tracksGeneration { metadata["generation"] = 1 }
        object["metadata"] = .object(metadata)
        if rules.hasStatusSubresource { object["status"] = nil }
        return object.removingNullMember("status")
    }

    /// The object an update stores (replace, patch, apply; `subresource` is `status` for `/status`):
    ///
    /// - `/status` (kind with a status subresource): the live object with the incoming status (and the
    ///   incoming managedFields); nothing else changes.
    /// - main resource (and `/scale`, whose caller passes the parent with the new replicas): the incoming
    ///   object, with the live status when the kind has a status subresource.
    /// - uid, creationTimestamp, resourceVersion, deletionTimestamp, deletionGracePeriodSeconds come from
    ///   the live object; generation is the live one, plus one when anything outside metadata (and status,
    ///   with a status subresource) changed.
    ///
    /// - Throws: 422 Invalid (`kind`/`group` name the object in the message) when the update changes a
    ///   name, namespace, uid or one of `rules.immutablePaths`, or adds a finalizer to an object being deleted.
    public static func prepareUpdate(
        live: JSONValue, incoming: JSONValue, subresource: String?, rules: Rules, kind: String, group: String
    ) throws(PatchError) -> JSONValue {
        var object: JSONValue
        if subresource == "status", rules.hasStatusSubresource {
            object = live
            object["status"] = incoming["status"]
            if let managed = incoming[path: ["metadata", "managedFields"]] {
                var metadata = object["metadata"]?.objectValue ?? [:]
                metadata["managedFields"] = managed
                object["metadata"] = .object(metadata)
            }
        } else {
            object = incoming
            if rules.hasStatusSubresource { object["status"] = live["status"] }
        }
        object = object.removingNullMember("status")

        let liveMetadata = live["metadata"]?.objectValue ?? [:]
        var metadata = object["metadata"]?.objectValue ?? [:]
        let name = liveMetadata["name"]?.stringValue ?? ""
        var causes: [PatchError.Cause] = []
        for key in ["name", "namespace", "uid"] {
            if let requested = metadata[key], !requested.isNull, requested != (liveMetadata[key] ?? .null),
                !(key == "uid" && requested == .string(""))
            {
                causes.append(.init(reason: "FieldValueInvalid", message: "Invalid value: \(requested.compactJSON): field is immutable", field: "metadata.\(key)"))
            }
        }
        if liveMetadata["deletionTimestamp"].map({ !$0.isNull }) ?? false {
            let before = Set(liveMetadata["finalizers"]?.arrayValue ?? [])
            let added = (metadata["finalizers"]?.arrayValue ?? []).filter { !before.contains($0) }
            if !added.isEmpty {
                let list = added.map { $0.stringValue.map(JSONValue.quoted) ?? $0.compactJSON }.joined(separator: ", ")
                causes.append(.init(
                    reason: "FieldValueForbidden",
                    message: "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\(list)}",
                    field: "metadata.finalizers"))
            }
        }
        // The real server validates metadata updates twice (common fields, then the kind's own validation),
        // so each of these causes is listed twice in details.causes.
        causes += causes
        for key in ["uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "name", "namespace"] {
            metadata[key] = liveMetadata[key]
        }
        metadata["generation"] = liveMetadata["generation"]
        if rules.tracksGeneration, !(subresource == "status" && rules.hasStatusSubresource) {
            if specChanged(live: live, updated: object, rules: rules) {
                let current = liveMetadata["generation"]?.int64Value ?? 0
                metadata["generation"] = .integer(current + 1)
            }
        }
        object["metadata"] = .object(metadata)

        for path in rules.immutablePaths where live[path: path] != object[path: path] {
            causes.append(.init(reason: "FieldValueInvalid", message: "Invalid value: \((object[path: path] ?? .null).compactJSON): field is immutable", field: path.joined(separator: ".")))
        }
        if !causes.isEmpty {
            throw .invalid(kind: kind, group: group, name: name, causes: causes)
        }
        return object
    }

    /// True when something outside metadata (and outside status, with a status subresource) differs.
    public static func specChanged(live: JSONValue, updated: JSONValue, rules: Rules) -> Bool {
        var ignored: Set<String> = ["metadata"]
        if rules.hasStatusSubresource { ignored.insert("status") }
        let before = live.objectValue?.filter { !ignored.contains($0.key) } ?? [:]
        let after = updated.objectValue?.filter { !ignored.contains($0.key) } ?? [:]
        if !JSONPatch.equivalent(.object(before), .object(after)) { return true }
        if rules.annotationsBumpGeneration {
            return live[path: ["metadata", "annotations"]] != updated[path: ["metadata", "annotations"]]
        }
        return false
    }
}

extension JSONValue {
    fileprivate func removingNullMember(_ key: String) -> JSONValue {
        guard case .object(var members) = self, members[key] == .null else { return self }
        members.removeValue(forKey: key)
        return .object(members)
    }
}
