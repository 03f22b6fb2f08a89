/// A list response (`PodList`, `ConfigMapList`, ...) for any resource type.
///
/// One generic type instead of a generated `XList` per kind: the wire shape is identical for all of them.
/// Items arrive without `apiVersion`/`kind`; resource types default those when decoding.
public struct ResourceList<Item: Resource>: Codable, Sendable {
    public var apiVersion: String
    public var kind: String
    public var metadata: ListMeta
    public var items: [Item]

    public init(items: [Item], metadata: ListMeta = ListMeta()) {
        self.apiVersion = Item.apiVersion
        self.kind = Item.kind + "List"
        self.metadata = metadata
        self.items = items
    }

    enum CodingKeys: String, CodingKey {
        case apiVersion, kind, metadata, items
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion) ?? Item.apiVersion
        kind = try container.decodeIfPresent(String.self, forKey: .kind) ?? Item.kind + "List"
        metadata = try container.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta()
        // The API server sends `"items": null` for an empty list in some versions.
        items = try container.decodeIfPresent([Item].self, forKey: .items) ?? []
    }
}

extension ResourceList: Equatable where Item: Equatable {}
extension ResourceList: Hashable where Item: Hashable {}
