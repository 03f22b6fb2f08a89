import Foundation
import KubernetesCore
import KubernetesModels
@testable import KubernetesTesting
import Testing

/// The scheduler's placement rules, as a pure function.
@Suite struct SchedulingDecisionTests {
    static func node(_ name: String, zone: String, taints: [CoreV1.Taint] = [], ready: Bool = true) -> SchedulingDecision.Candidate {
        .init(name: name, labels: ["topology.kubernetes.io/zone": zone, "kubernetes.io/hostname": name], taints: taints, ready: ready, unschedulable: false)
    }

    static func pod(_ spec: JSONValue) throws -> CoreV1.Pod {
        let body: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "namespace": "default"], "spec": spec]
        return try JSONDecoder().decode(CoreV1.Pod.self, from: JSONEncoder().encode(body))
    }

    static let nodes = [node("n1", zone: "a"), node("n2", zone: "b"), node("n3", zone: "c")]

    @Test func leastLoadedNodeWins() throws {
        let busy = try Self.pod(["containers": [["name": "c"]]])
        let decision = SchedulingDecision.place(try Self.pod(["containers": [["name": "c"]]]), candidates: Self.nodes,
                                                placedPods: [(busy, "n1"), (busy, "n2")])
        #expect(decision == .node("n3"))
    }

    @Test func requiredNodeAffinityOperators() throws {
        let affinity: (String, [String]) throws -> CoreV1.Pod = { op, values in
            try Self.pod(["containers": [["name": "c"]], "affinity": ["nodeAffinity": ["requiredDuringSchedulingIgnoredDuringExecution": [
                "nodeSelectorTerms": [["matchExpressions": [["key": "topology.kubernetes.io/zone", "operator": .string(op),
                                                             "values": .array(values.map(JSONValue.string))]]]]]]]])
        }
        #expect(SchedulingDecision.place(try affinity("In", ["b"]), candidates: Self.nodes, placedPods: []) == .node("n2"))
        #expect(SchedulingDecision.place(try affinity("NotIn", ["a", "b"]), candidates: Self.nodes, placedPods: []) == .node("n3"))
        guard case .unschedulable(let message) = SchedulingDecision.place(try affinity("In", ["z"]), candidates: Self.nodes, placedPods: []) else {
            Issue.record("expected unschedulable")
            return
        }
        #expect(message.hasPrefix("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector."))
    }

    @Test func taintsNeedTolerations() throws {
        let taint = CoreV1.Taint(effect: "NoSchedule", key: "dedicated", value: "kafka")
        let nodes = [Self.node("n1", zone: "a", taints: [taint])]
        let plain = try Self.pod(["containers": [["name": "c"]]])
        guard case .unschedulable(let message) = SchedulingDecision.place(plain, candidates: nodes, placedPods: []) else {
            Issue.record("expected unschedulable")
            return
        }
        #expect(message.contains("1 node(s) had untolerated taint {dedicated: kafka}"))
        let tolerating = try Self.pod(["containers": [["name": "c"]], "tolerations": [["key": "dedicated", "operator": "Equal", "value": "kafka", "effect": "NoSchedule"]]])
        #expect(SchedulingDecision.place(tolerating, candidates: nodes, placedPods: []) == .node("n1"))
        let exists = try Self.pod(["containers": [["name": "c"]], "tolerations": [["operator": "Exists"]]])
        #expect(SchedulingDecision.place(exists, candidates: nodes, placedPods: []) == .node("n1"))
    }

    @Test func notReadyNodesAreSkipped() throws {
        let nodes = [Self.node("n1", zone: "a", ready: false), Self.node("n2", zone: "b")]
        #expect(SchedulingDecision.place(try Self.pod(["containers": [["name": "c"]]]), candidates: nodes, placedPods: []) == .node("n2"))
    }

    @Test func spreadConstraintRefusesTooMuchSkew() throws {
        let spread: JSONValue = [["maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
                                  "labelSelector": ["matchLabels": ["app": "kafka"]]]]
        var placed = try Self.pod(["containers": [["name": "c"]]])
        placed.metadata.labels = ["app": "kafka"]
        var pod = try Self.pod(["containers": [["name": "c"]], "topologySpreadConstraints": spread])
        pod.metadata.labels = ["app": "kafka"]
        var other = placed
        other.metadata.labels = ["app": "web"]
        // n1 is the least loaded node, but zone a already has two kafka Pods and zone b none: skew 3 is refused.
        let candidates = [Self.node("n1", zone: "a"), Self.node("n2", zone: "b"), Self.node("n3", zone: "b")]
        let busy = [(placed, "n1"), (placed, "n1")] + Array(repeating: (other, "n2"), count: 3) + Array(repeating: (other, "n3"), count: 3)
        #expect(SchedulingDecision.place(pod, candidates: candidates, placedPods: busy) == .node("n2"))
        // Pods the selector does not match do not count: zone a has one kafka Pod, zone b none (only a web Pod).
        let twoNodes = [Self.node("n1", zone: "a"), Self.node("n2", zone: "b")]
        #expect(SchedulingDecision.place(pod, candidates: twoNodes, placedPods: [(placed, "n1"), (other, "n2")]) == .node("n2"))
    }
}
