import Foundation
import KubernetesCore
import KubernetesModels

/// Turns a CustomResourceDefinition into served resources (one per served version), and back.
enum CustomResourceServing {
    static let cleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io"

    static func servedResources(from crd: JSONValue) -> [ServedResource] {
        let name = crd[path: ["metadata", "name"]]?.stringValue ?? ""
        guard let spec = crd["spec"], let group = spec["group"]?.stringValue,
              let plural = spec[path: ["names", "plural"]]?.stringValue, let kind = spec[path: ["names", "kind"]]?.stringValue else { return [] }
        let strings: (JSONValue?) -> [String] = { $0?.arrayValue?.compactMap(\.stringValue) ?? [] }
        let storageVersion = (spec["versions"]?.arrayValue ?? []).first { $0["storage"]?.boolValue ?? false }?["name"]?.stringValue
        return (spec["versions"]?.arrayValue ?? []).filter { $0["served"]?.boolValue ?? false }.map { version in
            var subresources: [String] = []
            var scale: ServedResource.ScalePaths?
            if version[path: ["subresources", "status"]] != nil { subresources.append("status") }
            if let scalePaths = version[path: ["subresources", "scale"]] {
                subresources.append("scale")
                func trim(_ path: String?) -> String? { path.map { $0.hasPrefix(".") ? String($0.dropFirst()) : $0 } }
                scale = ServedResource.ScalePaths(specReplicas: trim(scalePaths["specReplicasPath"]?.stringValue) ?? "spec.replicas",
                                                  statusReplicas: trim(scalePaths["statusReplicasPath"]?.stringValue) ?? "status.replicas",
                                                  labelSelector: trim(scalePaths["labelSelectorPath"]?.stringValue))
            }
            return ServedResource(
                group: group, version: version["name"]?.stringValue ?? "v1", plural: plural, kind: kind,
                singular: spec[path: ["names", "singular"]]?.stringValue ?? kind.lowercased(),
                namespaced: spec["scope"]?.stringValue != "Cluster", subresources: subresources,
                shortNames: strings(spec[path: ["names", "shortNames"]]), categories: strings(spec[path: ["names", "categories"]]),
                definedBy: name, scale: scale, customStorageVersion: storageVersion,
                // The apiextensions discovery controller lists a custom resource's verbs in this order.
                verbs: ["delete", "deletecollection", "get", "list", "patch", "create", "update", "watch"])
        }
    }

    /// Serves (or stops serving) what a CRD defines, right after it is written.
    static func reconcile(_ crd: JSONValue, store: ObjectStore) {
        let name = crd[path: ["metadata", "name"]]?.stringValue ?? ""
        let exists = store.state.withLock { $0.collections["apiextensions.k8s.io/customresourcedefinitions"]?[ObjectStore.objectKey(namespace: nil, name: name)] != nil }
        if exists {
            let served = servedResources(from: crd)
            var schemas: [String: CustomResourceSchemaBundle] = [:]
            if let definition = WriteRules.decodeDefinition(crd) {
                for resource in served {
                    guard let schema = try? CustomResourceSchema(crd: definition, version: resource.version) else { continue }
                    var registry = KubernetesSchemas.builtIn
                    registry.merge(schema.registry)
                    schemas["\(resource.group)/\(resource.version)/\(resource.plural)"] =
                        CustomResourceSchemaBundle(schema: schema, registry: registry, rootName: "\(resource.group)/\(resource.version).\(resource.kind)")
                }
            }
            store.mutateCatalog { $0.serve(served, schemas: schemas, definedBy: name) }
        } else {
            store.mutateCatalog { $0.stopServing(definedBy: name) }
        }
    }

    /// Defaults and initial status the CRD registry strategy sets on create.
    static func defaultDefinition(_ crd: inout JSONValue) {
        let stored = (crd[path: ["spec", "versions"]]?.arrayValue ?? []).filter { $0["storage"]?.boolValue ?? false }.compactMap { $0["name"] }
        crd["status"] = ["acceptedNames": ["kind": "", "plural": ""], "conditions": .null, "storedVersions": .array(stored)]
    }

    /// What the establishing controller writes: accepted names and the NamesAccepted/Established conditions.
    static func established(_ crd: JSONValue, now: Date) -> JSONValue {
        var updated = crd
        let time = JSONValue.string(Timestamps.seconds(now))
        updated.setValue(crd[path: ["spec", "names"]] ?? [:], at: ["status", "acceptedNames"])
        updated.setValue([
            ["type": "NamesAccepted", "status": "True", "reason": "NoConflicts", "message": "no conflicts found", "lastTransitionTime": time],
            ["type": "Established", "status": "True", "reason": "InitialNamesAccepted", "message": "the initial names have been accepted", "lastTransitionTime": time],
        ], at: ["status", "conditions"])
        return updated
    }

    static func isEstablished(_ crd: JSONValue) -> Bool {
        (crd[path: ["status", "conditions"]]?.arrayValue ?? []).contains { $0["type"] == "Established" && $0["status"] == "True" }
    }
}
