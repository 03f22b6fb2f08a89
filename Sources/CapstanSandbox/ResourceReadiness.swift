import KubernetesCore

/// Whether one applied object is Ready, read from the object as the API server returns it.
///
/// Objects that report readiness (a `Ready` condition, or kinds that always get one: Pods and
/// KafkaClusters) are Ready when that condition is True for their current generation; objects with
/// nothing to wait for (ConfigMaps, Services, ...) are Ready once they exist.
public struct ResourceReadiness: Sendable, Hashable {
    public var object: AppliedObject
    public var ready: Bool
    /// The Ready condition's reason (or what is missing), for the progress display.
    public var reason: String
    public var message: String
    /// A short summary such as "nodes 4/6".
    public var detail: String?
    /// For KafkaClusters: the cluster id in status, once the operator has generated it.
    public var kafkaClusterId: String?

    /// Kinds whose readiness is always reported through a Ready condition, even before it is first written.
    static let kindsWithReadyCondition: Set<String> = ["KafkaCluster", "KafkaNodePool", "Pod"]

    /// Before the object was first read back.
    init(notYetSeen object: AppliedObject) {
        self.object = object
        (ready, reason, message, detail) = (false, "Applied", "not read back yet", nil)
    }

    init(object: AppliedObject, current: JSONValue?) {
        self.object = object
        guard let current else {
            (ready, reason, message, detail) = (false, "NotFound", "the object no longer exists (was it deleted?)", nil)
            return
        }
        let conditions = current[path: ["status", "conditions"]]?.arrayValue ?? []
        let readyCondition = conditions.first { $0["type"]?.stringValue == "Ready" }
        detail = Self.detail(of: current, kind: object.kind)
        kafkaClusterId = object.kind == "KafkaCluster" ? current[path: ["status", "clusterId"]]?.stringValue : nil
        guard let readyCondition else {
            if Self.kindsWithReadyCondition.contains(object.kind) {
                (ready, reason, message) = (false, "Pending", "no Ready condition yet")
            } else {
                (ready, reason, message) = (true, "Exists", "")
            }
            return
        }
        let generation = current[path: ["metadata", "generation"]]?.int64Value
        let observed = readyCondition["observedGeneration"]?.int64Value
            ?? current[path: ["status", "observedGeneration"]]?.int64Value
        let upToDate = generation.flatMap { generation in observed.map { $0 >= generation } } ?? true
        reason = readyCondition["reason"]?.stringValue ?? ""
        message = readyCondition["message"]?.stringValue ?? ""
        ready = readyCondition["status"]?.stringValue == "True" && upToDate
        if !upToDate && readyCondition["status"]?.stringValue == "True" {
            reason = "Reconciling"
            message = "the operator has not yet observed generation \(generation ?? 0)"
        }
    }

    /// For KafkaClusters: how many of the nodes in status are registered.
    private static func detail(of object: JSONValue, kind: String) -> String? {
        guard kind == "KafkaCluster", let nodes = object[path: ["status", "nodes"]]?.arrayValue, !nodes.isEmpty else { return nil }
        let registered = nodes.filter { $0["registered"]?.boolValue == true }.count
        return "nodes \(registered)/\(nodes.count)"
    }

    /// One line for the progress display.
    public var line: String {
        let state = ready ? "Ready" : "waiting"
        var text = "\(object): \(state)"
        if let detail { text += " (\(detail))" }
        if !ready {
            text += " — \(reason)"
            if !message.isEmpty { text += ": \(message)" }
        }
        return text
    }
}
