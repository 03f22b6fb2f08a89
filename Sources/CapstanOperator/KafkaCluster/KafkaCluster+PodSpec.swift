import KubernetesCore
import KubernetesModels

extension KafkaClusterTopology {
    /// The user id of the apache/kafka image (`appuser`); the volumes are made writable for its group.
    static let kafkaUserId: Int64 = 1000

    func podSpec(for node: KafkaNode, podName: String, script: String, context: KafkaClusterBuildContext) -> CoreV1.PodSpec {
        let template = spec.template?.overridden(by: node.pool.spec?.template) ?? node.pool.spec?.template ?? PodTemplate()
        var container = CoreV1.Container(name: "kafka")
        container.image = spec.effectiveImage
        container.imagePullPolicy = "IfNotPresent"
        container.command = ["/bin/sh", "-c", script]
        container.env = environment(for: node, context: context)
        container.ports = containerPorts(for: node)
        container.resources = node.pool.spec?.resources?.coreV1
        container.volumeMounts = volumeMounts(for: node)
        // Kafka listens long before it is useful, and recovery of a large log can take many minutes: the
        // startup probe allows an hour before liveness takes over; readiness is the node's own listener.
        let port = IntOrString.int(node.isBroker ? Self.replicationPort : Self.controllerPort)
        container.startupProbe = CoreV1.Probe(
            failureThreshold: 360, periodSeconds: 10, tcpSocket: CoreV1.TCPSocketAction(port: port))
        container.readinessProbe = CoreV1.Probe(
            failureThreshold: 3, periodSeconds: 10, tcpSocket: CoreV1.TCPSocketAction(port: port))
        container.livenessProbe = CoreV1.Probe(
            failureThreshold: 6, periodSeconds: 10, tcpSocket: CoreV1.TCPSocketAction(port: port))
        var security = CoreV1.SecurityContext()
        security.allowPrivilegeEscalation = false
        security.readOnlyRootFilesystem = true
        security.runAsNonRoot = true
        security.capabilities = CoreV1.Capabilities(drop: ["ALL"])
        container.securityContext = security

        var pod = CoreV1.PodSpec(containers: [container])
        pod.hostname = podName
        pod.subdomain = naming.headlessService
        pod.serviceAccountName = naming.serviceAccount
        pod.automountServiceAccountToken = false
        pod.enableServiceLinks = false
        // The operator restarts nodes itself, one at a time; the kubelet must only restart crashed containers.
        pod.restartPolicy = "Always"
        // A broker's controlled shutdown moves leadership away first; give it time.
        pod.terminationGracePeriodSeconds = 120
        var podSecurity = CoreV1.PodSecurityContext()
        podSecurity.runAsNonRoot = true
        podSecurity.runAsUser = Self.kafkaUserId
        podSecurity.fsGroup = Self.kafkaUserId
        podSecurity.seccompProfile = CoreV1.SeccompProfile(type: "RuntimeDefault")
        pod.securityContext = podSecurity
        pod.volumes = volumes(for: node, podName: podName)
        pod.affinity = template.affinity
        pod.tolerations = template.tolerations
        pod.nodeSelector = template.nodeSelector
        pod.priorityClassName = template.priorityClassName
        if template.affinity == nil {
            pod.topologySpreadConstraints = spreadConstraints(for: node)
        }
        return pod
    }

    func environment(for node: KafkaNode, context: KafkaClusterBuildContext) -> [CoreV1.EnvVar] {
        var env = [
            CoreV1.EnvVar(name: "KAFKA_CLUSTER_ID", value: context.clusterId),
            CoreV1.EnvVar(name: "KAFKA_NODE_ID", value: String(node.id)),
            // The image's scripts write their logs under LOG_DIR; the root filesystem is read-only.
            CoreV1.EnvVar(name: "LOG_DIR", value: "\(Self.workDirectory)/logs"),
        ]
        if node.isController && (context.initialControllerIds?.contains(node.id) ?? true) {
            env.append(CoreV1.EnvVar(name: "KAFKA_INITIAL_CONTROLLERS", value: initialControllers(context: context)))
        }
        if node.isBroker, let rack = spec.rack {
            // The zone/region labels are copied from the Node to the Pod when it is bound
            // (PodTopologyLabelsAdmission), so the downward API can read them without RBAC on Nodes.
            env.append(
                CoreV1.EnvVar(
                    name: "KAFKA_RACK",
                    valueFrom: CoreV1.EnvVarSource(
                        fieldRef: CoreV1.ObjectFieldSelector(fieldPath: "metadata.labels['\(rack.effectiveTopologyKey)']"))))
        }
        if spec.metricsEnabled {
            env.append(CoreV1.EnvVar(name: "JMX_PORT", value: String(MetricsExporter.jmxPort)))
        }
        return env
    }

    func containerPorts(for node: KafkaNode) -> [CoreV1.ContainerPort] {
        var ports: [CoreV1.ContainerPort] = []
        if node.isController {
            ports.append(CoreV1.ContainerPort(containerPort: Self.controllerPort, name: "controller", protocol: "TCP"))
        }
        if node.isBroker {
            ports.append(CoreV1.ContainerPort(containerPort: Self.replicationPort, name: "replication", protocol: "TCP"))
            for listener in spec.effectiveListeners {
                ports.append(CoreV1.ContainerPort(containerPort: listener.port, name: listener.name, protocol: "TCP"))
            }
        }
        if spec.metricsEnabled {
            ports.append(CoreV1.ContainerPort(containerPort: MetricsExporter.jmxPort, name: "jmx", protocol: "TCP"))
        }
        return ports
    }

    func volumeMounts(for node: KafkaNode) -> [CoreV1.VolumeMount] {
        var mounts = [
            CoreV1.VolumeMount(mountPath: Self.configDirectory, name: "config", readOnly: true),
            CoreV1.VolumeMount(mountPath: "/tmp", name: "tmp"),
        ]
        for volume in node.pool.spec?.storage.volumes ?? [] {
            mounts.append(CoreV1.VolumeMount(mountPath: "\(Self.dataRoot)/data-\(volume.id)", name: "data-\(volume.id)"))
        }
        if node.isBroker && spec.effectiveListeners.contains(where: \.usesTLS) {
            mounts.append(CoreV1.VolumeMount(mountPath: Self.tlsDirectory, name: "tls", readOnly: true))
        }
        return mounts
    }

    func volumes(for node: KafkaNode, podName: String) -> [CoreV1.Volume] {
        var config = CoreV1.Volume(name: "config")
        config.configMap = CoreV1.ConfigMapVolumeSource(name: podName)
        var tmp = CoreV1.Volume(name: "tmp")
        tmp.emptyDir = CoreV1.EmptyDirVolumeSource()
        var volumes = [config, tmp]
        for volume in node.pool.spec?.storage.volumes ?? [] {
            var data = CoreV1.Volume(name: "data-\(volume.id)")
            data.persistentVolumeClaim = CoreV1.PersistentVolumeClaimVolumeSource(
                claimName: naming.claimName(volume: volume.id, podName: podName))
            volumes.append(data)
        }
        if node.isBroker && spec.effectiveListeners.contains(where: \.usesTLS) {
            var tls = CoreV1.Volume(name: "tls")
            tls.secret = CoreV1.SecretVolumeSource(secretName: naming.tlsSecret)
            volumes.append(tls)
        }
        return volumes
    }

    /// Spread a pool's nodes over racks (when configured) and hosts, as a preference: a cluster with fewer
    /// racks than nodes must still schedule.
    func spreadConstraints(for node: KafkaNode) -> [CoreV1.TopologySpreadConstraint] {
        var selector = naming.nodeSelector
        selector[CapstanLabel.pool] = node.poolName
        var keys = ["kubernetes.io/hostname"]
        if let rack = spec.rack { keys.insert(rack.effectiveTopologyKey, at: 0) }
        return keys.map { key in
            var constraint = CoreV1.TopologySpreadConstraint(maxSkew: 1, topologyKey: key, whenUnsatisfiable: "ScheduleAnyway")
            constraint.labelSelector = LabelSelector(matchLabels: selector)
            return constraint
        }
    }
}
