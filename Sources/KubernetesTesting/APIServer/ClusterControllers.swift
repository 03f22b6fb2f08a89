import Foundation
import KubernetesCore

/// The kube-controller-manager parts an API server client observes: the garbage collector
/// (ownerReferences; background, foreground and orphan deletion), the namespace lifecycle (default
/// ConfigMap and ServiceAccount; cascading deletion of a terminating namespace) and CRD establishment
/// and cleanup.
///
/// It runs a reconcile pass over the store after every change (coalesced), after a short delay so
/// that clients can see intermediate states, exactly as they would on a real cluster.
final class ClusterControllers: Sendable {
    let store: ObjectStore
    let delay: Duration
    private let signal: AsyncStream<Void>
    private let signalContinuation: AsyncStream<Void>.Continuation

    /// What every namespace's `kube-root-ca.crt` ConfigMap holds as `ca.crt`.
    let certificateAuthorityPEM: String

    init(store: ObjectStore, delay: Duration, certificateAuthorityPEM: String = "") {
        self.store = store
        self.delay = delay
        self.certificateAuthorityPEM = certificateAuthorityPEM
        (signal, signalContinuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// Asks for a reconcile pass (cheap; many calls coalesce into one pass).
    func notify() { signalContinuation.yield() }

    func run() async {
        notify()
        for await _ in signal {
            // Not polling: woken by a write, then a short settle delay so a burst of writes is one pass and
            // controller work lags the write as it does on a real cluster (tests observe that ordering).
            do { try await Task.sleep(for: delay) } catch { return }
            // A pass that changed something may have unblocked more work (dependents of dependents).
            var rounds = 0
            while reconcilePass(now: Date()), rounds < 50 {
                rounds += 1
                do { try await Task.sleep(for: delay) } catch { return }
            }
        }
    }

    private func resource(_ storageKey: String, in catalog: ResourceCatalog) -> ServedResource? {
        catalog.resources.first { $0.storageKey == storageKey }
    }

    /// One pass over every object; returns true when it wrote anything.
    func reconcilePass(now: Date) -> Bool {
        let catalog = store.catalog()
        let objects = store.allObjects()
        var changed = false
        var dependents: [String: [(String, JSONValue)]] = [:]
        for (storageKey, object) in objects {
            for owner in object[path: ["metadata", "ownerReferences"]]?.arrayValue ?? [] {
                if let uid = owner["uid"]?.stringValue { dependents[uid, default: []].append((storageKey, object)) }
            }
        }
        for (storageKey, object) in objects {
            guard let resource = resource(storageKey, in: catalog) else { continue }
            let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
            let namespace = object[path: ["metadata", "namespace"]]?.stringValue
            let uid = object[path: ["metadata", "uid"]]?.stringValue ?? ""
            let finalizers = object[path: ["metadata", "finalizers"]]?.arrayValue?.compactMap(\.stringValue) ?? []
            let deleting = object[path: ["metadata", "deletionTimestamp"]] != nil

            if storageKey == "/namespaces" {
                changed = reconcileNamespace(object, resource: resource, catalog: catalog, objects: objects, now: now) || changed
            }
            if storageKey == "apiextensions.k8s.io/customresourcedefinitions" {
                changed = reconcileDefinition(object, resource: resource, catalog: catalog, now: now) || changed
            }
            if deleting, finalizers.contains("foregroundDeletion") {
                let blocking = dependents[uid] ?? []
                if blocking.isEmpty {
                    changed = removeFinalizer("foregroundDeletion", resource: resource, namespace: namespace, name: name) || changed
                } else {
                    for (dependentKey, dependent) in blocking {
                        changed = deleteObject(dependent, storageKey: dependentKey, catalog: catalog, now: now) || changed
                    }
                }
            }
            if deleting, finalizers.contains("orphan") {
                for (dependentKey, dependent) in dependents[uid] ?? [] {
                    changed = stripOwner(uid, from: dependent, storageKey: dependentKey, catalog: catalog) || changed
                }
                changed = removeFinalizer("orphan", resource: resource, namespace: namespace, name: name) || changed
            }
            // Dependents whose owners are all gone are collected (background deletion).
            // Re-read: this pass may already have orphaned it (ownerReferences stripped).
            let owners = store.object(uid: uid)?[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
            if !owners.isEmpty, !deleting {
                let ownerUIDs = owners.compactMap { $0["uid"]?.stringValue }
                if ownerUIDs.allSatisfy({ store.object(uid: $0) == nil }), let current = store.object(uid: uid) {
                    changed = deleteObject(current, storageKey: storageKey, catalog: catalog, now: now) || changed
                }
            }
        }
        return changed
    }

    private func reconcileNamespace(_ namespace: JSONValue, resource: ServedResource, catalog: ResourceCatalog, objects: [(storageKey: String, object: JSONValue)], now: Date) -> Bool {
        let name = namespace[path: ["metadata", "name"]]?.stringValue ?? ""
        let contents = objects.filter { $0.storageKey != "/namespaces" && $0.object[path: ["metadata", "namespace"]]?.stringValue == name }
        if namespace[path: ["metadata", "deletionTimestamp"]] == nil {
            var changed = false
            if let configMaps = self.resource("/configmaps", in: catalog), !contents.contains(where: { $0.storageKey == "/configmaps" && $0.object[path: ["metadata", "name"]] == "kube-root-ca.crt" }) {
                let configMap: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "kube-root-ca.crt", "annotations": [
                    "kubernetes.io/description": "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.",
                ]], "data": ["ca.crt": .string(certificateAuthorityPEM)]]
                changed = createObject(configMap, resource: configMaps, namespace: name, now: now) || changed
            }
            if let accounts = self.resource("/serviceaccounts", in: catalog), !contents.contains(where: { $0.storageKey == "/serviceaccounts" && $0.object[path: ["metadata", "name"]] == "default" }) {
                changed = createObject(["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "default"]], resource: accounts, namespace: name, now: now) || changed
            }
            return changed
        }
        if contents.isEmpty {
            // Empty: the namespace finalizer is done; the namespace goes away.
            return (try? store.write(resource, namespace: nil, name: name) { current, _ throws(APIError) in
                guard let current else { throw APIError.notFound(resource, name: name) }
                return .delete(current)
            }) != nil
        }
        var changed = false
        for (storageKey, object) in contents where object[path: ["metadata", "deletionTimestamp"]] == nil {
            changed = deleteObject(object, storageKey: storageKey, catalog: catalog, now: now) || changed
        }
        return changed
    }

    private func reconcileDefinition(_ crd: JSONValue, resource: ServedResource, catalog: ResourceCatalog, now: Date) -> Bool {
        let name = crd[path: ["metadata", "name"]]?.stringValue ?? ""
        if crd[path: ["metadata", "deletionTimestamp"]] != nil {
            // Cleanup: delete every custom resource, then release the CRD.
            let served = catalog.resources.filter { $0.definedBy == name }
            var changed = false
            if let storageKey = served.first?.storageKey {
                for (_, object) in store.snapshot(storageKey: storageKey, namespace: nil).items where object[path: ["metadata", "deletionTimestamp"]] == nil {
                    changed = deleteObject(object, storageKey: storageKey, catalog: catalog, now: now) || changed
                }
                if !store.snapshot(storageKey: storageKey, namespace: nil).items.isEmpty { return changed }
            }
            changed = removeFinalizer(CustomResourceServing.cleanupFinalizer, resource: resource, namespace: nil, name: name) || changed
            if store.get(resource, namespace: nil, name: name) == nil { store.mutateCatalog { $0.stopServing(definedBy: name) } }
            return changed
        }
        guard !CustomResourceServing.isEstablished(crd) else { return false }
        return (try? store.write(resource, namespace: nil, name: name) { current, _ throws(APIError) in
            guard let current else { throw APIError.notFound(resource, name: name) }
            // The apiextensions controllers write status as kube-apiserver (their managedFields entry).
            let established = try WriteRules.recordUpdate(
                live: current, updated: CustomResourceServing.established(current, now: now), resource: resource,
                subresource: "status", manager: "kube-apiserver", catalog: catalog, now: now)
            return .update(established)
        }) != nil
    }

    /// The manager name the controllers' writes are recorded under in managedFields.
    static let manager = "kube-controller-manager"

    private func createObject(_ object: JSONValue, resource: ServedResource, namespace: String, now: Date) -> Bool {
        var object = object
        Admission.initializeMetadata(&object, resource: resource, namespace: namespace, now: now)
        if let owned = try? WriteRules.recordUpdate(live: nil, updated: object, resource: resource, subresource: nil,
                                                    manager: Self.manager, catalog: store.catalog(), now: now) {
            object = owned
        }
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        return (try? store.write(resource, namespace: namespace, name: name) { current, _ throws(APIError) in
            if current != nil { throw APIError.alreadyExists(resource, name: name) }
            return .create(object)
        }) != nil
    }

    /// Deletes like a Background delete request: at once, or marked when the object has finalizers.
    private func deleteObject(_ object: JSONValue, storageKey: String, catalog: ResourceCatalog, now: Date) -> Bool {
        guard let resource = resource(storageKey, in: catalog) else { return false }
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        let namespace = object[path: ["metadata", "namespace"]]?.stringValue
        let uid = object[path: ["metadata", "uid"]]?.stringValue
        return (try? store.write(resource, namespace: namespace, name: name) { current, _ throws(APIError) in
            guard let current, current[path: ["metadata", "uid"]]?.stringValue == uid,
                  current[path: ["metadata", "deletionTimestamp"]] == nil else { throw APIError.notFound(resource, name: name) }
            let options = try RequestEngine.DeleteRequest(ServerRequest(method: "DELETE", uri: "/", headers: [], body: []))
            return try RequestEngine.decideDelete(current, resource: resource, options: options, now: now)
        }) != nil
    }

    private func removeFinalizer(_ finalizer: String, resource: ServedResource, namespace: String?, name: String) -> Bool {
        (try? store.write(resource, namespace: namespace, name: name) { current, _ throws(APIError) in
            guard var current else { throw APIError.notFound(resource, name: name) }
            var finalizers = current[path: ["metadata", "finalizers"]]?.arrayValue ?? []
            guard finalizers.contains(.string(finalizer)) else { throw APIError.notFound(resource, name: name) }
            finalizers.removeAll { $0 == .string(finalizer) }
            current["metadata"]?["finalizers"] = finalizers.isEmpty ? Optional<JSONValue>.none : .array(finalizers)
            if finalizers.isEmpty, current[path: ["metadata", "deletionTimestamp"]] != nil { return .delete(current) }
            return .update(current)
        }) != nil
    }

    private func stripOwner(_ ownerUID: String, from object: JSONValue, storageKey: String, catalog: ResourceCatalog) -> Bool {
        guard let resource = resource(storageKey, in: catalog) else { return false }
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        let namespace = object[path: ["metadata", "namespace"]]?.stringValue
        return (try? store.write(resource, namespace: namespace, name: name) { current, _ throws(APIError) in
            guard let current else { throw APIError.notFound(resource, name: name) }
            var orphaned = current
            let owners = (current[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).filter { $0["uid"]?.stringValue != ownerUID }
            orphaned["metadata"]?["ownerReferences"] = owners.isEmpty ? Optional<JSONValue>.none : .array(owners)
            // Removed fields leave every owner's managedFields entry; a removal alone adds no entry.
            return .update(try WriteRules.recordUpdate(live: current, updated: orphaned, resource: resource, subresource: nil,
                                                       manager: Self.manager, catalog: catalog, now: Date()))
        }) != nil
    }
}
