/// One event of a watch stream.
///
/// Decoded in a single pass from a JSON line: the `type` selects how `object` is read (the object for
/// ADDED/MODIFIED/DELETED, only metadata for BOOKMARK, a `Status` for ERROR), so a bookmark never has to
/// satisfy the full schema of `Object`.
public enum WatchEvent<Object: Decodable & Sendable>: Sendable {
    case added(Object)
    case modified(Object)
    case deleted(Object)
    /// Progress marker: resume a later watch from `resourceVersion`. `isInitialEventsEnd` marks the end of
    /// the initial state of a streaming list (`sendInitialEvents=true`).
    case bookmark(resourceVersion: String, isInitialEventsEnd: Bool)
    /// The server ended the watch with an error, typically 410 Gone (`Expired`) for a too-old version.
    case error(Status)

    public var object: Object? {
        switch self {
        case .added(let object), .modified(let object), .deleted(let object): return object
        case .bookmark, .error: return nil
        }
    }

    /// The raw `type` string of the event.
    public var typeName: String {
        switch self {
        case .added: return "ADDED"
        case .modified: return "MODIFIED"
        case .deleted: return "DELETED"
        case .bookmark: return "BOOKMARK"
        case .error: return "ERROR"
        }
    }
}

extension WatchEvent: Decodable {
    private enum CodingKeys: String, CodingKey {
        case type, object
    }

    private struct BookmarkObject: Decodable {
        struct Metadata: Decodable {
            var resourceVersion: String?
            var annotations: [String: String]?
        }
        var metadata: Metadata?
    }

    /// The annotation on the bookmark that ends a streaming list's initial events.
    public static var initialEventsEndAnnotation: String { "k8s.io/initial-events-end" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "ADDED": self = .added(try container.decode(Object.self, forKey: .object))
        case "MODIFIED": self = .modified(try container.decode(Object.self, forKey: .object))
        case "DELETED": self = .deleted(try container.decode(Object.self, forKey: .object))
        case "BOOKMARK":
            let bookmark = try container.decode(BookmarkObject.self, forKey: .object)
            self = .bookmark(
                resourceVersion: bookmark.metadata?.resourceVersion ?? "",
                isInitialEventsEnd: bookmark.metadata?.annotations?[Self.initialEventsEndAnnotation] == "true")
        case "ERROR": self = .error(try container.decode(Status.self, forKey: .object))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown watch event type '\(type)' (expected ADDED, MODIFIED, DELETED, BOOKMARK or ERROR)")
        }
    }
}

/// Any object reduced to its identity and metadata (`meta.k8s.io/v1 PartialObjectMetadata`), for caches
/// of large sets where only existence and labels matter.
public struct PartialObjectMetadata: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ObjectMeta

    public init(apiVersion: String? = nil, kind: String? = nil, metadata: ObjectMeta) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.metadata = metadata
    }

    private enum CodingKeys: String, CodingKey {
        case apiVersion, kind, metadata
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
    }
}

/// The list form of `PartialObjectMetadata`.
public struct PartialObjectMetadataList: Codable, Sendable, Hashable {
    public var apiVersion: String?
    public var kind: String?
    public var metadata: ListMeta
    public var items: [PartialObjectMetadata]

    private enum CodingKeys: String, CodingKey {
        case apiVersion, kind, metadata, items
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        metadata = try container.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta()
        items = try container.decodeIfPresent([PartialObjectMetadata].self, forKey: .items) ?? []
    }
}
