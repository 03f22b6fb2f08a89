import KubernetesClient
import KubernetesCore
import KubernetesModels

/// The storage side of a cluster: a default StorageClass; claims without a class get it; each claim gets
/// a dynamically provisioned PersistentVolume of the requested size, bound both ways; a claim whose request
/// grows is expanded when its class allows; a deleted claim is released once no Pod uses it (the
/// `kubernetes.io/pvc-protection` finalizer) and its volume deleted (reclaim policy Delete).
struct VolumeProvisioner: Sendable {
    let simulation: NodeSimulation
    let wakeup = Wakeup()
    static let provisioner = "capstan.dev/simulated-volumes"
    static let fieldManager = "persistent-volume-binder"

    static func ensureDefaultStorageClass(_ simulation: NodeSimulation) async throws {
        let storageClass: JSONValue = [
            "apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
            "metadata": ["name": .string(simulation.configuration.defaultStorageClass),
                         "annotations": ["storageclass.kubernetes.io/is-default-class": "true"]],
            "provisioner": .string(provisioner), "reclaimPolicy": "Delete", "volumeBindingMode": "Immediate",
            "allowVolumeExpansion": true,
        ]
        _ = try await simulation.dynamic("storageclasses", group: "storage.k8s.io").apply(storageClass, fieldManager: "capstan-simulated-nodes")
    }

    func run() async {
        await wakeup.loop { await reconcile() }
    }

    private func reconcile() async {
        let classes = simulation.caches.storageClasses.store.list()
        let defaultClass = classes.first { $0.metadata.annotations?["storageclass.kubernetes.io/is-default-class"] == "true" }?.metadata.name
        let volumes = Dictionary(simulation.caches.volumes.store.list().map { ($0.metadata.name ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        let claims = simulation.caches.claims.store.list()
        for claim in claims {
            do {
                try await reconcile(claim, volumes: volumes, classes: classes, defaultClass: defaultClass)
            } catch let error as KubernetesError where error.isNotFound || error.isConflict {
                continue
            } catch {
                simulation.logger.debug("volume provisioning failed", metadata: ["claim": "\(claim.metadata.key)", "error": "\(error)"])
            }
        }
        await deleteReleasedVolumes(volumes: Array(volumes.values), claims: claims)
    }

    private func reconcile(_ claim: CoreV1.PersistentVolumeClaim, volumes: [String: CoreV1.PersistentVolume],
                           classes: [StorageV1.StorageClass], defaultClass: String?) async throws {
        let namespace = claim.metadata.namespace ?? "default"
        let name = claim.metadata.name ?? ""
        if claim.metadata.deletionTimestamp != nil {
            try await releaseIfUnused(claim)
            return
        }
        guard let className = claim.spec?.storageClassName ?? defaultClass else { return }
        if claim.spec?.storageClassName == nil {
            // The retroactive default StorageClass assignment of the PV controller.
            try await simulation.mergePatch("persistentvolumeclaims", namespace: namespace, name: name,
                                            ["spec": ["storageClassName": .string(className)]], status: false)
            return
        }
        guard let storageClass = classes.first(where: { $0.metadata.name == className }), storageClass.provisioner == Self.provisioner else { return }
        guard let request = claim.spec?.resources?.requests?["storage"] else { return }
        let volumeName = claim.spec?.volumeName ?? "pvc-\(claim.metadata.uid ?? name)"
        if volumes[volumeName] == nil {
            let volume: JSONValue = [
                "apiVersion": "v1", "kind": "PersistentVolume",
                "metadata": ["name": .string(volumeName), "annotations": ["pv.kubernetes.io/provisioned-by": .string(Self.provisioner)],
                             "finalizers": ["kubernetes.io/pv-protection"]],
                "spec": ["capacity": ["storage": .string(request.description)],
                         "accessModes": .array((claim.spec?.accessModes ?? ["ReadWriteOnce"]).map(JSONValue.string)),
                         "persistentVolumeReclaimPolicy": .string(storageClass.reclaimPolicy ?? "Delete"),
                         "storageClassName": .string(className), "volumeMode": .string(claim.spec?.volumeMode ?? "Filesystem"),
                         "hostPath": ["path": .string("/var/lib/capstan/volumes/\(volumeName)")],
                         "claimRef": ["apiVersion": "v1", "kind": "PersistentVolumeClaim", "namespace": .string(namespace),
                                      "name": .string(name), "uid": .string(claim.metadata.uid ?? "")]],
            ]
            _ = try await simulation.dynamic("persistentvolumes").create(volume)
            try await simulation.mergePatch("persistentvolumes", namespace: nil, name: volumeName, ["status": ["phase": "Bound"]])
        }
        if claim.spec?.volumeName == nil {
            try await simulation.mergePatch("persistentvolumeclaims", namespace: namespace, name: name, [
                "metadata": ["annotations": ["pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes",
                                             "volume.beta.kubernetes.io/storage-provisioner": .string(Self.provisioner),
                                             "volume.kubernetes.io/storage-provisioner": .string(Self.provisioner)]],
                "spec": ["volumeName": .string(volumeName)],
            ], status: false)
        }
        let capacity = claim.status?.capacity?["storage"]
        if claim.status?.phase != "Bound" {
            try await simulation.mergePatch("persistentvolumeclaims", namespace: namespace, name: name, ["status": [
                "phase": "Bound", "accessModes": .array((claim.spec?.accessModes ?? ["ReadWriteOnce"]).map(JSONValue.string)),
                "capacity": ["storage": .string(request.description)],
            ]])
        } else if let capacity, request > capacity, storageClass.allowVolumeExpansion == true {
            try await expand(claim, volumeName: volumeName, to: request)
        }
    }

    /// Expansion as the resizer and kubelet report it: the claim shows `Resizing`, the volume grows, then the
    /// claim's capacity follows and the condition clears.
    private func expand(_ claim: CoreV1.PersistentVolumeClaim, volumeName: String, to request: Quantity) async throws {
        let namespace = claim.metadata.namespace ?? "default"
        let name = claim.metadata.name ?? ""
        let now = simulation.now().rfc3339
        try await simulation.mergePatch("persistentvolumeclaims", namespace: namespace, name: name, ["status": [
            "conditions": [["type": "Resizing", "status": "True", "lastProbeTime": .null, "lastTransitionTime": .string(now)]],
            "allocatedResources": ["storage": .string(request.description)],
            "allocatedResourceStatuses": ["storage": "ControllerResizeInProgress"],
        ]])
        try await simulation.mergePatch("persistentvolumes", namespace: nil, name: volumeName,
                                        ["spec": ["capacity": ["storage": .string(request.description)]]], status: false)
        try await simulation.mergePatch("persistentvolumeclaims", namespace: namespace, name: name, ["status": [
            "capacity": ["storage": .string(request.description)], "conditions": .null, "allocatedResourceStatuses": .null,
        ]])
    }

    /// The PVC protection controller: a deleted claim keeps its finalizer while a non-terminated Pod uses it.
    private func releaseIfUnused(_ claim: CoreV1.PersistentVolumeClaim) async throws {
        guard let finalizers = claim.metadata.finalizers, finalizers.contains("kubernetes.io/pvc-protection") else { return }
        let namespace = claim.metadata.namespace ?? "default"
        let name = claim.metadata.name ?? ""
        let inUse = simulation.caches.pods.store.list(namespace: namespace).contains { pod in
            !pod.isTerminal && (pod.spec?.volumes ?? []).contains { $0.persistentVolumeClaim?.claimName == name }
        }
        guard !inUse else { return }
        let remaining = finalizers.filter { $0 != "kubernetes.io/pvc-protection" }
        try await simulation.mergePatch("persistentvolumeclaims", namespace: namespace, name: name,
                                        ["metadata": ["finalizers": remaining.isEmpty ? .null : .array(remaining.map(JSONValue.string))]], status: false)
    }

    /// Volumes whose claim is gone are deleted (reclaim policy Delete) or marked Released (Retain).
    private func deleteReleasedVolumes(volumes: [CoreV1.PersistentVolume], claims: [CoreV1.PersistentVolumeClaim]) async {
        let claimUIDs = Set(claims.compactMap(\.metadata.uid))
        for volume in volumes where volume.metadata.annotations?["pv.kubernetes.io/provisioned-by"] == Self.provisioner {
            guard let claimUID = volume.spec?.claimRef?.uid, !claimUIDs.contains(claimUID) else { continue }
            let name = volume.metadata.name ?? ""
            do {
                if volume.spec?.persistentVolumeReclaimPolicy == "Retain" {
                    if volume.status?.phase != "Released" {
                        try await simulation.mergePatch("persistentvolumes", namespace: nil, name: name, ["status": ["phase": "Released"]])
                    }
                } else {
                    if volume.metadata.deletionTimestamp == nil {
                        _ = try await simulation.dynamic("persistentvolumes").delete(name)
                    }
                    try await simulation.mergePatch("persistentvolumes", namespace: nil, name: name,
                                                    ["metadata": ["finalizers": .null]], status: false)
                }
            } catch {
                simulation.logger.debug("volume reclaim failed", metadata: ["volume": "\(name)", "error": "\(error)"])
            }
        }
    }
}
