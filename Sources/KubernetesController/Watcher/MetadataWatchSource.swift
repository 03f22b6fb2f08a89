import KubernetesClient
import KubernetesCore

/// Only the metadata of an `R`: what a cache of a large set needs when it only has to know which objects
/// exist, their labels and owners (Pods of a namespace, Secrets) — a fraction of the memory of the full
/// objects, listed and watched as `PartialObjectMetadata`.
public struct PartialObject<R: Resource>: Resource, Hashable {
    public static var group: String { R.group }
    public static var version: String { R.version }
    public static var kind: String { R.kind }
    public static var plural: String { R.plural }
    public static var scope: ResourceScope { R.scope }

    public var apiVersion: String
    public var kind: String
    public var metadata: ObjectMeta

    public init(metadata: ObjectMeta) {
        self.apiVersion = R.apiVersion
        self.kind = R.kind
        self.metadata = metadata
    }

    init(_ partial: PartialObjectMetadata) {
        self.init(metadata: partial.metadata)
    }
}

/// Lists and watches `R` as metadata only (`PartialObjectMetadata`), for `Informer` in metadata mode.
public struct MetadataWatchSource<R: Resource>: WatchSource {
    public typealias Object = PartialObject<R>

    let api: MetadataApi

    public init(client: KubeClient, namespace: String? = nil) {
        self.api = client.metadata(R.groupVersionResource, scope: R.scope, namespace: namespace)
    }

    public func listPage(_ options: ListOptions) async throws -> ResourceList<PartialObject<R>> {
        let list = try await api.list(options)
        return ResourceList(items: list.items.map(PartialObject.init), metadata: list.metadata)
    }

    public func watch(_ options: WatchOptions) async throws -> Events {
        Events(base: try await api.watch(options))
    }

    /// The metadata watch's events, retyped as `PartialObject<R>`.
    public struct Events: AsyncSequence, Sendable {
        public typealias Element = WatchEvent<PartialObject<R>>
        let base: WatchStream<PartialObjectMetadata>

        public struct AsyncIterator: AsyncIteratorProtocol {
            var base: WatchStream<PartialObjectMetadata>.AsyncIterator

            public mutating func next() async throws -> WatchEvent<PartialObject<R>>? {
                guard let event = try await base.next() else { return nil }
                switch event {
                case .added(let object): return .added(PartialObject(object))
                case .modified(let object): return .modified(PartialObject(object))
                case .deleted(let object): return .deleted(PartialObject(object))
                case .bookmark(let version, let end): return .bookmark(resourceVersion: version, isInitialEventsEnd: end)
                case .error(let status): return .error(status)
                }
            }
        }

        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(base: base.makeAsyncIterator())
        }
    }
}
