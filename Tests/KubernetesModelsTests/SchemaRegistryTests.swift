import KubernetesCore
import KubernetesModels
import Testing

@Suite("Schema metadata and resource registry")
struct SchemaRegistryTests {
    let registry = KubernetesSchemas.builtIn

    @Test func podSpecContainersMergeByName() throws {
        let pod = try #require(registry.rootSchema(for: GroupVersionKind(group: "", version: "v1", kind: "Pod")))
        #expect(pod.name == "CoreV1.Pod")
        let spec = try #require(pod.fields["spec"].flatMap(registry.schema(of:)))
        let containers = try #require(spec.fields["containers"])
        #expect(containers.shape == .array(.object("CoreV1.Container"), listType: .map, mapKeys: ["name"]))
        #expect(containers.patchMergeKey == "name")
        #expect(containers.mergesByKey)
        #expect(containers.isRequired)
        #expect(spec.fields["nodeSelector"]?.shape == .map(.scalar(.string), mapType: .atomic))
    }

    @Test func objectMetaSchemaComesFromTheDocumentsToo() throws {
        let meta = try #require(registry.schema(named: "MetaV1.ObjectMeta"))
        #expect(meta.fields["finalizers"]?.shape == .array(.scalar(.string), listType: .set))
        #expect(meta.fields["ownerReferences"]?.shape == .array(.object("MetaV1.OwnerReference"), listType: .map, mapKeys: ["uid"]))
        #expect(meta.fields["ownerReferences"]?.patchMergeKey == "uid")
        #expect(meta.fields["creationTimestamp"]?.shape == .scalar(.time))
        #expect(registry.schema(named: "MetaV1.ManagedFieldsEntry")?.fields["fieldsV1"]?.shape == .untyped)
    }

    @Test func atomicStructsAndRetainKeys() throws {
        #expect(registry.schema(named: "CoreV1.LocalObjectReference")?.isAtomic == true)
        let deploymentSpec = try #require(registry.schema(named: "AppsV1.DeploymentSpec"))
        #expect(deploymentSpec.fields["strategy"]?.patchStrategy == "retainKeys")
        #expect(registry.schema(named: "CoreV1.Volume") != nil)
    }

    @Test func everyReferencedSchemaExists() {
        for (name, type) in registry.types {
            for (field, schema) in type.fields {
                if case .object = schema.shape.innermost {
                    #expect(registry.schema(of: schema) != nil, "\(name).\(field) references a missing schema")
                }
            }
        }
        for (kind, root) in registry.roots {
            #expect(registry.types[root] != nil, "root \(root) of \(kind) has no schema")
        }
    }

    @Test(arguments: [
        ("", "v1", "Pod", "pods", ResourceScope.namespaced),
        ("", "v1", "Namespace", "namespaces", .cluster),
        ("", "v1", "Node", "nodes", .cluster),
        ("", "v1", "PersistentVolume", "persistentvolumes", .cluster),
        ("", "v1", "Endpoints", "endpoints", .namespaced),
        ("apps", "v1", "StatefulSet", "statefulsets", .namespaced),
        ("events.k8s.io", "v1", "Event", "events", .namespaced),
        ("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", .cluster),
        ("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", .cluster),
        ("storage.k8s.io", "v1", "StorageClass", "storageclasses", .cluster),
        ("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", .namespaced),
    ])
    func resourceRegistryHasPluralAndScope(group: String, version: String, kind: String, plural: String, scope: ResourceScope) throws {
        let entry = try #require(BuiltInResources.byGroupVersionKind[GroupVersionKind(group: group, version: version, kind: kind)])
        #expect(entry.type.plural == plural)
        #expect(entry.scope == scope)
        #expect(BuiltInResources.byGroupVersionResource[entry.groupVersionResource]?.type == entry.type)
    }

    @Test func subresources() throws {
        #expect(BuiltInResources.byGroupVersionKind[CoreV1.Pod.groupVersionKind]?.subresources.contains("status") == true)
        #expect(BuiltInResources.byGroupVersionKind[AppsV1.StatefulSet.groupVersionKind]?.subresources.contains("scale") == true)
        #expect(BuiltInResources.byGroupVersionKind[CoreV1.ConfigMap.groupVersionKind]?.subresources == [])
        #expect(BuiltInResources.types.count == Set(BuiltInResources.types.map(\.groupVersionKind)).count)
    }
}

extension FieldShape {
    var innermost: FieldShape {
        switch self {
        case .array(let element, _, _): return element.innermost
        case .map(let value, _): return value.innermost
        default: return self
        }
    }
}
