/// Metadata every persisted object has (`metav1.ObjectMeta`).
///
/// Every field is optional on the wire; Swift-side it is always present on a resource (never an optional
/// `metadata`), and unset fields are omitted when encoding, never sent as `null`.
public struct ObjectMeta: Codable, Sendable, Hashable {
    public var name: String?
    public var generateName: String?
    public var namespace: String?
    public var uid: String?
    public var resourceVersion: String?
    public var generation: Int64?
    public var creationTimestamp: Time?
    public var deletionTimestamp: Time?
    public var deletionGracePeriodSeconds: Int64?
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public var ownerReferences: [OwnerReference]?
    public var finalizers: [String]?
    public var managedFields: [ManagedFieldsEntry]?
    public var selfLink: String?

    public init(
        name: String? = nil,
        generateName: String? = nil,
        namespace: String? = nil,
        uid: String? = nil,
        resourceVersion: String? = nil,
        generation: Int64? = nil,
        creationTimestamp: Time? = nil,
        deletionTimestamp: Time? = nil,
        deletionGracePeriodSeconds: Int64? = nil,
        labels: [String: String]? = nil,
        annotations: [String: String]? = nil,
        ownerReferences: [OwnerReference]? = nil,
        finalizers: [String]? = nil,
        managedFields: [ManagedFieldsEntry]? = nil,
        selfLink: String? = nil
    ) {
        self.name = name
        self.generateName = generateName
        self.namespace = namespace
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.generation = generation
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
        self.deletionGracePeriodSeconds = deletionGracePeriodSeconds
        self.labels = labels
        self.annotations = annotations
        self.ownerReferences = ownerReferences
        self.finalizers = finalizers
        self.managedFields = managedFields
        self.selfLink = selfLink
    }
}

extension ObjectMeta {
    /// True once a delete was requested; the object lives on until its finalizers are removed.
    public var isBeingDeleted: Bool { deletionTimestamp != nil }

    /// The owner reference marked `controller: true`, if any.
    public var controllerReference: OwnerReference? {
        ownerReferences?.first { $0.controller == true }
    }

    public func hasFinalizer(_ finalizer: String) -> Bool {
        finalizers?.contains(finalizer) ?? false
    }
}

/// Metadata of a list response (`metav1.ListMeta`).
public struct ListMeta: Codable, Sendable, Hashable {
    public var resourceVersion: String?
    /// Opaque token for the next page; absent or empty on the last page.
    public var `continue`: String?
    public var remainingItemCount: Int64?
    public var selfLink: String?

    public init(resourceVersion: String? = nil, continue: String? = nil, remainingItemCount: Int64? = nil) {
        self.resourceVersion = resourceVersion
        self.continue = `continue`
        self.remainingItemCount = remainingItemCount
    }
}

/// Points from a dependent to its owner; the garbage collector deletes dependents of deleted owners.
public struct OwnerReference: Codable, Sendable, Hashable {
    public var apiVersion: String
    public var kind: String
    public var name: String
    public var uid: String
    /// True on at most one owner: the managing controller.
    public var controller: Bool?
    /// With foreground deletion, the owner waits for this dependent.
    public var blockOwnerDeletion: Bool?

    public init(
        apiVersion: String, kind: String, name: String, uid: String,
        controller: Bool? = nil, blockOwnerDeletion: Bool? = nil
    ) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
        self.blockOwnerDeletion = blockOwnerDeletion
    }
}

/// One manager's set of owned fields, as server-side apply records it.
public struct ManagedFieldsEntry: Codable, Sendable, Hashable {
    public var manager: String?
    /// `Apply` or `Update`.
    public var operation: String?
    public var apiVersion: String?
    public var time: Time?
    /// Always `FieldsV1` today.
    public var fieldsType: String?
    /// The field set in the `f:`/`k:`/`v:`/`i:` trie encoding.
    public var fieldsV1: JSONValue?
    /// Empty for the main resource, `status` or `scale` for subresources.
    public var subresource: String?

    public init(
        manager: String? = nil, operation: String? = nil, apiVersion: String? = nil, time: Time? = nil,
        fieldsType: String? = nil, fieldsV1: JSONValue? = nil, subresource: String? = nil
    ) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.fieldsType = fieldsType
        self.fieldsV1 = fieldsV1
        self.subresource = subresource
    }
}
