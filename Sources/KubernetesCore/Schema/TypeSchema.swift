/// One field of a type's schema: its shape and its strategic-merge-patch directives.
public struct FieldSchema: Sendable, Hashable {
    public var shape: FieldShape
    /// `x-kubernetes-patch-strategy`: `merge`, `replace`, `retainKeys` or a comma-separated combination.
    public var patchStrategy: String?
    /// `x-kubernetes-patch-merge-key`: the key strategic merge patch matches list elements by.
    public var patchMergeKey: String?
    /// Listed in the schema's `required`.
    public var isRequired: Bool

    public init(shape: FieldShape, patchStrategy: String? = nil, patchMergeKey: String? = nil, isRequired: Bool = false) {
        self.shape = shape
        self.patchStrategy = patchStrategy
        self.patchMergeKey = patchMergeKey
        self.isRequired = isRequired
    }

    /// True when strategic merge patch merges this list by `patchMergeKey` instead of replacing it.
    public var mergesByKey: Bool {
        patchMergeKey != nil && (patchStrategy?.split(separator: ",").contains("merge") ?? false)
    }
}

/// The schema of one struct type: its fields by JSON name and how it merges as a whole.
public struct TypeSchema: Sendable, Hashable {
    /// Registry name, e.g. `CoreV1.PodSpec` or `MetaV1.ObjectMeta`.
    public var name: String
    /// `x-kubernetes-map-type` of the struct; nil means granular.
    public var mapType: MapType?
    /// Fields by JSON name.
    public var fields: [String: FieldSchema]

    public init(name: String, mapType: MapType? = nil, fields: [String: FieldSchema]) {
        self.name = name
        self.mapType = mapType
        self.fields = fields
    }

    /// True when server-side apply replaces the struct as a whole (`x-kubernetes-map-type: atomic`).
    public var isAtomic: Bool { mapType == .atomic }
}
