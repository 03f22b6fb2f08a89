import Foundation
import KubernetesCore
import Synchronization

/// What the real server's defaulting, admission plugins and registry strategies do to an object on
/// create and update, for the types the recordings show (Pods, workloads, Services, PVCs, Secrets,
/// Namespaces) and the metadata every object gets.
enum Admission {
    /// Kinds whose registry strategy maintains `metadata.generation`.
    static let generationTracked: Set<String> = [
        "/pods", "apps/deployments", "apps/statefulsets", "apps/daemonsets", "apps/replicasets", "batch/jobs",
        "policy/poddisruptionbudgets", "apiextensions.k8s.io/customresourcedefinitions", "networking.k8s.io/networkpolicies",
    ]

    static func tracksGeneration(_ resource: ServedResource) -> Bool {
        resource.isCustom || generationTracked.contains(resource.storageKey)
    }

    /// Name (or generateName), namespace, uid, creationTimestamp, generation; server-owned fields cleared.
    static func initializeMetadata(_ object: inout JSONValue, resource: ServedResource, namespace: String?, now: Date) {
        var metadata = object["metadata"]?.objectValue ?? [:]
        if (metadata["name"]?.stringValue ?? "").isEmpty, let prefix = metadata["generateName"]?.stringValue, !prefix.isEmpty {
            metadata["name"] = .string(prefix + randomSuffix(5))
        }
        metadata["namespace"] = resource.namespaced ? namespace.map(JSONValue.string) : nil
        metadata["uid"] = .string(UUID().uuidString.lowercased())
        metadata["creationTimestamp"] = .string(Timestamps.seconds(now))
        metadata["resourceVersion"] = nil
        metadata["deletionTimestamp"] = nil
        metadata["deletionGracePeriodSeconds"] = nil
        metadata["selfLink"] = nil
        metadata["generation"] = tracksGeneration(resource) ? .integer(1) : Optional<JSONValue>.none
        object["metadata"] = .object(metadata)
    }

    static func randomSuffix(_ count: Int) -> String {
        let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")
        return String((0..<count).map { _ in alphabet.randomElement() ?? "x" })
    }

    // MARK: Validation

    static func validateCreate(_ object: JSONValue, resource: ServedResource, catalog: ResourceCatalog) throws(APIError) {
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        var causes: [StatusCause] = []
        if name.isEmpty {
            causes.append(StatusCause(reason: "FieldValueRequired", message: "Required value: name or generateName is required", field: "metadata.name"))
        } else if let problem = ObjectNameRules.problem(name, resource: resource) {
            causes.append(StatusCause(reason: "FieldValueInvalid", message: "Invalid value: \"\(name)\": \(problem)", field: "metadata.name"))
        }
        causes += typeSpecificCauses(object, resource: resource)
        // Events of both APIs are validated as the internal core Event, so no group is reported.
        let group = resource.selectorKey == "events.k8s.io/events" ? "" : resource.group
        if !causes.isEmpty { throw APIError.invalid(kind: resource.kind, group: group, name: name, causes: causes) }
        try WriteRules.validate(object, old: nil, resource: resource, catalog: catalog)
    }

    static func validateUpdate(old: JSONValue, new: JSONValue, resource: ServedResource, catalog: ResourceCatalog) throws(APIError) {
        let name = new[path: ["metadata", "name"]]?.stringValue ?? ""
        var causes = typeSpecificCauses(new, resource: resource)
        if resource.storageKey == "/pods", let problem = podSpecChange(old: old, new: new) {
            causes.append(StatusCause(reason: "FieldValueForbidden", message: problem, field: "spec"))
        }
        if resource.storageKey == "/persistentvolumeclaims", let cause = claimShrink(old: old, new: new) {
            causes.append(cause)
        }
        if !causes.isEmpty { throw APIError.invalid(kind: resource.kind, group: resource.group, name: name, causes: causes) }
        try WriteRules.validate(new, old: old, resource: resource, catalog: catalog)
    }

    static func typeSpecificCauses(_ object: JSONValue, resource: ServedResource) -> [StatusCause] {
        switch resource.selectorKey {
        case "apps/deployments", "apps/statefulsets":
            if let replicas = object[path: ["spec", "replicas"]]?.int64Value, replicas < 0 {
                return [StatusCause(reason: "FieldValueInvalid", message: "Invalid value: \(replicas): must be greater than or equal to 0", field: "spec.replicas")]
            }
        case "events.k8s.io/events":
            var causes: [StatusCause] = []
            if object["eventTime"] == nil || object["eventTime"] == .null {
                causes.append(StatusCause(reason: "FieldValueRequired", message: "Required value", field: "eventTime"))
            }
            return causes
        default: break
        }
        return []
    }

    /// Pod specs are immutable apart from a few fields.
    static func podSpecChange(old: JSONValue, new: JSONValue) -> String? {
        func mutableStripped(_ spec: JSONValue?) -> JSONValue? {
            guard var spec else { return nil }
            for key in ["containers", "initContainers"] {
                if let containers = spec[key]?.arrayValue {
                    spec[key] = .array(containers.map { container in var copy = container; copy["image"] = nil; return copy })
                }
            }
            spec["activeDeadlineSeconds"] = nil
            spec["tolerations"] = nil
            spec["terminationGracePeriodSeconds"] = nil
            return spec
        }
        guard mutableStripped(old["spec"]) != mutableStripped(new["spec"]) else { return nil }
        return "Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
    }

    /// A claim's storage request may grow (expansion) but never shrink, as the real validation says.
    static func claimShrink(old: JSONValue, new: JSONValue) -> StatusCause? {
        let path = ["spec", "resources", "requests", "storage"]
        guard let oldText = old[path: path]?.stringValue, let newText = new[path: path]?.stringValue,
              let oldSize = try? Quantity(parsing: oldText), let newSize = try? Quantity(parsing: newText),
              newSize < oldSize else { return nil }
        return StatusCause(reason: "FieldValueForbidden", message: "Forbidden: field can not be less than previous value",
                           field: "spec.resources.requests.storage")
    }

    // MARK: Defaults and mutations

    /// Scheme defaulting, applied when the body is decoded: the fields it sets are owned by the writer in
    /// managedFields, as on the real server.
    static func applyDefaults(_ object: inout JSONValue, resource: ServedResource) {
        switch resource.storageKey {
        case "/namespaces":
            let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
            object.setValue(.string(name), at: ["metadata", "labels", "kubernetes.io/metadata.name"])
        case "/pods":
            object["spec"] = defaultPodSpec(object["spec"] ?? [:])
            var spec = object["spec"] ?? [:]
            if spec["enableServiceLinks"] == nil { spec["enableServiceLinks"] = true }
            object["spec"] = spec
        case "/services":
            var spec = object["spec"] ?? [:]
            for (key, value) in ["type": JSONValue.string("ClusterIP"), "sessionAffinity": "None", "internalTrafficPolicy": "Cluster"] where spec[key] == nil {
                spec[key] = value
            }
            if let ports = spec["ports"]?.arrayValue {
                spec["ports"] = .array(ports.map { port in
                    var copy = port
                    if copy["protocol"] == nil { copy["protocol"] = "TCP" }
                    if copy["targetPort"] == nil { copy["targetPort"] = copy["port"] }
                    return copy
                })
            }
            object["spec"] = spec
        case "/persistentvolumeclaims":
            if object[path: ["spec", "volumeMode"]] == nil { object.setValue("Filesystem", at: ["spec", "volumeMode"]) }
        case "/secrets":
            foldStringData(&object)
            if object["type"] == nil { object["type"] = "Opaque" }
        case "apps/deployments":
            defaultDeployment(&object)
        case "apps/statefulsets":
            defaultStatefulSet(&object)
        case "apiextensions.k8s.io/customresourcedefinitions":
            if object[path: ["spec", "conversion"]] == nil { object.setValue(["strategy": "None"], at: ["spec", "conversion"]) }
        default:
            break
        }
    }

    /// Admission plugins and registry strategies, which run after the field manager (their fields are not
    /// owned by the writer): namespace finalizers and phase, service account token volumes, tolerations,
    /// pod priority, cluster IPs, PVC protection, initial statuses.
    static func mutateOnCreate(_ object: inout JSONValue, resource: ServedResource) {
        switch resource.storageKey {
        case "/namespaces":
            object["spec"] = ["finalizers": ["kubernetes"]]
            object["status"] = ["phase": "Active"]
        case "/pods":
            defaultPod(&object)
        case "/services":
            defaultService(&object)
        case "/persistentvolumeclaims":
            var finalizers = object[path: ["metadata", "finalizers"]]?.arrayValue ?? []
            if !finalizers.contains("kubernetes.io/pvc-protection") { finalizers.append("kubernetes.io/pvc-protection") }
            object.setValue(.array(finalizers), at: ["metadata", "finalizers"])
            object["status"] = ["phase": "Pending"]
        case "apps/deployments":
            if object["status"] == nil { object["status"] = [:] }
        case "apps/statefulsets":
            if object["status"] == nil { object["status"] = ["availableReplicas": 0, "replicas": 0] }
        case "policy/poddisruptionbudgets":
            // The status counters are plain int32s in Go (no omitempty): a new budget shows them as 0.
            object["status"] = ["currentHealthy": 0, "desiredHealthy": 0, "disruptionsAllowed": 0, "expectedPods": 0]
        case "apiextensions.k8s.io/customresourcedefinitions":
            CustomResourceServing.defaultDefinition(&object)
        default:
            break
        }
    }

    static func mutateOnUpdate(_ object: inout JSONValue, old: JSONValue, resource: ServedResource) {
        switch resource.storageKey {
        case "/secrets": foldStringData(&object)
        case "/namespaces":
            if object["spec"] == nil { object["spec"] = old["spec"] }
        default: break
        }
    }

    static func foldStringData(_ object: inout JSONValue) {
        guard let stringData = object["stringData"]?.objectValue else { return }
        var data = object["data"]?.objectValue ?? [:]
        for (key, value) in stringData { data[key] = .string(Data((value.stringValue ?? "").utf8).base64EncodedString()) }
        object["data"] = .object(data)
        object["stringData"] = nil
    }

    static func defaultContainer(_ container: JSONValue) -> JSONValue {
        var container = container
        if container["imagePullPolicy"] == nil {
            let image = container["image"]?.stringValue ?? ""
            let tag = image.split(separator: "/").last.flatMap { $0.split(separator: ":").dropFirst().first }
            container["imagePullPolicy"] = (tag == nil || tag == "latest") && !image.contains("@") ? "Always" : "IfNotPresent"
        }
        if container["resources"] == nil { container["resources"] = [:] }
        if container["terminationMessagePath"] == nil { container["terminationMessagePath"] = "/dev/termination-log" }
        if container["terminationMessagePolicy"] == nil { container["terminationMessagePolicy"] = "File" }
        if let ports = container["ports"]?.arrayValue {
            container["ports"] = .array(ports.map { port in var copy = port; if copy["protocol"] == nil { copy["protocol"] = "TCP" }; return copy })
        }
        for key in ["livenessProbe", "readinessProbe", "startupProbe"] {
            guard var probe = container[key], probe.objectValue != nil else { continue }
            let defaults: [String: JSONValue] = ["timeoutSeconds": 1, "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3]
            for (field, value) in defaults where probe[field] == nil { probe[field] = value }
            if var http = probe["httpGet"], http.objectValue != nil {
                if http["path"] == nil { http["path"] = "/" }
                if http["scheme"] == nil { http["scheme"] = "HTTP" }
                probe["httpGet"] = http
            }
            container[key] = probe
        }
        return container
    }

    static func defaultPodSpec(_ spec: JSONValue) -> JSONValue {
        var spec = spec
        for key in ["containers", "initContainers"] {
            if let containers = spec[key]?.arrayValue { spec[key] = .array(containers.map(defaultContainer)) }
        }
        let defaults: [String: JSONValue] = [
            "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler",
            "securityContext": [:], "terminationGracePeriodSeconds": 30,
        ]
        for (key, value) in defaults where spec[key] == nil { spec[key] = value }
        return spec
    }

    static func defaultPod(_ pod: inout JSONValue) {
        var spec = defaultPodSpec(pod["spec"] ?? [:])
        let serviceAccount = spec["serviceAccountName"]?.stringValue ?? spec["serviceAccount"]?.stringValue ?? "default"
        spec["serviceAccountName"] = .string(serviceAccount)
        spec["serviceAccount"] = .string(serviceAccount)
        for (key, value) in ["enableServiceLinks": JSONValue.bool(true), "preemptionPolicy": "PreemptLowerPriority", "priority": 0] where spec[key] == nil {
            spec[key] = value
        }
        var tolerations = spec["tolerations"]?.arrayValue ?? []
        for key in ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"]
        where !tolerations.contains(where: { $0["key"]?.stringValue == key }) {
            tolerations.append(["effect": "NoExecute", "key": .string(key), "operator": "Exists", "tolerationSeconds": 300])
        }
        spec["tolerations"] = .array(tolerations)
        // The ServiceAccount admission plugin mounts the API access token volume.
        if spec["automountServiceAccountToken"]?.boolValue != false {
            let volumeName = "kube-api-access-\(randomSuffix(5))"
            var volumes = spec["volumes"]?.arrayValue ?? []
            volumes.append(["name": .string(volumeName), "projected": ["defaultMode": 420, "sources": [
                ["serviceAccountToken": ["expirationSeconds": 3607, "path": "token"]],
                ["configMap": ["items": [["key": "ca.crt", "path": "ca.crt"]], "name": "kube-root-ca.crt"]],
                ["downwardAPI": ["items": [["fieldRef": ["apiVersion": "v1", "fieldPath": "metadata.namespace"], "path": "namespace"]]]],
            ]]])
            spec["volumes"] = .array(volumes)
            if let containers = spec["containers"]?.arrayValue {
                spec["containers"] = .array(containers.map { container in
                    var copy = container
                    var mounts = copy["volumeMounts"]?.arrayValue ?? []
                    mounts.append(["mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": .string(volumeName), "readOnly": true])
                    copy["volumeMounts"] = .array(mounts)
                    return copy
                })
            }
        }
        pod["spec"] = spec
        let hasResources = (spec["containers"]?.arrayValue ?? []).contains { ($0["resources"]?.objectValue ?? [:]).isEmpty == false }
        pod["status"] = ["phase": "Pending", "qosClass": hasResources ? "Burstable" : "BestEffort"]
    }

    static func defaultDeployment(_ object: inout JSONValue) {
        var spec = object["spec"] ?? [:]
        for (key, value) in ["progressDeadlineSeconds": JSONValue.integer(600), "replicas": 1, "revisionHistoryLimit": 10] where spec[key] == nil {
            spec[key] = value
        }
        if spec["strategy"] == nil { spec["strategy"] = ["rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"], "type": "RollingUpdate"] }
        if let template = spec[path: ["template", "spec"]] { spec.setValue(defaultPodSpec(template), at: ["template", "spec"]) }
        object["spec"] = spec
    }

    static func defaultStatefulSet(_ object: inout JSONValue) {
        var spec = object["spec"] ?? [:]
        let defaults: [String: JSONValue] = [
            "persistentVolumeClaimRetentionPolicy": ["whenDeleted": "Retain", "whenScaled": "Retain"],
            "podManagementPolicy": "OrderedReady", "replicas": 1, "revisionHistoryLimit": 10,
            "updateStrategy": ["rollingUpdate": ["partition": 0], "type": "RollingUpdate"],
        ]
        for (key, value) in defaults where spec[key] == nil { spec[key] = value }
        if let template = spec[path: ["template", "spec"]] { spec.setValue(defaultPodSpec(template), at: ["template", "spec"]) }
        if let claims = spec["volumeClaimTemplates"]?.arrayValue {
            spec["volumeClaimTemplates"] = .array(claims.map { claim in
                var copy = claim
                if copy["apiVersion"] == nil { copy["apiVersion"] = "v1" }
                if copy["kind"] == nil { copy["kind"] = "PersistentVolumeClaim" }
                if copy[path: ["spec", "volumeMode"]] == nil { copy.setValue("Filesystem", at: ["spec", "volumeMode"]) }
                if copy["status"] == nil { copy["status"] = ["phase": "Pending"] }
                return copy
            })
        }
        object["spec"] = spec
    }

    /// Service IPs come from 10.0.0.0/24 like the recorded cluster's service CIDR (never .0, .1 or .255).
    static let nextServiceHost = Mutex<UInt32>(10)

    /// NodePorts come from the default range 30000-32767, handed out in turn.
    static let nextNodePort = Mutex<Int64>(30000)

    static func allocateNodePort() -> Int64 {
        nextNodePort.withLock { next in
            defer { next = next >= 32767 ? 30000 : next + 1 }
            return next
        }
    }

    static func defaultService(_ object: inout JSONValue) {
        var spec = object["spec"] ?? [:]
        if spec["clusterIP"] == nil || spec["clusterIP"] == "" {
            let host = nextServiceHost.withLock { next -> UInt32 in
                defer { next = next >= 254 ? 10 : next + 1 }
                return next
            }
            spec["clusterIP"] = .string("10.0.0.\(host)")
        }
        if spec["clusterIPs"] == nil, let clusterIP = spec["clusterIP"] { spec["clusterIPs"] = [clusterIP] }
        // Port, type and affinity defaults were applied with the scheme defaults (applyDefaults).
        for (key, value) in ["ipFamilies": JSONValue.array(["IPv4"]), "ipFamilyPolicy": "SingleStack"] where spec[key] == nil { spec[key] = value }
        if ["NodePort", "LoadBalancer"].contains(spec["type"]?.stringValue ?? ""), let ports = spec["ports"]?.arrayValue {
            spec["ports"] = .array(ports.map { port in
                var copy = port
                if copy["nodePort"] == nil { copy["nodePort"] = .integer(allocateNodePort()) }
                return copy
            })
            if spec["externalTrafficPolicy"] == nil { spec["externalTrafficPolicy"] = "Cluster" }
        }
        object["spec"] = spec
        object["status"] = ["loadBalancer": [:]]
    }
}
