import Foundation
import KubernetesCore
import KubernetesModels
import Testing

/// Bodies copied from the recordings (Fixtures/), so that decoding is tested on real API server output
/// even on machines without ../shared.
@Suite("Recorded fixtures")
struct FixtureDecodingTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: TestPaths.fixtures.appendingPathComponent(name))
    }

    /// Decodes a fixture as `T`, re-encodes it, and requires the JSON tree to be unchanged.
    static func roundTrip<T: Codable>(_ type: T.Type, _ name: String) throws -> T {
        let data = try fixture(name)
        let value = try JSONDecoder().decode(T.self, from: data)
        let original = try JSONDecoder().decode(JSONValue.self, from: data)
        let reencoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
        let differences = JSONTreeDiff.differences(original: original, reencoded: reencoded)
        #expect(differences.isEmpty, "\(name) as \(T.self): \(differences.map(\.description).joined(separator: "; "))")
        return value
    }

    @Test func podWithManagedFieldsAndDefaults() throws {
        let pod = try Self.roundTrip(CoreV1.Pod.self, "pod.json")
        #expect(pod.metadata.name == "web")
        #expect(pod.spec?.containers.first?.ports?.first?.containerPort == 8080)
        #expect(pod.status?.phase == "Pending")
        #expect(pod.metadata.managedFields?.first?.fieldsV1?["f:spec"] != nil)
    }

    @Test func statefulSetWithVolumeClaimTemplates() throws {
        let set = try Self.roundTrip(AppsV1.StatefulSet.self, "statefulset.json")
        #expect(set.spec?.volumeClaimTemplates?.isEmpty == false)
        #expect(set.spec?.volumeClaimTemplates?.first?.spec?.resources?.requests?["storage"] != nil)
    }

    @Test func deployment() throws {
        let deployment = try Self.roundTrip(AppsV1.Deployment.self, "deployment.json")
        #expect(deployment.spec?.template.spec?.containers.isEmpty == false)
        #expect(deployment.spec?.strategy?.rollingUpdate?.maxSurge != nil)
    }

    @Test func customResourceDefinitionWithNestedSchema() throws {
        let crd = try Self.roundTrip(ApiextensionsV1.CustomResourceDefinition.self, "customresourcedefinition.json")
        let schema = try #require(crd.spec?.versions.first?.schema?.openAPIV3Schema)
        let spec = try #require(schema.properties?["spec"])
        #expect(spec.required == ["version"])
        #expect(spec.properties?["replicas"]?.default == .integer(3))
        #expect(spec.properties?["version"]?.enum == ["3.9.0", "4.0.0", "4.1.0"])
        #expect(spec.xKubernetesValidations?.first?.message == "controllers must be odd")
    }

    @Test func invalidStatusWithCauses() throws {
        let status = try Self.roundTrip(KubernetesCore.Status.self, "status-invalid.json")
        #expect(status.code == 422)
        #expect(status.details?.causes?.first?.field == "metadata.name")
    }

    @Test func leaseWithMicroTimes() throws {
        let lease = try Self.roundTrip(CoordinationV1.Lease.self, "lease.json")
        #expect(lease.spec?.holderIdentity != nil)
        #expect(lease.spec?.renewTime != nil)
    }

    @Test func listsDecodeAsResourceLists() throws {
        let events = try Self.roundTrip(ResourceList<EventsV1.Event>.self, "events-v1-eventlist.json")
        #expect(!events.items.isEmpty)
        #expect(events.items.allSatisfy { $0.apiVersion == "events.k8s.io/v1" && $0.kind == "Event" })
        let page = try Self.roundTrip(ResourceList<CoreV1.ConfigMap>.self, "configmap-list-page.json")
        #expect(page.metadata.continue?.isEmpty == false)
        #expect(page.metadata.remainingItemCount != nil)
        let slices = try Self.roundTrip(ResourceList<DiscoveryV1.EndpointSlice>.self, "endpointslice-list.json")
        #expect(slices.items.first?.addressType != nil)
    }

    @Test func discoveryResourceList() throws {
        let resources = try Self.roundTrip(MetaV1.APIResourceList.self, "apiresourcelist-v1.json")
        let pods = try #require(resources.resources.first { $0.name == "pods" })
        #expect(pods.namespaced == true)
        #expect(pods.kind == "Pod")
    }

    @Test func watchLinesDecodeInOnePass() throws {
        struct Event<Object: Codable>: Codable {
            var type: String
            var object: Object
        }
        let text = String(decoding: try Self.fixture("watch-configmaps.jsonl"), as: UTF8.self)
        let lines = text.split(separator: "\n")
        #expect(lines.count > 1)
        for line in lines {
            let event = try JSONDecoder().decode(Event<CoreV1.ConfigMap>.self, from: Data(line.utf8))
            #expect(event.object.kind == "ConfigMap")
            #expect(event.object.metadata.resourceVersion != nil)
        }
    }
}
