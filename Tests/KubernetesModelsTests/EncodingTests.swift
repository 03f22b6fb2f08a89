import Foundation
import KubernetesCore
import KubernetesModels
import Testing

@Suite("Model encoding and decoding")
struct EncodingTests {
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func podBuiltInCodeEncodesIdentityAndNoNulls() throws {
        let pod = CoreV1.Pod(
            metadata: ObjectMeta(name: "web", namespace: "kafka"),
            spec: CoreV1.PodSpec(containers: [CoreV1.Container(image: "apache/kafka:4.1.0", name: "broker")]))
        let text = try Self.json(pod)
        #expect(text == #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"kafka"},"spec":{"containers":[{"image":"apache\/kafka:4.1.0","name":"broker"}]}}"#)
        #expect(!text.contains("null"))
    }

    @Test(arguments: [
        (#"{"apiVersion":"apps/v1","kind":"DeploymentList","metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"a"}}]}"#, "apps/v1", "Deployment"),
        (#"{"apiVersion":"v1","kind":"PodList","metadata":{},"items":[{"metadata":{"name":"p"},"spec":{"containers":[]}}]}"#, "v1", "Pod"),
    ])
    func listItemsWithoutIdentityDecode(json: String, apiVersion: String, kind: String) throws {
        if kind == "Deployment" {
            let list = try JSONDecoder().decode(ResourceList<AppsV1.Deployment>.self, from: Data(json.utf8))
            #expect(list.items.map(\.apiVersion) == [apiVersion])
            #expect(list.items.map(\.kind) == [kind])
            #expect(list.metadata.resourceVersion == "7")
        } else {
            let list = try JSONDecoder().decode(ResourceList<CoreV1.Pod>.self, from: Data(json.utf8))
            #expect(list.items.map(\.apiVersion) == [apiVersion])
            #expect(list.items.map(\.kind) == [kind])
            // Re-encoded items carry their identity, so they can be sent back as they are.
            #expect(try Self.json(list.items[0]).hasPrefix(#"{"apiVersion":"v1","kind":"Pod""#))
        }
    }

    @Test func objectWithoutMetadataDecodesWithEmptyMetadata() throws {
        let map = try JSONDecoder().decode(CoreV1.ConfigMap.self, from: Data(#"{"data":{"a":"1"}}"#.utf8))
        #expect(map.metadata == ObjectMeta())
        #expect(map.data == ["a": "1"])
        #expect(map.apiVersion == "v1" && map.kind == "ConfigMap")
    }

    @Test func unknownEnumValuesDecode() throws {
        let json = #"{"spec":{"containers":[{"name":"a","imagePullPolicy":"Sometimes"}]},"status":{"phase":"Hibernating"}}"#
        let pod = try JSONDecoder().decode(CoreV1.Pod.self, from: Data(json.utf8))
        #expect(pod.status?.phase == "Hibernating")
        #expect(pod.spec?.containers.first?.imagePullPolicy == "Sometimes")
    }

    @Test func missingRequiredFieldIsAnErrorNamingIt() throws {
        let json = #"{"spec":{"containers":[{"image":"x"}]}}"#
        #expect {
            try JSONDecoder().decode(CoreV1.Pod.self, from: Data(json.utf8))
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _)? = error as? DecodingError else { return false }
            return key.stringValue == "name"
        }
    }

    @Test func quantitiesAndIntOrStringKeepTheirWireForm() throws {
        let json = #"{"containers":[{"name":"a","resources":{"limits":{"cpu":"500m","memory":"1Gi"}},"ports":[{"containerPort":9092}],"readinessProbe":{"tcpSocket":{"port":"kafka"}}}]}"#
        let spec = try JSONDecoder().decode(CoreV1.PodSpec.self, from: Data(json.utf8))
        let container = try #require(spec.containers.first)
        #expect(container.resources?.limits?["memory"] == Quantity(integer: 1 << 30, format: .binarySI))
        #expect(container.readinessProbe?.tcpSocket?.port == .string("kafka"))
        let original = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        let reencoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(spec))
        #expect(JSONTreeDiff.differences(original: original, reencoded: reencoded).isEmpty)
    }

    @Test func recursiveJSONSchemaPropsRoundTrip() throws {
        let json = #"""
            {"type":"object","$ref":"#/defs/a","x-kubernetes-preserve-unknown-fields":true,
             "properties":{"tags":{"type":"array","items":{"type":"string"}},
                           "tuple":{"type":"array","items":[{"type":"string"},{"type":"integer"}]}},
             "additionalProperties":false,
             "dependencies":{"a":["b"],"c":{"required":["d"]}},
             "not":{"required":["forbidden"],"not":{"type":"string"}}}
            """#
        let schema = try JSONDecoder().decode(ApiextensionsV1.JSONSchemaProps.self, from: Data(json.utf8))
        #expect(schema.ref == "#/defs/a")
        #expect(schema.xKubernetesPreserveUnknownFields == true)
        #expect(schema.not?.required == ["forbidden"])
        #expect(schema.not?.not?.type == "string")
        #expect(schema.additionalProperties == .allowed(false))
        #expect(schema.dependencies?["a"] == .properties(["b"]))
        guard case .schemas(let tuple)? = schema.properties?["tuple"]?.items else {
            Issue.record("positional items did not decode as an array of schemas")
            return
        }
        #expect(tuple.map(\.type) == ["string", "integer"])
        let original = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        let reencoded = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(schema))
        #expect(JSONTreeDiff.differences(original: original, reencoded: reencoded).isEmpty)

        var built = ApiextensionsV1.JSONSchemaProps(type: "object")
        built.not = ApiextensionsV1.JSONSchemaProps(required: ["x"])
        #expect(try Self.json(built) == #"{"not":{"required":["x"]},"type":"object"}"#)
    }

    @Test func requestBodiesOfMetaKinds() throws {
        let options = MetaV1.DeleteOptions(
            apiVersion: "v1", kind: "DeleteOptions",
            preconditions: MetaV1.Preconditions(resourceVersion: "42", uid: "u-1"),
            propagationPolicy: "Foreground")
        #expect(try Self.json(options) == #"{"apiVersion":"v1","kind":"DeleteOptions","preconditions":{"resourceVersion":"42","uid":"u-1"},"propagationPolicy":"Foreground"}"#)
    }
}

/// JSONValue's decoding was reordered for speed (objects first); its results must not change.
@Suite("JSONValue decoding")
struct JSONValueDecodingTests {
    @Test func everyJSONTypeDecodesToTheSameCase() throws {
        let json = #"{"null":null,"t":true,"f":false,"int":9007199254740993,"neg":-3,"double":1.5,"text":"1","empty":{},"list":[null,[],{"a":[1]},"x"]}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        let expected: JSONValue = [
            "null": nil, "t": true, "f": false, "int": .integer(9_007_199_254_740_993), "neg": -3, "double": 1.5,
            "text": "1", "empty": [:], "list": [nil, [], ["a": [1]], "x"],
        ]
        #expect(value == expected)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("null".utf8)) == .null)
        #expect(try JSONDecoder().decode(JSONValue.self, from: Data("2.0".utf8)).doubleValue == 2)
    }
}
