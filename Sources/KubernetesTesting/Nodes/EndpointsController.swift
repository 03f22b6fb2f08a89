import KubernetesClient
import KubernetesCore
import KubernetesModels
import Synchronization

/// The Endpoints and EndpointSlice controllers: for every Service with a selector, the Pods it selects
/// (with an IP, not terminal) as ready or not-ready addresses (`publishNotReadyAddresses` publishes them
/// all), with hostnames for headless-Service subdomains; and the simulated network's view of each Service.
final class EndpointsController: Sendable {
    let simulation: NodeSimulation
    let wakeup = Wakeup()
    /// What was last written per object key, so that unchanged objects are not re-applied.
    private let written = Mutex<[String: JSONValue]>([:])
    static let endpointsManager = "endpoint-controller"
    static let sliceManager = "endpointslice-controller"

    init(simulation: NodeSimulation) {
        self.simulation = simulation
    }

    func run() async {
        await wakeup.loop { await reconcile() }
    }

    private func reconcile() async {
        let zones = Dictionary(simulation.caches.nodes.store.list().map { ($0.metadata.name ?? "", $0.metadata.labels?[SimulatedNodeSpec.zoneLabel]) },
                               uniquingKeysWith: { first, _ in first })
        let services = simulation.caches.services.store.list()
        var live: Set<String> = []
        for service in services {
            let namespace = service.metadata.namespace ?? "default"
            let name = service.metadata.name ?? ""
            live.insert("\(namespace)/\(name)")
            guard let selector = service.spec?.selector, !selector.isEmpty, service.spec?.type != "ExternalName" else {
                simulation.network.setService(namespace: namespace, name: name, nil)
                continue
            }
            let pods = simulation.caches.pods.store.list(namespace: namespace).filter { pod in
                selector.allSatisfy { pod.metadata.labels?[$0.key] == $0.value } && !pod.isTerminal
                    && !(pod.status?.podIP ?? "").isEmpty
            }.sorted { ($0.metadata.name ?? "") < ($1.metadata.name ?? "") }
            let publishNotReady = service.spec?.publishNotReadyAddresses == true
            let ready = pods.filter { ($0.isReady || publishNotReady) && $0.metadata.deletionTimestamp == nil }
            simulation.network.setService(namespace: namespace, name: name, SimulatedNetwork.ServiceRecord(
                clusterIP: service.spec?.clusterIP,
                ports: (service.spec?.ports ?? []).map { .init(name: $0.name, port: $0.port, targetPort: $0.targetPort) },
                readyPods: ready.map { "\(namespace)/\($0.metadata.name ?? "")" }))
            await write(endpoints(for: service, pods: pods, publishNotReady: publishNotReady), kind: "endpoints", manager: Self.endpointsManager)
            await write(slice(for: service, pods: pods, publishNotReady: publishNotReady, zones: zones), kind: "endpointslices", manager: Self.sliceManager)
        }
        let orphaned = written.withLock { cache -> [String] in
            let gone = cache.keys.filter { !live.contains(String($0.split(separator: "|").last ?? "")) }
            for key in gone { cache[key] = nil }
            return gone.filter { $0.hasPrefix("endpoints|") }.map { String($0.dropFirst("endpoints|".count)) }
        }
        // The Endpoints of a deleted Service go with it (its EndpointSlice by owner reference).
        for key in orphaned {
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            do {
                _ = try await simulation.dynamic("endpoints", namespace: parts[0]).delete(parts[1])
            } catch {
                simulation.logger.debug("endpoints cleanup failed", metadata: ["object": "\(key)", "error": "\(error)"])
            }
        }
        simulation.network.forgetServices(except: live)
    }

    private func write(_ object: JSONValue, kind: String, manager: String) async {
        let namespace = object[path: ["metadata", "namespace"]]?.stringValue ?? "default"
        let service = object[path: ["metadata", "labels", "kubernetes.io/service-name"]]?.stringValue
            ?? object[path: ["metadata", "name"]]?.stringValue ?? ""
        let key = "\(kind)|\(namespace)/\(service)"
        if written.withLock({ $0[key] }) == object { return }
        do {
            let api = kind == "endpoints" ? simulation.dynamic("endpoints", namespace: namespace)
                : simulation.dynamic("endpointslices", group: "discovery.k8s.io", namespace: namespace)
            _ = try await api.apply(object, fieldManager: manager)
            written.withLock { $0[key] = object }
        } catch {
            simulation.logger.debug("endpoints write failed", metadata: ["object": "\(key)", "error": "\(error)"])
        }
    }

    private func ownerReference(_ service: CoreV1.Service) -> JSONValue {
        ["apiVersion": "v1", "kind": "Service", "name": .string(service.metadata.name ?? ""), "uid": .string(service.metadata.uid ?? ""),
         "controller": true, "blockOwnerDeletion": true]
    }

    /// The hostname a Pod publishes under a headless Service: its `spec.hostname` when its subdomain names the Service.
    private func hostname(_ pod: CoreV1.Pod, service: CoreV1.Service) -> String? {
        guard service.spec?.clusterIP == "None", pod.spec?.subdomain == service.metadata.name else { return nil }
        return pod.spec?.hostname
    }

    /// The container port a Service port targets on a Pod (a number, or a named container port).
    private func targetPort(_ port: CoreV1.ServicePort, pod: CoreV1.Pod?) -> Int32? {
        switch port.targetPort {
        case .int(let number)?: return number
        case .string(let portName)?:
            return pod?.spec?.containers.lazy.compactMap { $0.ports?.first { $0.name == portName }?.containerPort }.first
        case nil: return port.port
        }
    }

    private func endpoints(for service: CoreV1.Service, pods: [CoreV1.Pod], publishNotReady: Bool) -> JSONValue {
        func address(_ pod: CoreV1.Pod) -> JSONValue {
            var address: JSONValue = [
                "ip": .string(pod.status?.podIP ?? ""), "nodeName": .string(pod.spec?.nodeName ?? ""),
                "targetRef": ["kind": "Pod", "namespace": .string(pod.metadata.namespace ?? ""), "name": .string(pod.metadata.name ?? ""),
                              "uid": .string(pod.metadata.uid ?? "")],
            ]
            if let hostname = hostname(pod, service: service) { address.setValue(.string(hostname), at: ["hostname"]) }
            return address
        }
        let live = pods.filter { $0.metadata.deletionTimestamp == nil }
        let ready = live.filter { publishNotReady || $0.isReady }
        let notReady = live.filter { !(publishNotReady || $0.isReady) }
        let ports: [JSONValue] = (service.spec?.ports ?? []).compactMap { port in
            guard let target = targetPort(port, pod: live.first) else { return nil }
            var entry: JSONValue = ["port": .integer(Int64(target)), "protocol": .string(port.protocol ?? "TCP")]
            if let portName = port.name { entry.setValue(.string(portName), at: ["name"]) }
            return entry
        }
        var subset: JSONValue = ["ports": .array(ports)]
        if !ready.isEmpty { subset.setValue(.array(ready.map(address)), at: ["addresses"]) }
        if !notReady.isEmpty { subset.setValue(.array(notReady.map(address)), at: ["notReadyAddresses"]) }
        var labels = (service.metadata.labels ?? [:]).mapValues(JSONValue.string)
        labels["endpoints.kubernetes.io/managed-by"] = "endpoint-controller"
        return [
            "apiVersion": "v1", "kind": "Endpoints",
            "metadata": ["name": .string(service.metadata.name ?? ""), "namespace": .string(service.metadata.namespace ?? ""),
                         "labels": .object(labels)],
            "subsets": live.isEmpty ? [] : [subset],
        ]
    }

    private func slice(for service: CoreV1.Service, pods: [CoreV1.Pod], publishNotReady: Bool, zones: [String: String?]) -> JSONValue {
        let serviceName = service.metadata.name ?? ""
        let endpoints: [JSONValue] = pods.map { pod in
            let terminating = pod.metadata.deletionTimestamp != nil
            let ready = pod.isReady && !terminating
            var endpoint: JSONValue = [
                "addresses": [.string(pod.status?.podIP ?? "")],
                "conditions": ["ready": .bool(ready || (publishNotReady && !terminating)), "serving": .bool(pod.isReady), "terminating": .bool(terminating)],
                "nodeName": .string(pod.spec?.nodeName ?? ""),
                "targetRef": ["kind": "Pod", "namespace": .string(pod.metadata.namespace ?? ""), "name": .string(pod.metadata.name ?? ""),
                              "uid": .string(pod.metadata.uid ?? "")],
            ]
            if let zone = zones[pod.spec?.nodeName ?? ""] ?? nil { endpoint.setValue(.string(zone), at: ["zone"]) }
            if let hostname = hostname(pod, service: service) { endpoint.setValue(.string(hostname), at: ["hostname"]) }
            return endpoint
        }
        let ports: [JSONValue] = (service.spec?.ports ?? []).compactMap { port in
            guard let target = targetPort(port, pod: pods.first) else { return nil }
            var entry: JSONValue = ["port": .integer(Int64(target)), "protocol": .string(port.protocol ?? "TCP")]
            if let portName = port.name { entry.setValue(.string(portName), at: ["name"]) }
            return entry
        }
        var labels = (service.metadata.labels ?? [:]).mapValues(JSONValue.string)
        labels["kubernetes.io/service-name"] = .string(serviceName)
        labels["endpointslice.kubernetes.io/managed-by"] = "endpointslice-controller.k8s.io"
        // One slice per Service, named like the controller's generated names but stable across restarts.
        let suffix = String((service.metadata.uid ?? "00000").filter { $0.isLetter || $0.isNumber }.prefix(5))
        return [
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "addressType": "IPv4",
            "metadata": ["name": .string("\(serviceName)-\(suffix)"), "namespace": .string(service.metadata.namespace ?? ""),
                         "labels": .object(labels), "ownerReferences": [ownerReference(service)]],
            "endpoints": .array(endpoints), "ports": .array(ports),
        ]
    }
}
