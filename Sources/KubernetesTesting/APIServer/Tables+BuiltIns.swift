import Foundation
import KubernetesCore

/// The printed columns kube-apiserver serves for the built-in types people look at most with `kubectl get`
/// (Pods, Nodes, claims, volumes, Services), computed as the real printers compute them.
extension Tables {
    static func columns(for resource: ServedResource) -> [Column] {
        switch resource.storageKey {
        case "/pods": return podColumns
        case "/nodes": return nodeColumns
        case "/persistentvolumeclaims": return claimColumns
        case "/services": return serviceColumns
        case "/endpoints": return endpointsColumns
        case "discovery.k8s.io/endpointslices": return sliceColumns
        default: return [nameColumn, ageColumn]
        }
    }

    static func column(_ name: String, type: String = "string", priority: Int64 = 0, description: String,
                       _ cell: @escaping @Sendable (JSONValue) -> JSONValue) -> Column {
        Column(definition: ["name": .string(name), "type": .string(type), "format": "", "description": .string(description), "priority": .integer(priority)],
               cell: cell)
    }

    static func text(_ object: JSONValue, _ path: [String]) -> String? { object[path: path]?.stringValue }

    static let podColumns: [Column] = [
        nameColumn,
        column("Ready", description: "The aggregate readiness state of this pod for accepting traffic.") { pod in
            let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
            let total = pod[path: ["spec", "containers"]]?.arrayValue?.count ?? statuses.count
            let ready = statuses.filter { $0["ready"]?.boolValue == true }.count
            return .string("\(ready)/\(total)")
        },
        column("Status", description: "The aggregate status of the containers in this pod.") { .string(podStatus($0)) },
        column("Restarts", description: "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.") { pod in
            let statuses = pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []
            return .string(String(statuses.reduce(Int64(0)) { $0 + ($1["restartCount"]?.int64Value ?? 0) }))
        },
        ageColumn,
        column("IP", priority: 1, description: "IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.") {
            .string(text($0, ["status", "podIP"]) ?? "<none>")
        },
        column("Node", priority: 1, description: "NodeName is a request to schedule this pod onto a specific node.") {
            .string(text($0, ["spec", "nodeName"]) ?? "<none>")
        },
        column("Nominated Node", priority: 1, description: "nominatedNodeName is set when this pod preempts other pods on the node.") {
            .string(text($0, ["status", "nominatedNodeName"]) ?? "<none>")
        },
        column("Readiness Gates", priority: 1, description: "If specified, all readiness gates will be evaluated for pod readiness.") { _ in "<none>" },
    ]

    /// kubectl's STATUS of a Pod: Terminating, a container's waiting or terminated reason, else the phase.
    static func podStatus(_ pod: JSONValue) -> String {
        if pod[path: ["metadata", "deletionTimestamp"]] != nil { return "Terminating" }
        var reason = text(pod, ["status", "reason"]) ?? text(pod, ["status", "phase"]) ?? "Pending"
        for status in pod[path: ["status", "initContainerStatuses"]]?.arrayValue ?? [] {
            if let waiting = status[path: ["state", "waiting", "reason"]]?.stringValue, waiting != "PodInitializing" { return "Init:\(waiting)" }
            if let code = status[path: ["state", "terminated", "exitCode"]]?.int64Value, code != 0 { return "Init:Error" }
        }
        for status in (pod[path: ["status", "containerStatuses"]]?.arrayValue ?? []).reversed() {
            if let waiting = status[path: ["state", "waiting", "reason"]]?.stringValue, !waiting.isEmpty {
                reason = waiting
            } else if let terminated = status[path: ["state", "terminated", "reason"]]?.stringValue, !terminated.isEmpty {
                reason = terminated
            }
        }
        return reason
    }

    static let nodeColumns: [Column] = [
        nameColumn,
        column("Status", description: "The status of the node") { node in
            let ready = (node[path: ["status", "conditions"]]?.arrayValue ?? []).first { $0["type"]?.stringValue == "Ready" }
            var status = ready?["status"]?.stringValue == "True" ? "Ready" : (ready == nil ? "Unknown" : "NotReady")
            if node[path: ["spec", "unschedulable"]]?.boolValue == true { status += ",SchedulingDisabled" }
            return .string(status)
        },
        column("Roles", description: "The roles of the node") { _ in "<none>" },
        ageColumn,
        column("Version", description: "Kubelet Version reported by the node.") { .string(text($0, ["status", "nodeInfo", "kubeletVersion"]) ?? "") },
        column("Internal-IP", priority: 1, description: "List of addresses reachable to the node.") { node in
            let address = (node[path: ["status", "addresses"]]?.arrayValue ?? []).first { $0["type"]?.stringValue == "InternalIP" }
            return .string(address?["address"]?.stringValue ?? "<none>")
        },
        column("External-IP", priority: 1, description: "List of addresses reachable to the node.") { _ in "<none>" },
        column("OS-Image", priority: 1, description: "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).") {
            .string(text($0, ["status", "nodeInfo", "osImage"]) ?? "<unknown>")
        },
        column("Kernel-Version", priority: 1, description: "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).") {
            .string(text($0, ["status", "nodeInfo", "kernelVersion"]) ?? "<unknown>")
        },
        column("Container-Runtime", priority: 1, description: "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).") {
            .string(text($0, ["status", "nodeInfo", "containerRuntimeVersion"]) ?? "<unknown>")
        },
    ]

    static let claimColumns: [Column] = [
        nameColumn,
        column("Status", description: "phase represents the current phase of PersistentVolumeClaim.") { .string(text($0, ["status", "phase"]) ?? "") },
        column("Volume", description: "volumeName is the binding reference to the PersistentVolume backing this claim.") { .string(text($0, ["spec", "volumeName"]) ?? "") },
        column("Capacity", description: "capacity represents the actual resources of the underlying volume.") { .string(text($0, ["status", "capacity", "storage"]) ?? "") },
        column("Access Modes", description: "accessModes contains the actual access modes the volume backing the PVC has.") { claim in
            let modes = (claim[path: ["status", "accessModes"]]?.arrayValue ?? []).compactMap(\.stringValue)
            let short = ["ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP"]
            return .string(modes.map { short[$0] ?? $0 }.joined(separator: ","))
        },
        column("StorageClass", description: "storageClassName is the name of the StorageClass required by the claim.") { .string(text($0, ["spec", "storageClassName"]) ?? "<unset>") },
        column("VolumeAttributesClass", description: "volumeAttributesClassName may be used to set the VolumeAttributesClass used by this claim.") {
            .string(text($0, ["spec", "volumeAttributesClassName"]) ?? "<unset>")
        },
        ageColumn,
        column("VolumeMode", priority: 1, description: "volumeMode defines what type of volume is required by the claim.") { .string(text($0, ["spec", "volumeMode"]) ?? "") },
    ]

    static let serviceColumns: [Column] = [
        nameColumn,
        column("Type", description: "type determines how the Service is exposed.") { .string(text($0, ["spec", "type"]) ?? "ClusterIP") },
        column("Cluster-IP", description: "clusterIP is the IP address of the service.") { .string(text($0, ["spec", "clusterIP"]) ?? "<none>") },
        column("External-IP", description: "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.") { service in
            let ingress = (service[path: ["status", "loadBalancer", "ingress"]]?.arrayValue ?? []).compactMap { $0["ip"]?.stringValue }
            if !ingress.isEmpty { return .string(ingress.joined(separator: ",")) }
            return text(service, ["spec", "type"]) == "LoadBalancer" ? "<pending>" : "<none>"
        },
        column("Port(s)", description: "The list of ports that are exposed by this service.") { service in
            let ports = (service[path: ["spec", "ports"]]?.arrayValue ?? []).map { port -> String in
                let number = port["port"]?.int64Value ?? 0
                let nodePort = port["nodePort"]?.int64Value.map { ":\($0)" } ?? ""
                return "\(number)\(nodePort)/\(port["protocol"]?.stringValue ?? "TCP")"
            }
            return .string(ports.isEmpty ? "<none>" : ports.joined(separator: ","))
        },
        ageColumn,
        column("Selector", priority: 1, description: "Route service traffic to pods with label keys and values matching this selector.") { service in
            let selector = (service[path: ["spec", "selector"]]?.objectValue ?? [:]).sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.stringValue ?? "")" }
            return .string(selector.isEmpty ? "<none>" : selector.joined(separator: ","))
        },
    ]

    /// kubectl's address lists: at most three, then `+ N more...`.
    static func abbreviated(_ items: [String]) -> String {
        guard !items.isEmpty else { return "<none>" }
        let shown = items.prefix(3).joined(separator: ",")
        return items.count > 3 ? "\(shown) + \(items.count - 3) more..." : shown
    }

    static let endpointsColumns: [Column] = [
        nameColumn,
        column("Endpoints", description: "Endpoints of the service") { endpoints in
            var items: [String] = []
            for subset in endpoints["subsets"]?.arrayValue ?? [] {
                let ports = (subset["ports"]?.arrayValue ?? []).compactMap { $0["port"]?.int64Value }
                for address in subset["addresses"]?.arrayValue ?? [] {
                    let ip = address["ip"]?.stringValue ?? ""
                    items += ports.isEmpty ? [ip] : ports.map { "\(ip):\($0)" }
                }
            }
            return .string(abbreviated(items))
        },
        ageColumn,
    ]

    static let sliceColumns: [Column] = [
        nameColumn,
        column("AddressType", description: "addressType specifies the type of address carried by this EndpointSlice.") { .string(text($0, ["addressType"]) ?? "") },
        column("Ports", description: "ports specifies the list of network ports exposed by each endpoint in this slice.") { slice in
            let ports = (slice["ports"]?.arrayValue ?? []).compactMap { $0["port"]?.int64Value }.map(String.init)
            return .string(ports.isEmpty ? "<unset>" : ports.joined(separator: ","))
        },
        column("Endpoints", description: "endpoints is a list of unique endpoints in this slice.") { slice in
            .string(abbreviated((slice["endpoints"]?.arrayValue ?? []).flatMap { ($0["addresses"]?.arrayValue ?? []).compactMap(\.stringValue) }))
        },
        ageColumn,
    ]
}
