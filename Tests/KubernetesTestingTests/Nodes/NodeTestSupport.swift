import Foundation
import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesModels
import KubernetesTesting
import Synchronization
import Testing

/// A running API server with simulated nodes and a client, for one test.
struct NodeTestCluster: Sendable {
    let server: APIServer
    let nodes: SimulatedNodes
    let client: KubeClient

    /// Time runs 200 times faster than real time: a 10 s back-off is 50 ms.
    /// Shared by the cluster and by test runtimes that measure simulated time.
    static let clock = ScaledClock(factor: 200)

    static func with<Result: Sendable>(
        runtimes: [any SimulatedContainerRuntime] = [], nodes specs: [SimulatedNodeSpec] = SimulatedNodeSpec.zonal(),
        _ body: (NodeTestCluster) async throws -> Result
    ) async throws -> Result {
        try await APIServer.withAPIServer { server in
            let configuration = SimulatedNodes.Configuration(nodes: specs, runtimes: runtimes, clock: clock)
            return try await SimulatedNodes.withSimulatedNodes(server: server, configuration: configuration) { nodes in
                try await KubeClient.withClient(configuration: server.clientConfiguration) { client in
                    try await body(NodeTestCluster(server: server, nodes: nodes, client: client))
                }
            }
        }
    }

    func pods(_ namespace: String = "default") -> Api<CoreV1.Pod> { client.api(CoreV1.Pod.self, namespace: namespace) }

    /// Creates a Pod from YAML-like JSON.
    @discardableResult
    func createPod(_ name: String, labels: [String: String] = [:], containers: [JSONValue] = [["name": "main", "image": "busybox:1.36"]],
                   extraSpec: [String: JSONValue] = [:]) async throws -> CoreV1.Pod {
        var spec: [String: JSONValue] = ["containers": .array(containers)]
        for (key, value) in extraSpec { spec[key] = value }
        let body: JSONValue = ["apiVersion": "v1", "kind": "Pod",
                               "metadata": ["name": .string(name), "labels": .object(labels.mapValues(JSONValue.string))],
                               "spec": .object(spec)]
        let created = try await client.dynamic(.init(group: "", version: "v1", resource: "pods"), scope: .namespaced, namespace: "default").create(body)
        return try JSONDecoder().decode(CoreV1.Pod.self, from: JSONEncoder().encode(created))
    }
}

struct WaitTimeout: Error, CustomStringConvertible {
    var description: String
}

/// Waits (on watch events, not by polling) until the object named `name` satisfies `predicate`; returns it.
/// The timeout only guards against a hung test.
func waitFor<R: Resource>(
    _ api: Api<R>, _ name: String, timeout: Duration = .seconds(30), _ what: String = "condition",
    _ predicate: @escaping @Sendable (R) -> Bool
) async throws -> R {
    let last = LockedBox<R?>(nil)
    return try await withThrowingTaskGroup(of: R?.self) { group in
        group.addTask {
            while true {
                let list = try await api.list(ListOptions(fieldSelector: "metadata.name=\(name)"))
                last.value.withLock { $0 = list.items.first }
                if let match = list.items.first(where: predicate) { return match }
                let stream = try await api.watch(WatchOptions(fieldSelector: "metadata.name=\(name)", resourceVersion: list.metadata.resourceVersion))
                for try await event in stream {
                    if case .deleted = event { continue }
                    if let object = event.object { last.value.withLock { $0 = object } }
                    if let object = event.object, predicate(object) { return object }
                }
            }
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        let first = try await group.next() ?? nil
        group.cancelAll()
        guard let first else {
            let seen = last.value.withLock { $0 }.flatMap { try? String(decoding: JSONEncoder().encode($0), as: UTF8.self) } ?? "nothing"
            throw WaitTimeout(description: "timed out waiting for \(R.kind) \(name): \(what); last seen: \(seen)")
        }
        return first
    }
}

/// Waits until the object is gone.
func waitForDeletion<R: Resource>(_ api: Api<R>, _ name: String, timeout: Duration = .seconds(30)) async throws {
    try await withThrowingTaskGroup(of: Bool.self) { group in
        group.addTask {
            while true {
                let list = try await api.list(ListOptions(fieldSelector: "metadata.name=\(name)"))
                if list.items.isEmpty { return true }
                let stream = try await api.watch(WatchOptions(fieldSelector: "metadata.name=\(name)", resourceVersion: list.metadata.resourceVersion))
                for try await event in stream { if case .deleted = event { return true } }
            }
        }
        group.addTask {
            try await Task.sleep(for: timeout)
            return false
        }
        let gone = try await group.next() ?? false
        group.cancelAll()
        if !gone { throw WaitTimeout(description: "timed out waiting for \(R.kind) \(name) to be deleted") }
    }
}

extension CoreV1.Pod {
    func condition(_ type: String) -> CoreV1.PodCondition? { status?.conditions?.first { $0.type == type } }
    var readyStatus: String? { condition("Ready")?.status }
}

/// A Mutex shareable between tasks.
final class LockedBox<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ initial: Value) { value = Mutex(initial) }
}
