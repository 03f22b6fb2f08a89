import KubernetesClient
import KubernetesCore

/// The watcher's protocol logic as a value type: fed what the API server answered, it returns what to
/// emit and what to request next. It does no I/O and reads no clock, so every transition is unit-tested.
///
/// States (kube-rs's design): `empty` -> `listing` (one state per page, carrying the continue token) ->
/// `listed` -> `watching`. A 410 Gone anywhere goes back to `empty` (full relist); a watch that ends
/// normally re-watches from the last resourceVersion seen (bookmarks advance it); any other failure
/// keeps the state and asks for a backoff first.
public struct WatcherStateMachine<Object: Resource>: Sendable {
    public enum State: Sendable, Equatable {
        case empty
        /// Mid-listing; `continueToken` fetches the next page.
        case listing(continueToken: String)
        /// The list is complete at `resourceVersion`; a watch from there comes next.
        case listed(resourceVersion: String)
        /// A watch is (or is about to be) open; `resourceVersion` is the last one seen.
        case watching(resourceVersion: String)
        /// Streaming list (`sendInitialEvents=true`): the initial events are still arriving.
        case streamingInitial(resourceVersion: String)
    }

    /// The request the driving loop must make next.
    public enum Action: Sendable, Equatable {
        case listPage(ListOptions)
        case watch(WatchOptions)
    }

    /// How a request failed, as far as the state machine cares.
    public enum Failure: Sendable, Equatable {
        /// 410: the resourceVersion (or continue token) is too old; start over.
        case gone
        /// Anything else (transport error, 5xx, 429, decoding): retry the same step after a backoff.
        case other
    }

    public struct Configuration: Sendable, Hashable {
        public var labelSelector: String?
        public var fieldSelector: String?
        /// Objects per list page.
        public var pageSize: Int
        /// Server-side timeout of each watch request; the watch is reopened after it.
        public var watchTimeoutSeconds: Int
        /// Use a streaming list (`sendInitialEvents=true`) instead of paged lists (Kubernetes >= 1.32).
        public var streamingList: Bool

        public init(
            labelSelector: String? = nil, fieldSelector: String? = nil, pageSize: Int = 500,
            watchTimeoutSeconds: Int = 290, streamingList: Bool = false
        ) {
            self.labelSelector = labelSelector
            self.fieldSelector = fieldSelector
            self.pageSize = pageSize
            self.watchTimeoutSeconds = watchTimeoutSeconds
            self.streamingList = streamingList
        }
    }

    public private(set) var state: State = .empty
    public let configuration: Configuration

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// The request to make in the current state. In `empty` this starts a relist: the caller emits
    /// `initStarted` when `startsRelist` is true.
    public var nextAction: Action {
        switch state {
        case .empty:
            if configuration.streamingList {
                return .watch(watchOptions(resourceVersion: nil, sendInitialEvents: true))
            }
            return .listPage(listOptions(continueToken: nil))
        case .listing(let token):
            return .listPage(listOptions(continueToken: token))
        case .listed(let version), .watching(let version):
            return .watch(watchOptions(resourceVersion: version, sendInitialEvents: false))
        case .streamingInitial(let version):
            // Resuming a streaming list mid-way is not possible; start it again.
            _ = version
            return .watch(watchOptions(resourceVersion: nil, sendInitialEvents: true))
        }
    }

    /// True when the next request begins a fresh relist (the store must be told with `initStarted`).
    public var startsRelist: Bool {
        switch state {
        case .empty, .streamingInitial: return true
        default: return false
        }
    }

    /// A list page arrived: returns the events to emit (including `initStarted` for the first page and
    /// `initDone` for the last).
    public mutating func pageReceived(items: [Object], metadata: ListMeta) -> [WatcherEvent<Object>] {
        var events: [WatcherEvent<Object>] = []
        events.reserveCapacity(items.count + 2)
        if case .empty = state { events.append(.initStarted) }
        for item in items { events.append(.initApply(item)) }
        if let token = metadata.continue, !token.isEmpty {
            state = .listing(continueToken: token)
        } else {
            events.append(.initDone)
            state = .listed(resourceVersion: metadata.resourceVersion ?? "")
        }
        return events
    }

    /// A watch request was accepted; for a streaming list this is where the relist begins.
    public mutating func watchOpened() -> [WatcherEvent<Object>] {
        switch state {
        case .empty, .streamingInitial:
            state = .streamingInitial(resourceVersion: "")
            return [.initStarted]
        case .listed(let version):
            state = .watching(resourceVersion: version)
            return []
        case .listing, .watching:
            return []
        }
    }

    /// One event of an open watch.
    public mutating func watchEventReceived(_ event: WatchEvent<Object>) -> [WatcherEvent<Object>] {
        let streaming: Bool
        if case .streamingInitial = state { streaming = true } else { streaming = false }
        switch event {
        case .added(let object), .modified(let object):
            advance(to: object.metadata.resourceVersion)
            return [streaming ? .initApply(object) : .apply(object)]
        case .deleted(let object):
            advance(to: object.metadata.resourceVersion)
            return streaming ? [] : [.delete(object)]
        case .bookmark(let version, let isInitialEventsEnd):
            advance(to: version)
            if streaming && isInitialEventsEnd {
                state = .watching(resourceVersion: version)
                return [.initDone]
            }
            return []
        case .error:
            // The stream throws for ERROR events; `failed(_:)` handles them.
            return []
        }
    }

    /// The watch ended without an error (server-side timeout): the next action re-watches from the last
    /// resourceVersion seen.
    public mutating func watchEnded() {
        if case .streamingInitial = state { state = .empty }
    }

    /// A request failed. Gone restarts from a full relist; anything else keeps the state (the caller
    /// backs off and retries the same step).
    public mutating func failed(_ failure: Failure) {
        switch failure {
        case .gone:
            state = .empty
        case .other:
            if case .streamingInitial = state { state = .empty }
        }
    }

    private mutating func advance(to version: String?) {
        guard let version, !version.isEmpty else { return }
        switch state {
        case .watching, .listed:
            state = .watching(resourceVersion: version)
        case .streamingInitial:
            state = .streamingInitial(resourceVersion: version)
        case .empty, .listing:
            break
        }
    }

    private func listOptions(continueToken: String?) -> ListOptions {
        var options = ListOptions(labelSelector: configuration.labelSelector, fieldSelector: configuration.fieldSelector)
        options.limit = configuration.pageSize
        options.continue = continueToken
        return options
    }

    private func watchOptions(resourceVersion: String?, sendInitialEvents: Bool) -> WatchOptions {
        var options = WatchOptions(labelSelector: configuration.labelSelector, fieldSelector: configuration.fieldSelector)
        options.resourceVersion = resourceVersion
        options.allowWatchBookmarks = true
        options.timeoutSeconds = configuration.watchTimeoutSeconds
        if sendInitialEvents {
            options.sendInitialEvents = true
            options.resourceVersionMatch = "NotOlderThan"
            options.resourceVersion = ""
        }
        return options
    }
}
