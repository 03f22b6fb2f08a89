/// Options of a list request (`metav1.ListOptions` without the watch-only parts).
public struct ListOptions: Sendable, Hashable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Page size; the server returns a continue token when there is more.
    public var limit: Int?
    public var `continue`: String?
    public var resourceVersion: String?
    /// `NotOlderThan` or `Exact`, with `resourceVersion`.
    public var resourceVersionMatch: String?
    public var timeoutSeconds: Int?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, limit: Int? = nil, continue: String? = nil,
        resourceVersion: String? = nil, resourceVersionMatch: String? = nil, timeoutSeconds: Int? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.limit = limit
        self.continue = `continue`
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.timeoutSeconds = timeoutSeconds
    }

    var queryItems: [QueryItem] {
        var items: [QueryItem] = []
        if let labelSelector, !labelSelector.isEmpty { items.append(QueryItem("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(QueryItem("fieldSelector", fieldSelector)) }
        if let limit { items.append(QueryItem("limit", String(limit))) }
        if let `continue`, !`continue`.isEmpty { items.append(QueryItem("continue", `continue`)) }
        if let resourceVersion { items.append(QueryItem("resourceVersion", resourceVersion)) }
        if let resourceVersionMatch { items.append(QueryItem("resourceVersionMatch", resourceVersionMatch)) }
        if let timeoutSeconds { items.append(QueryItem("timeoutSeconds", String(timeoutSeconds))) }
        return items
    }
}

/// Options of a watch request.
public struct WatchOptions: Sendable, Hashable {
    public var labelSelector: String?
    public var fieldSelector: String?
    /// Start after this version; nil or "0" starts from "any" with synthetic ADDED events.
    public var resourceVersion: String?
    public var resourceVersionMatch: String?
    /// Ask for BOOKMARK events so a restarted watch can resume from a recent version.
    public var allowWatchBookmarks: Bool
    /// Streaming list: initial state as ADDED events, then a bookmark annotated `k8s.io/initial-events-end`.
    public var sendInitialEvents: Bool?
    /// Server-side timeout; the stream then ends normally and the caller re-watches.
    public var timeoutSeconds: Int?

    public init(
        labelSelector: String? = nil, fieldSelector: String? = nil, resourceVersion: String? = nil,
        resourceVersionMatch: String? = nil, allowWatchBookmarks: Bool = true, sendInitialEvents: Bool? = nil,
        timeoutSeconds: Int? = nil
    ) {
        self.labelSelector = labelSelector
        self.fieldSelector = fieldSelector
        self.resourceVersion = resourceVersion
        self.resourceVersionMatch = resourceVersionMatch
        self.allowWatchBookmarks = allowWatchBookmarks
        self.sendInitialEvents = sendInitialEvents
        self.timeoutSeconds = timeoutSeconds
    }

    var queryItems: [QueryItem] {
        var items = [QueryItem("watch", "true")]
        if let labelSelector, !labelSelector.isEmpty { items.append(QueryItem("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { items.append(QueryItem("fieldSelector", fieldSelector)) }
        if let resourceVersion { items.append(QueryItem("resourceVersion", resourceVersion)) }
        if let resourceVersionMatch { items.append(QueryItem("resourceVersionMatch", resourceVersionMatch)) }
        if allowWatchBookmarks { items.append(QueryItem("allowWatchBookmarks", "true")) }
        if let sendInitialEvents { items.append(QueryItem("sendInitialEvents", String(sendInitialEvents))) }
        if let timeoutSeconds { items.append(QueryItem("timeoutSeconds", String(timeoutSeconds))) }
        return items
    }
}

/// Options shared by create, replace and patch.
public struct WriteOptions: Sendable, Hashable {
    /// Validate and run admission, but persist nothing (`dryRun=All`).
    public var dryRun: Bool
    /// Recorded in managedFields; required for apply, optional otherwise.
    public var fieldManager: String?
    /// `Strict`, `Warn` or `Ignore`: what the server does with unknown or duplicate fields.
    public var fieldValidation: String?

    public init(dryRun: Bool = false, fieldManager: String? = nil, fieldValidation: String? = nil) {
        self.dryRun = dryRun
        self.fieldManager = fieldManager
        self.fieldValidation = fieldValidation
    }

    var queryItems: [QueryItem] {
        var items: [QueryItem] = []
        if dryRun { items.append(QueryItem("dryRun", "All")) }
        if let fieldManager { items.append(QueryItem("fieldManager", fieldManager)) }
        if let fieldValidation { items.append(QueryItem("fieldValidation", fieldValidation)) }
        return items
    }
}

/// Options of a server-side apply.
public struct ApplyOptions: Sendable, Hashable {
    public var fieldManager: String
    /// Take ownership of fields other managers own instead of failing with a conflict.
    public var force: Bool
    public var dryRun: Bool
    public var fieldValidation: String?

    public init(fieldManager: String, force: Bool = true, dryRun: Bool = false, fieldValidation: String? = nil) {
        self.fieldManager = fieldManager
        self.force = force
        self.dryRun = dryRun
        self.fieldValidation = fieldValidation
    }

    var queryItems: [QueryItem] {
        var items = [QueryItem("fieldManager", fieldManager)]
        if force { items.append(QueryItem("force", "true")) }
        if dryRun { items.append(QueryItem("dryRun", "All")) }
        if let fieldValidation { items.append(QueryItem("fieldValidation", fieldValidation)) }
        return items
    }
}

/// How dependents are handled when their owner is deleted.
public enum PropagationPolicy: String, Codable, Sendable, Hashable {
    /// Delete the owner now; the garbage collector deletes dependents afterwards.
    case background = "Background"
    /// Dependents with blockOwnerDeletion are deleted before the owner disappears.
    case foreground = "Foreground"
    /// Dependents are kept and their ownerReferences to this owner removed.
    case orphan = "Orphan"
}

/// The body of a DELETE (`metav1.DeleteOptions`).
public struct DeleteOptions: Codable, Sendable, Hashable {
    public var kind: String
    public var apiVersion: String
    public var propagationPolicy: PropagationPolicy?
    public var gracePeriodSeconds: Int64?
    public var preconditions: Preconditions?
    public var dryRun: [String]?

    /// Delete only if the object still has this uid and/or resourceVersion (409 Conflict otherwise).
    public struct Preconditions: Codable, Sendable, Hashable {
        public var uid: String?
        public var resourceVersion: String?

        public init(uid: String? = nil, resourceVersion: String? = nil) {
            self.uid = uid
            self.resourceVersion = resourceVersion
        }
    }

    public init(
        propagationPolicy: PropagationPolicy? = nil, gracePeriodSeconds: Int64? = nil,
        preconditions: Preconditions? = nil, dryRun: Bool = false
    ) {
        self.kind = "DeleteOptions"
        self.apiVersion = "v1"
        self.propagationPolicy = propagationPolicy
        self.gracePeriodSeconds = gracePeriodSeconds
        self.preconditions = preconditions
        self.dryRun = dryRun ? ["All"] : nil
    }
}

/// The flavours of PATCH, each with its content type.
public enum PatchType: String, Sendable, Hashable, CaseIterable {
    /// RFC 6902 operations, including `test` for compare-and-swap.
    case json = "application/json-patch+json"
    /// RFC 7386: objects merge, `null` deletes, lists are replaced.
    case merge = "application/merge-patch+json"
    /// Kubernetes' own: lists of built-in types merge by key. Not available for custom resources.
    case strategicMerge = "application/strategic-merge-patch+json"
    /// Server-side apply.
    case apply = "application/apply-patch+yaml"

    public var contentType: String { rawValue }
}
