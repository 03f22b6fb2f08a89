import Foundation
@testable import KubernetesClient
import Testing

/// kubeconfig `tls-server-name`: the client sends it as SNI and verifies the server's certificate
/// against it, not against the URL's host (client-go's behaviour), over real TLS on 127.0.0.1.
@Suite(.serialized) struct TLSServerNameTests {
    static let certifiedName = "api.capstan.test"

    func kubeconfig(port: Int, ca: String, serverName: String?, user: String = "    token: t") -> String {
        """
        apiVersion: v1
        kind: Config
        current-context: c
        clusters:
        - name: k
          cluster:
            server: https://127.0.0.1:\(port)
            certificate-authority-data: \(Data(ca.utf8).base64EncodedString())
        \(serverName.map { "    tls-server-name: \($0)" } ?? "")
        contexts:
        - name: c
          context: {cluster: k, user: u}
        users:
        - name: u
          user:
        \(user)
        """
    }

    func version(kubeconfig text: String) async throws -> String {
        let directory = try TemporaryDirectory()
        let path = try directory.write("config", text)
        var configuration = try ClientConfiguration.fromKubeconfig(path: path)
        // AsyncHTTPClient retries a failed handshake until the request's deadline, then reports it.
        configuration.requestTimeout = .seconds(2)
        return try await KubeClient.withClient(configuration: configuration) { try await $0.serverVersion().gitVersion }
    }

    /// A handshake failure is reported as a configuration error that points at the fix (not retried).
    func isHandshakeFailure(_ error: any Error) -> Bool {
        guard let error = error as? KubernetesError else { return false }
        return error.code == .configuration && error.message.contains("TLS handshake") && error.message.contains("tls-server-name")
    }

    @Test func serverNameIsSentAsSNIAndVerified() async throws {
        let certificate = try TestCertificate(dnsName: Self.certifiedName)
        try await TLSTestServer.with(certificate: certificate) { server in
            let text = kubeconfig(port: server.port, ca: certificate.certificatePEM, serverName: Self.certifiedName)
            let answer = try await version(kubeconfig: text)
            #expect(answer == "v1.36.0")
            #expect(server.recorded.serverNames == [Self.certifiedName])
            // The request itself still names the server the kubeconfig gives.
            #expect(server.recorded.hosts == ["127.0.0.1:\(server.port)"])
            #expect(server.recorded.authorizations == ["Bearer t"])
        }
    }

    @Test func withoutServerNameTheCertificateDoesNotMatchTheAddress() async throws {
        let certificate = try TestCertificate(dnsName: Self.certifiedName)
        try await TLSTestServer.with(certificate: certificate) { server in
            await #expect {
                _ = try await version(kubeconfig: kubeconfig(port: server.port, ca: certificate.certificatePEM, serverName: nil))
            } throws: { isHandshakeFailure($0) }
            #expect(server.recorded.authorizations.isEmpty, "no request may be sent over an unverified connection")
        }
    }

    @Test func aServerNameTheCertificateDoesNotCoverIsRejected() async throws {
        let certificate = try TestCertificate(dnsName: Self.certifiedName)
        try await TLSTestServer.with(certificate: certificate) { server in
            await #expect {
                _ = try await version(kubeconfig: kubeconfig(port: server.port, ca: certificate.certificatePEM, serverName: "other.capstan.test"))
            } throws: { isHandshakeFailure($0) }
            let names = server.recorded.serverNames
            #expect(!names.isEmpty && names.allSatisfy { $0 == "other.capstan.test" })
            #expect(server.recorded.authorizations.isEmpty)
        }
    }

    @Test func urlRewriting() {
        let override = ServerNameOverride(url: "https://10.0.0.1:6443/base", serverName: "kubernetes")
        #expect(override?.url == "https://kubernetes:6443/base")
        #expect(override?.connectHost == "10.0.0.1")
        #expect(override?.hostHeader == "10.0.0.1:6443")
        let ipv6 = ServerNameOverride(url: "https://[fd00::1]:6443", serverName: "k")
        #expect(ipv6?.url == "https://k:6443")
        #expect(ipv6?.connectHost == "fd00::1")
        #expect(ipv6?.hostHeader == "[fd00::1]:6443")
        #expect(ServerNameOverride(url: "https://kubernetes", serverName: "kubernetes") == nil)
        // Plain HTTP has no TLS to name.
        #expect(ServerNameOverride(url: "http://10.0.0.1", serverName: "k") == nil)
    }
}
