import KubernetesClient
import KubernetesCore
import Logging
import Synchronization

/// Follows the readiness of the objects the sandbox applied: one list-then-watch per resource type and
/// namespace, reporting every change of the whole picture to `onChange`.
struct ReadinessTracker: Sendable {
    let client: KubeClient
    let objects: [AppliedObject]
    let logger: Logger

    private struct Group: Hashable {
        var apiVersion: String
        var kind: String
        var namespace: String?
    }

    /// Runs until cancelled. `onChange` gets the readiness of every applied object, in the order applied,
    /// each time one of them changes.
    func run(onChange: @escaping @Sendable ([ResourceReadiness]) -> Void) async throws {
        let state = Mutex(Dictionary(uniqueKeysWithValues: objects.map { ($0, ResourceReadiness(notYetSeen: $0)) }))
        let order = objects
        let update: @Sendable (AppliedObject, JSONValue?) -> Void = { object, current in
            let snapshot = state.withLock { readiness -> [ResourceReadiness]? in
                let next = ResourceReadiness(object: object, current: current)
                guard readiness[object] != next else { return nil }
                readiness[object] = next
                return order.compactMap { readiness[$0] }
            }
            if let snapshot { onChange(snapshot) }
        }
        onChange(order.compactMap { state.withLock { $0 }[$0] })
        let groups = Dictionary(grouping: objects) { Group(apiVersion: $0.apiVersion, kind: $0.kind, namespace: $0.namespace) }
        try await withThrowingDiscardingTaskGroup { tasks in
            for (group, members) in groups {
                tasks.addTask { try await follow(group, members: members, update: update) }
            }
        }
    }

    private func follow(
        _ group: Group, members: [AppliedObject], update: @escaping @Sendable (AppliedObject, JSONValue?) -> Void
    ) async throws {
        let byName = Dictionary(uniqueKeysWithValues: members.map { ($0.name, $0) })
        let api = try await client.dynamic(GroupVersionKind(apiVersion: group.apiVersion, kind: group.kind), namespace: group.namespace)
        while !Task.isCancelled {
            do {
                let list = try await api.list()
                let present = Dictionary(
                    list.items.compactMap { item in item[path: ["metadata", "name"]]?.stringValue.map { ($0, item) } },
                    uniquingKeysWith: { first, _ in first })
                for (name, object) in byName { update(object, present[name]) }
                var options = WatchOptions()
                options.resourceVersion = list.metadata.resourceVersion
                for try await event in try await api.watch(options) {
                    switch event {
                    case .added(let item), .modified(let item):
                        if let name = item[path: ["metadata", "name"]]?.stringValue, let object = byName[name] { update(object, item) }
                    case .deleted(let item):
                        if let name = item[path: ["metadata", "name"]]?.stringValue, let object = byName[name] { update(object, nil) }
                    case .bookmark:
                        continue
                    case .error(let status):
                        logger.debug("readiness watch of \(group.kind) ended: \(status.message ?? "")")
                    }
                }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // Relist: the sandbox's own API server only ends watches on timeouts and 410s. The pause keeps
                // a server that refuses every list (e.g. shutting down) from being asked in a tight loop.
                logger.debug("readiness watch of \(group.kind): \(error); relisting")
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}
