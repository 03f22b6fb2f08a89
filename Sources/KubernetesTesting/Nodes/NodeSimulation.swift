import Foundation
import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesModels
import Logging

/// What every simulated controller (scheduler, kubelet, provisioner, service and endpoints controllers,
/// node agent) shares while `SimulatedNodes` runs.
struct NodeSimulation: Sendable {
    let client: KubeClient
    let caches: ClusterCaches
    let network: SimulatedNetwork
    let configuration: SimulatedNodes.Configuration
    /// Nodes the test has failed (they stop reporting; see `SimulatedNodes.fail`).
    let failures: WatchedState<Set<String>>
    let logger: Logger

    var clock: any ControllerClock { configuration.clock }
    var timings: SimulatedNodeTimings { configuration.timings }
    var nodes: [SimulatedNodeSpec] { configuration.nodes }

    /// Wall time on the injected clock, as API timestamps carry it.
    func now() -> Time {
        Time(secondsSinceEpoch: clock.wallTime.microsecondsSinceEpoch / 1_000_000)
    }

    func isFailed(_ node: String) -> Bool { failures.value.contains(node) }

    /// The index of a simulated node (its pod CIDR is 10.244.<index>.0/24), nil for nodes not simulated here.
    func nodeIndex(_ name: String) -> Int? { nodes.firstIndex { $0.name == name } }

    static func hostIP(nodeIndex: Int) -> String { "172.18.0.\(nodeIndex + 2)" }
}

extension JSONValue {
    /// The JSON form of any Encodable model (status bodies for merge patches).
    init(encoding value: some Encodable) throws {
        let data = try JSONEncoder().encode(value)
        self = try JSONDecoder().decode(JSONValue.self, from: data)
    }
}

extension ObjectMeta {
    /// `namespace/name`, the key stores and logs use.
    var key: String { "\(namespace ?? "")/\(name ?? "")" }
}

extension CoreV1.Pod {
    var isTerminal: Bool { ["Succeeded", "Failed"].contains(status?.phase ?? "") }
    var isReady: Bool { status?.conditions?.contains { $0.type == "Ready" && $0.status == "True" } ?? false }
}

extension NodeSimulation {
    /// Untyped access for writes (bodies as JSON, so that only the fields we mean are sent).
    func dynamic(_ plural: String, group: String = "", version: String = "v1", namespace: String? = nil) -> DynamicApi {
        client.dynamic(GroupVersionResource(group: group, version: version, resource: plural),
                       scope: namespace == nil ? .cluster : .namespaced, namespace: namespace)
    }

    /// A merge patch of `/status` (or the main resource when `status` is false).
    func mergePatch(_ plural: String, group: String = "", version: String = "v1", namespace: String?, name: String,
                    _ patch: JSONValue, status: Bool = true) async throws {
        _ = try await dynamic(plural, group: group, version: version, namespace: namespace)
            .patch(name, type: .merge, body: Array(try JSONEncoder().encode(patch)), subresource: status ? "status" : nil)
    }
}
