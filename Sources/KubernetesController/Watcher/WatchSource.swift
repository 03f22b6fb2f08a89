import KubernetesClient
import KubernetesCore

/// Where a watcher gets its objects: a list call and a watch call. `Api<R>` is one; a metadata-only
/// source (`MetadataWatchSource`) and test fakes are others.
public protocol WatchSource<Object>: Sendable {
    associatedtype Object: Resource
    associatedtype Events: AsyncSequence where Events.Element == WatchEvent<Object>

    /// One page of a list.
    func listPage(_ options: ListOptions) async throws -> ResourceList<Object>
    /// Opens a watch; iterating the result yields its events and throws 410 as `KubernetesError.isGone`.
    func watch(_ options: WatchOptions) async throws -> Events
}

extension Api: WatchSource {
    public func listPage(_ options: ListOptions) async throws -> ResourceList<R> {
        try await list(options)
    }
}
