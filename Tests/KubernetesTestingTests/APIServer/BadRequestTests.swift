import Foundation
import KubernetesClient
import KubernetesCore
import KubernetesTesting
import Testing

/// Bad requests get the real server's status codes, reasons and messages (those recorded from
/// kube-apiserver 1.36 in ../shared/kubernetes/recordings, and the decoder's wording for the rest), so a
/// client's error handling is exercised here as it would be against a cluster. Runs without ../shared.
struct BadRequestTests {
    static let configMaps = "/api/v1/namespaces/default/configmaps"
    static let json = ["Content-Type": "application/json"]

    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: JSONValue

        var reason: String? { body["reason"]?.stringValue }
        var message: String { body["message"]?.stringValue ?? "" }
    }

    static func withServer(_ body: (AsyncHTTPClientTransport) async throws -> Void) async throws {
        try await ServerTransport.with { _, transport in try await body(transport) }
    }

    static func send(_ transport: AsyncHTTPClientTransport, _ method: APIRequest.Method, _ path: String, query: [QueryItem] = [],
                     contentType: String = "application/json", body: String? = nil) async throws -> Answer {
        let response = try await transport.send(
            APIRequest(method: method, path: path, query: query, headers: ["Content-Type": contentType], body: body.map { Array($0.utf8) }),
            timeout: .seconds(10))
        let value = (try? JSONDecoder().decode(JSONValue.self, from: Data(response.body))) ?? .string(String(decoding: response.body, as: UTF8.self))
        return Answer(status: response.status, headers: response.headers, body: value)
    }

    @Test func malformedJSONIsABadRequestNamingTheExpectedType() async throws {
        try await Self.withServer { transport in
            let truncated = try await Self.send(transport, .post, Self.configMaps, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"broken""#)
            #expect(truncated.status == 400)
            #expect(truncated.reason == "BadRequest")
            #expect(truncated.message.hasPrefix("the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: unexpected end of JSON input ("), "\(truncated.message)")

            let array = try await Self.send(transport, .post, Self.configMaps, body: #"["not","an","object"]"#)
            #expect(array.status == 400)
            #expect(array.reason == "BadRequest")
            #expect(array.message.contains("json: cannot unmarshal array into Go value of type struct"), "\(array.message)")
        }
    }

    @Test func unknownFieldsFollowFieldValidation() async throws {
        let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"NAME","bogus":1},"data":{"k":"v"},"spec":{"foo":"bar"}}"#
        try await Self.withServer { transport in
            let strict = try await Self.send(transport, .post, Self.configMaps, query: [QueryItem("fieldValidation", "Strict")], body: body.replacingOccurrences(of: "NAME", with: "strict"))
            #expect(strict.status == 400)
            #expect(strict.reason == "BadRequest")
            #expect(strict.message == #"ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.bogus", unknown field "spec""#)

            let warn = try await Self.send(transport, .post, Self.configMaps, query: [QueryItem("fieldValidation", "Warn")], body: body.replacingOccurrences(of: "NAME", with: "warn"))
            #expect(warn.status == 201)
            #expect(warn.headers["warning"]?.contains(#"299 - "unknown field \"metadata.bogus\"""#) == true, "\(warn.headers)")
            #expect(warn.headers["warning"]?.contains(#"299 - "unknown field \"spec\"""#) == true, "\(warn.headers)")
            #expect(warn.body["spec"] == nil)
            #expect(warn.body[path: ["metadata", "bogus"]] == nil)

            // Without fieldValidation the server warns, as with Warn.
            let unset = try await Self.send(transport, .post, Self.configMaps, body: body.replacingOccurrences(of: "NAME", with: "unset"))
            #expect(unset.status == 201)
            #expect(unset.headers["warning"]?.contains("unknown field") == true)

            let ignore = try await Self.send(transport, .post, Self.configMaps, query: [QueryItem("fieldValidation", "Ignore")], body: body.replacingOccurrences(of: "NAME", with: "ignore"))
            #expect(ignore.status == 201)
            #expect(ignore.headers["warning"] == nil)

            let duplicate = try await Self.send(transport, .post, Self.configMaps, query: [QueryItem("fieldValidation", "Strict")],
                                                body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup"},"data":{"k":"first"},"data":{"k":"second"}}"#)
            #expect(duplicate.status == 400)
            #expect(duplicate.message == #"ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "data""#)

            // A replace is held to the same rules as a create.
            let replaced = try await Self.send(transport, .put, Self.configMaps + "/ignore", query: [QueryItem("fieldValidation", "Strict")],
                                               body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ignore"},"extra":true}"#)
            #expect(replaced.status == 400)
            #expect(replaced.message == #"ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "extra""#)
        }
    }

    @Test func unsupportedContentTypesAre415() async throws {
        try await Self.withServer { transport in
            let text = try await Self.send(transport, .post, Self.configMaps, contentType: "text/plain", body: "name: x")
            #expect(text.status == 415)
            #expect(text.reason == "UnsupportedMediaType")
            #expect(text.message == "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf")

            let yaml = try await Self.send(transport, .post, Self.configMaps, contentType: "application/yaml", body: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\n")
            #expect(yaml.status == 201)

            // PATCH needs a patch media type: plain JSON is not one.
            let patch = try await Self.send(transport, .patch, Self.configMaps + "/from-yaml", contentType: "application/json", body: #"{"data":{"k":"v"}}"#)
            #expect(patch.status == 415)
            #expect(patch.reason == "UnsupportedMediaType")
        }
    }

    @Test func bodiesOfAnotherKindOrVersionAreRejected() async throws {
        try await Self.withServer { transport in
            let otherKind = try await Self.send(transport, .post, Self.configMaps, body: #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"wrong-kind"}}"#)
            #expect(otherKind.status == 400)
            #expect(otherKind.message == #"Secret in version "v1" cannot be handled as a ConfigMap: converting (v1.Secret) to (core.ConfigMap): unknown conversion"#)

            let otherVersion = try await Self.send(transport, .post, Self.configMaps, body: #"{"apiVersion":"v2","kind":"ConfigMap","metadata":{"name":"v2"}}"#)
            #expect(otherVersion.status == 400)
            #expect(otherVersion.reason == "BadRequest")
            #expect(otherVersion.message == #"ConfigMap in version "v2" cannot be handled as a ConfigMap: no kind "ConfigMap" is registered for version "v2" in scheme "pkg/api/legacyscheme/scheme.go:30""#)

            let otherGroup = try await Self.send(transport, .post, Self.configMaps, body: #"{"apiVersion":"apps/v1","kind":"ConfigMap","metadata":{"name":"apps"}}"#)
            #expect(otherGroup.status == 400)
            #expect(otherGroup.message == #"ConfigMap in version "v1" cannot be handled as a ConfigMap: no kind "ConfigMap" is registered for version "apps/v1" in scheme "pkg/api/legacyscheme/scheme.go:30""#)

            let lowerCase = try await Self.send(transport, .post, Self.configMaps, body: #"{"apiVersion":"v1","kind":"configmap","metadata":{"name":"lower"}}"#)
            #expect(lowerCase.status == 400)
            #expect(lowerCase.message.contains(#"no kind "configmap" is registered for version "v1""#), "\(lowerCase.message)")

            // Without kind the endpoint's kind is assumed (recorded: 201).
            let noKind = try await Self.send(transport, .post, Self.configMaps, body: #"{"apiVersion":"v1","metadata":{"name":"nokind"}}"#)
            #expect(noKind.status == 201)
            #expect(noKind.body["kind"] == "ConfigMap")
        }
    }

    @Test func customResourcesCheckVersionAndKind() async throws {
        let crd = #"""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"gadgets.example.dev"},
             "spec":{"group":"example.dev","scope":"Namespaced","names":{"plural":"gadgets","singular":"gadget","kind":"Gadget","listKind":"GadgetList"},
             "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """#
        try await Self.withServer { transport in
            let created = try await Self.send(transport, .post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body: crd)
            #expect(created.status == 201)
            let gadgets = "/apis/example.dev/v1/namespaces/default/gadgets"

            let otherVersion = try await Self.send(transport, .post, gadgets, body: #"{"apiVersion":"example.dev/v2","kind":"Gadget","metadata":{"name":"a"}}"#)
            #expect(otherVersion.status == 400)
            #expect(otherVersion.message == "the API version in the data (example.dev/v2) does not match the expected API version (example.dev/v1)")

            let otherKind = try await Self.send(transport, .post, gadgets, body: #"{"apiVersion":"example.dev/v1","kind":"Widget","metadata":{"name":"a"}}"#)
            #expect(otherKind.status == 422)
            #expect(otherKind.reason == "Invalid")
            #expect(otherKind.message == #"Widget.example.dev "a" is invalid: kind: Invalid value: "Widget": must be Gadget"#)
            #expect(otherKind.body[path: ["details", "causes"]]?.arrayValue?.first?["field"] == "kind")

            let good = try await Self.send(transport, .post, gadgets, body: #"{"apiVersion":"example.dev/v1","kind":"Gadget","metadata":{"name":"a"}}"#)
            #expect(good.status == 201)
        }
    }

    @Test func namesAndNamespacesMustMatchTheURL() async throws {
        try await Self.withServer { transport in
            let namespace = try await Self.send(transport, .post, Self.configMaps, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"ns","namespace":"kube-system"}}"#)
            #expect(namespace.status == 400)
            #expect(namespace.message == "the namespace of the provided object does not match the namespace sent on the request")

            _ = try await Self.send(transport, .post, Self.configMaps, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"exists"}}"#)
            let name = try await Self.send(transport, .put, Self.configMaps + "/exists", body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"different"}}"#)
            #expect(name.status == 400)
            #expect(name.reason == "BadRequest")
            #expect(name.message == "the name of the object (different) does not match the name on the URL (exists)")

            let missing = try await Self.send(transport, .post, "/api/v1/namespaces/nowhere/configmaps", body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}"#)
            #expect(missing.status == 404)
            #expect(missing.message == #"namespaces "nowhere" not found"#)
        }
    }

    @Test func malformedPatchesAreRejected() async throws {
        try await Self.withServer { transport in
            _ = try await Self.send(transport, .post, Self.configMaps, body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target"}}"#)
            let notAList = try await Self.send(transport, .patch, Self.configMaps + "/target", contentType: "application/json-patch+json", body: #"{"op":"add"}"#)
            #expect(notAList.status == 400)
            #expect(notAList.reason == "BadRequest")

            let failedTest = try await Self.send(transport, .patch, Self.configMaps + "/target", contentType: "application/json-patch+json",
                                                 body: #"[{"op":"test","path":"/metadata/name","value":"other"}]"#)
            #expect(failedTest.status == 422)
            #expect(failedTest.reason == "Invalid")

            let applyWithoutManager = try await Self.send(transport, .patch, Self.configMaps + "/target", contentType: "application/apply-patch+yaml",
                                                          body: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"target"}}"#)
            #expect(applyWithoutManager.status == 422)
        }
    }
}
