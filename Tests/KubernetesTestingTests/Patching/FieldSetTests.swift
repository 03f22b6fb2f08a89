import KubernetesCore
import Testing

@testable import KubernetesTesting

@Suite struct FieldSetTests {
    @Test func fieldsV1RoundTripWithKeysValuesAndSelfMarkers() throws {
        let fieldsV1: JSONValue = [
            "f:metadata": ["f:labels": [".": [:], "f:app": [:]], "f:finalizers": [".": [:], "v:\"example.dev/cleanup\"": [:]]],
            "f:spec": ["f:containers": [
                "k:{\"name\":\"app\"}": [".": [:], "f:image": [:], "f:ports": [
                    ".": [:], "k:{\"containerPort\":8080,\"protocol\":\"TCP\"}": [".": [:], "f:containerPort": [:]],
                ]],
            ]],
        ]
        let set = try FieldSet(fieldsV1: fieldsV1)
        #expect(set.fieldsV1 == fieldsV1)
        let port: FieldPath = [
            .field("spec"), .field("containers"), .key([.init(name: "name", value: "app")]), .field("ports"),
            .key([.init(name: "containerPort", value: 8080), .init(name: "protocol", value: "TCP")]),
        ]
        #expect(set.contains(port))
        #expect(set.contains([.field("metadata"), .field("labels")]))
        #expect(!set.contains([.field("metadata")]))
        #expect(port.pathDescription == ".spec.containers[name=\"app\"].ports[containerPort=8080,protocol=\"TCP\"]")
    }

    @Test func setAlgebraTreatsMembersAndChildrenIndependently() {
        let a = FieldSet(paths: [[.field("data")], [.field("data"), .field("a")], [.field("data"), .field("b")]])
        let b = FieldSet(paths: [[.field("data"), .field("a")]])
        #expect(a.subtracting(b) == FieldSet(paths: [[.field("data")], [.field("data"), .field("b")]]))
        #expect(a.intersection(b) == b)
        #expect(b.union(FieldSet(paths: [[.field("x")]])).paths == [[.field("x")], [.field("data"), .field("a")]])
        #expect(FieldSet(paths: [[.field("data")]]).subtracting(b).contains([.field("data")]))
    }

    @Test func keysEscapeLikeGo() {
        #expect(FieldPathElement.value("a<b>&\"c\"").fieldsV1Key == "v:\"a\\u003cb\\u003e\\u0026\\\"c\\\"\"")
    }

    @Test func malformedFieldsV1IsRejected() {
        #expect(throws: PatchError.self) { try FieldSet(fieldsV1: ["x:oops": [:]]) }
        #expect(throws: PatchError.self) { try FieldSet(fieldsV1: ["f:a": "not an object"]) }
    }
}
