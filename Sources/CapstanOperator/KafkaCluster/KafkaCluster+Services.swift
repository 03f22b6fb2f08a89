import KubernetesCore
import KubernetesModels

extension KafkaClusterTopology {
    /// The headless Service that gives every node a stable DNS name (`<pod>.<cluster>-nodes.<ns>.svc`).
    /// Not-ready addresses are published: controllers must find each other to form the quorum before any
    /// of them is ready.
    public func headlessService() -> CoreV1.Service {
        var service = CoreV1.ServiceSpec()
        service.clusterIP = "None"
        service.publishNotReadyAddresses = true
        service.selector = naming.nodeSelector
        var ports = [
            servicePort("controller", Self.controllerPort),
            servicePort("replication", Self.replicationPort),
        ]
        ports += spec.effectiveListeners.filter { !$0.type.isExternal }.map { servicePort($0.name, $0.port) }
        service.ports = ports
        return CoreV1.Service(metadata: metadata(name: naming.headlessService, labels: naming.clusterLabels), spec: service)
    }

    /// The bootstrap Service of the internal listeners: brokers only, ready ones only.
    public func bootstrapService() -> CoreV1.Service {
        var service = CoreV1.ServiceSpec()
        service.type = "ClusterIP"
        service.selector = brokerSelector
        service.ports = spec.effectiveListeners.filter { !$0.type.isExternal }.map { servicePort($0.name, $0.port) }
        return CoreV1.Service(metadata: metadata(name: naming.bootstrapService, labels: naming.clusterLabels), spec: service)
    }

    /// One bootstrap Service per external listener (NodePort or LoadBalancer).
    public func externalBootstrapServices() -> [CoreV1.Service] {
        spec.effectiveListeners.filter(\.type.isExternal).map { listener in
            var service = CoreV1.ServiceSpec()
            service.type = Self.serviceType(listener.type)
            service.selector = brokerSelector
            service.ports = [servicePort(listener.name, listener.port)]
            // Keep the client's source address and avoid a second hop: Kafka clients connect to one broker each.
            service.externalTrafficPolicy = "Local"
            return CoreV1.Service(
                metadata: metadata(name: naming.externalBootstrapService(listener: listener.name), labels: naming.clusterLabels),
                spec: service)
        }
    }

    /// Per-broker Services of external listeners: clients must reach the broker that leads a partition, so
    /// every broker gets its own address.
    func externalNodeServices(for node: KafkaNode, podName: String) -> [CoreV1.Service] {
        guard node.isBroker else { return [] }
        return spec.effectiveListeners.filter(\.type.isExternal).map { listener in
            var service = CoreV1.ServiceSpec()
            service.type = Self.serviceType(listener.type)
            service.selector = naming.podSelector(node)
            service.ports = [servicePort(listener.name, listener.port)]
            service.externalTrafficPolicy = "Local"
            return CoreV1.Service(
                metadata: metadata(
                    name: naming.externalNodeService(podName: podName, listener: listener.name), labels: naming.nodeLabels(node)),
                spec: service)
        }
    }

    /// Where clients of each listener bootstrap from, for status.listeners. External listeners report
    /// their bootstrap Service's cluster DNS name until the reconciler knows the external address.
    public func listenerStatuses() -> [ListenerStatus] {
        spec.effectiveListeners.map { listener in
            let service = listener.type.isExternal ? naming.externalBootstrapService(listener: listener.name) : naming.bootstrapService
            return ListenerStatus(
                name: listener.name, type: listener.type, bootstrapServers: "\(naming.serviceHost(service)):\(listener.port)")
        }
    }

    var brokerSelector: [String: String] {
        var selector = naming.nodeSelector
        selector[CapstanLabel.brokerRole] = "true"
        return selector
    }

    func servicePort(_ name: String, _ port: Int32) -> CoreV1.ServicePort {
        CoreV1.ServicePort(name: name, port: port, protocol: "TCP", targetPort: .int(port))
    }

    static func serviceType(_ type: ListenerType) -> String {
        switch type {
        case .internal: return "ClusterIP"
        case .nodeport: return "NodePort"
        case .loadbalancer: return "LoadBalancer"
        }
    }
}
