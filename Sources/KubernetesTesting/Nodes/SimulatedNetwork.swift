import KubernetesCore
import Synchronization

/// Resolves the addresses a process in the simulated cluster would use (Pod IPs, Pod and Service DNS names,
/// cluster IPs) to the 127.0.0.1 address where the simulated process really listens.
///
/// Synchronous and thread-safe, so it can serve as a client's address mapper (for example
/// `KafkaAdminConfiguration.addressMapper` in `capstan sandbox`). It is kept current by the simulated
/// kubelet (Pod IPs and the ports runtimes report through `SimulatedContainerContext.listening`) and the
/// endpoints controller (which Pods back which Service, and whether they are ready).
public final class SimulatedNetwork: Sendable {
    struct PodRecord: Sendable {
        var namespace: String
        var name: String
        var ip: String
        var nodeName: String
        var hostname: String?
        var subdomain: String?
        /// Named container ports (for Services whose targetPort is a name).
        var namedPorts: [String: Int32] = [:]
        /// containerPort -> 127.0.0.1 port, as the runtime reported.
        var listening: [Int32: Int] = [:]
        /// Every containerPort the runtime reported, including those it serves without a socket (a
        /// simulated process that listens "in-process"): tcpSocket probes pass for these.
        var reportedPorts: Set<Int32> = []
    }

    struct ServiceRecord: Sendable {
        var clusterIP: String?
        var ports: [ServicePortRecord]
        /// Keys (namespace/name) of the Pods whose addresses the Service publishes, ready ones first.
        var readyPods: [String]
    }

    struct ServicePortRecord: Sendable {
        var name: String?
        var port: Int32
        var targetPort: IntOrString?
    }

    struct State: Sendable {
        var pods: [String: PodRecord] = [:]
        var podByIP: [String: String] = [:]
        var services: [String: ServiceRecord] = [:]
        var serviceByIP: [String: String] = [:]
        var failedNodes: Set<String> = []
    }

    let state = Mutex(State())

    public init() {}

    /// Where a connection to `host:port` inside the cluster really goes, or nil when nothing listens there
    /// (unknown name, no ready endpoint, the process did not report the port, or its node has failed).
    ///
    /// `host` may be a Pod IP, a cluster IP, `<pod-hostname>.<subdomain>.<namespace>.svc[.cluster.local]`
    /// or `<service>.<namespace>.svc[.cluster.local]` (a trailing dot is allowed).
    public func resolve(host: String, port: Int) -> (host: String, port: Int)? {
        resolveAll(host: host, port: port).first
    }

    /// Every address behind `host:port`: one per ready endpoint for a Service, at most one for a Pod.
    public func resolveAll(host: String, port: Int) -> [(host: String, port: Int)] {
        state.withLock { state in
            Self.podKeys(for: host, port: port, in: state).compactMap { key, containerPort in
                guard let pod = state.pods[key], !state.failedNodes.contains(pod.nodeName),
                      let hostPort = pod.listening[containerPort] else { return nil }
                return ("127.0.0.1", hostPort)
            }
        }
    }

    /// The Pods (and the container port on each) that `host:port` designates.
    static func podKeys(for host: String, port: Int, in state: State) -> [(String, Int32)] {
        let containerPort = Int32(clamping: port)
        if let key = state.podByIP[host] { return [(key, containerPort)] }
        if let serviceKey = state.serviceByIP[host] { return serviceBackends(serviceKey, port: containerPort, in: state) }
        var name = host.lowercased()
        if name.hasSuffix(".") { name.removeLast() }
        if name.hasSuffix(".cluster.local") { name.removeLast(".cluster.local".count) }
        guard name.hasSuffix(".svc") else { return [] }
        let parts = name.dropLast(".svc".count).split(separator: ".").map(String.init)
        switch parts.count {
        case 2:
            return serviceBackends("\(parts[1])/\(parts[0])", port: containerPort, in: state)
        case 3:
            let (hostname, subdomain, namespace) = (parts[0], parts[1], parts[2])
            let match = state.pods.first { _, pod in
                pod.namespace == namespace && pod.subdomain == subdomain && (pod.hostname ?? pod.name) == hostname
            }
            return match.map { [($0.key, containerPort)] } ?? []
        default:
            return []
        }
    }

    /// A Service port maps to its targetPort (a number, or a named container port looked up per Pod).
    static func serviceBackends(_ serviceKey: String, port: Int32, in state: State) -> [(String, Int32)] {
        guard let service = state.services[serviceKey], let servicePort = service.ports.first(where: { $0.port == port }) else { return [] }
        return service.readyPods.compactMap { podKey in
            switch servicePort.targetPort {
            case .int(let number)?: return (podKey, number)
            case .string(let name)?:
                guard let number = state.pods[podKey]?.namedPorts[name] else { return nil }
                return (podKey, number)
            case nil: return (podKey, servicePort.port)
            }
        }
    }

    // MARK: Updates from the kubelet and the endpoints controller

    func register(_ record: PodRecord) {
        state.withLock { state in
            let key = "\(record.namespace)/\(record.name)"
            if let old = state.pods[key], state.podByIP[old.ip] == key { state.podByIP[old.ip] = nil }
            state.pods[key] = record
            state.podByIP[record.ip] = key
        }
    }

    func unregister(namespace: String, name: String, ip: String) {
        state.withLock { state in
            let key = "\(namespace)/\(name)"
            guard state.pods[key]?.ip == ip else { return }
            state.pods[key] = nil
            state.podByIP[ip] = nil
        }
    }

    func setListening(namespace: String, name: String, ip: String, containerPort: Int32, hostPort: Int?) {
        state.withLock { state in
            let key = "\(namespace)/\(name)"
            guard state.pods[key]?.ip == ip else { return }
            state.pods[key]?.listening[containerPort] = hostPort
            state.pods[key]?.reportedPorts.insert(containerPort)
        }
    }

    /// Whether the process of the Pod at `ip` reported `containerPort` (what a tcpSocket probe checks).
    func isListening(ip: String, containerPort: Int32) -> Bool {
        state.withLock { state in
            state.podByIP[ip].flatMap { state.pods[$0] }.map { $0.reportedPorts.contains(containerPort) } ?? false
        }
    }

    func setService(namespace: String, name: String, _ record: ServiceRecord?) {
        state.withLock { state in
            let key = "\(namespace)/\(name)"
            if let old = state.services[key]?.clusterIP, state.serviceByIP[old] == key { state.serviceByIP[old] = nil }
            state.services[key] = record
            if let ip = record?.clusterIP, ip != "None", !ip.isEmpty { state.serviceByIP[ip] = key }
        }
    }

    /// Drops the Services that no longer exist (keys `namespace/name`).
    func forgetServices(except live: Set<String>) {
        state.withLock { state in
            for key in state.services.keys where !live.contains(key) {
                if let ip = state.services[key]?.clusterIP, state.serviceByIP[ip] == key { state.serviceByIP[ip] = nil }
                state.services[key] = nil
            }
        }
    }

    func setNodeFailed(_ node: String, _ failed: Bool) {
        state.withLock { state in
            if failed { state.failedNodes.insert(node) } else { state.failedNodes.remove(node) }
        }
    }
}
