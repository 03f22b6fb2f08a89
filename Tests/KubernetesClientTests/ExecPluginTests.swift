import Foundation
import KubernetesCore
import Testing

@testable import KubernetesClient

/// A credential plugin written by the test as a shell script. Each run is counted, and what the plugin
/// received (arguments, `KUBERNETES_EXEC_INFO`, an env variable from the kubeconfig) is kept in files.
/// It prints `token-<run>` (with the expiration in `expiry`, if that file exists), or the contents of
/// `credential.json` when the test wrote one.
struct TestPlugin {
    let directory: TemporaryDirectory
    let path: String

    init(apiVersion: String = "client.authentication.k8s.io/v1") throws {
        directory = try TemporaryDirectory()
        path = try directory.write(
            "plugin.sh",
            """
            #!/bin/sh
            dir="$PLUGIN_DIR"
            n=$(cat "$dir/count" 2>/dev/null || echo 0)
            n=$((n + 1))
            echo "$n" > "$dir/count"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/exec-info"
            printf '%s\\n' "$@" > "$dir/args"
            if [ -f "$dir/credential.json" ]; then cat "$dir/credential.json"; exit 0; fi
            expiry=""
            if [ -f "$dir/expiry" ]; then expiry=",\\"expirationTimestamp\\":\\"$(cat "$dir/expiry")\\""; fi
            echo "{\\"apiVersion\\":\\"\(apiVersion)\\",\\"kind\\":\\"ExecCredential\\",\\"status\\":{\\"token\\":\\"token-$n\\"$expiry}}"

            """)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    /// Replaces the script (keeping it executable).
    func setScript(_ text: String) throws {
        try directory.write("plugin.sh", text)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    }

    var runs: Int {
        (try? String(contentsOfFile: directory.url.appendingPathComponent("count").path, encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
    }

    func file(_ name: String) -> String? {
        try? String(contentsOfFile: directory.url.appendingPathComponent(name).path, encoding: .utf8)
    }

    /// The kubeconfig `exec` stanza (indented for `users[].user`).
    func execStanza(apiVersion: String = "client.authentication.k8s.io/v1", extra: String = "") -> String {
        """
            exec:
              command: \(path)
              apiVersion: \(apiVersion)
              interactiveMode: Never
              provideClusterInfo: true
              args: ["--region", "eu-1"]
              env:
              - name: PLUGIN_DIR
                value: \(directory.url.path)
        \(extra)
        """
    }
}

// Serialized: each test starts a TLS server and child processes; one at a time keeps the load they add
// to a parallel test run small.
@Suite(.serialized) struct ExecPluginTests {
    let certificate: TestCertificate

    init() throws {
        certificate = try TestCertificate(dnsName: "api.capstan.test")
    }

    /// The TLS tests' kubeconfig (CA and tls-server-name for the test server's certificate) with `user`.
    func kubeconfig(port: Int, user: String) -> String {
        TLSServerNameTests().kubeconfig(port: port, ca: certificate.certificatePEM, serverName: TLSServerNameTests.certifiedName, user: user)
    }

    func withClient<R: Sendable>(port: Int, user: String, attempts: Int = 5, _ body: (KubeClient) async throws -> R) async throws -> R {
        let directory = try TemporaryDirectory()
        let path = try directory.write("config", kubeconfig(port: port, user: user))
        var configuration = try ClientConfiguration.fromKubeconfig(path: path)
        // A refused handshake is retried by AsyncHTTPClient until the deadline: keep it short.
        configuration.requestTimeout = .seconds(5)
        configuration.maxAttempts = attempts
        return try await KubeClient.withClient(configuration: configuration, body)
    }

    @Test func tokenIsCachedAndFetchedAgainAfter401() async throws {
        let plugin = try TestPlugin()
        // The server accepts only the plugin's second token: the first request is refused with 401,
        // which must make the client run the plugin again for the next one.
        try await TLSTestServer.with(certificate: certificate, requiredToken: "token-2") { server in
            try await withClient(port: server.port, user: plugin.execStanza()) { client in
                await #expect {
                    _ = try await client.serverVersion()
                } throws: { error in
                    (error as? KubernetesError)?.isUnauthorized == true
                }
                let second = try await client.serverVersion()
                let third = try await client.serverVersion()
                #expect(second.gitVersion == "v1.36.0" && third.gitVersion == "v1.36.0")
            }
            #expect(plugin.runs == 2, "the second token has no expiry, so it is reused")
            #expect(server.recorded.authorizations == ["Bearer token-1", "Bearer token-2", "Bearer token-2"])
        }
        #expect(plugin.file("args") == "--region\neu-1\n")
        let info = try JSONParser().parse(plugin.file("exec-info") ?? "")
        #expect(info["apiVersion"] == "client.authentication.k8s.io/v1")
        #expect(info["kind"] == "ExecCredential")
        #expect(info[path: ["spec", "interactive"]] == false)
        #expect(info[path: ["spec", "cluster", "server"]]?.stringValue?.hasPrefix("https://127.0.0.1:") == true)
        #expect(info[path: ["spec", "cluster", "tls-server-name"]] == "api.capstan.test")
        #expect(info[path: ["spec", "cluster", "certificate-authority-data"]]?.stringValue == Data(certificate.certificatePEM.utf8).base64EncodedString())
    }

    @Test func anExpiredCredentialIsFetchedAgain() async throws {
        let plugin = try TestPlugin()
        try plugin.directory.write("expiry", "2001-01-01T00:00:00Z")
        try await TLSTestServer.with(certificate: certificate) { server in
            try await withClient(port: server.port, user: plugin.execStanza()) { client in
                _ = try await client.serverVersion()
                _ = try await client.serverVersion()
            }
            #expect(plugin.runs == 2)
            #expect(server.recorded.authorizations == ["Bearer token-1", "Bearer token-2"])
        }
        let fresh = try TestPlugin()
        try fresh.directory.write("expiry", "2999-01-01T00:00:00Z")
        try await TLSTestServer.with(certificate: certificate) { server in
            try await withClient(port: server.port, user: fresh.execStanza()) { client in
                _ = try await client.serverVersion()
                _ = try await client.serverVersion()
            }
            #expect(fresh.runs == 1)
        }
    }

    @Test func v1beta1PluginsWork() async throws {
        let plugin = try TestPlugin(apiVersion: "client.authentication.k8s.io/v1beta1")
        try await TLSTestServer.with(certificate: certificate) { server in
            let stanza = plugin.execStanza(apiVersion: "client.authentication.k8s.io/v1beta1")
                .replacingOccurrences(of: "      interactiveMode: Never\n", with: "")
            try await withClient(port: server.port, user: stanza) { client in
                _ = try await client.serverVersion()
            }
            #expect(server.recorded.authorizations == ["Bearer token-1"])
        }
    }

    @Test func clientCertificateFromThePlugin() async throws {
        let client = try TestCertificate(dnsName: "capstan-operator")
        let plugin = try TestPlugin()
        let credential: JSONValue = [
            "apiVersion": "client.authentication.k8s.io/v1", "kind": "ExecCredential",
            "status": ["clientCertificateData": .string(client.certificatePEM), "clientKeyData": .string(client.keyPEM)],
        ]
        try plugin.directory.write("credential.json", String(decoding: try JSONEncoder().encode(credential), as: UTF8.self))
        // The server only completes handshakes with that client certificate.
        try await TLSTestServer.with(certificate: certificate, clientCA: client.certificatePEM) { server in
            try await withClient(port: server.port, user: plugin.execStanza()) { client in
                let version = try await client.serverVersion()
                #expect(version.gitVersion == "v1.36.0")
            }
            #expect(server.recorded.authorizations == [nil])
            // A client without the certificate is turned away in the handshake.
            await #expect(throws: (any Error).self) {
                try await withClient(port: server.port, user: "    token: x", attempts: 1) { _ = try await $0.serverVersion() }
            }
        }
    }

    func runner(_ plugin: TestPlugin, command: String? = nil, mode: ExecPluginConfiguration.InteractiveMode = .never) -> ExecPluginRunner {
        var runner = ExecPluginRunner(
            configuration: ExecPluginConfiguration(
                command: command ?? plugin.path, environment: [.init(name: "PLUGIN_DIR", value: plugin.directory.url.path)],
                interactiveMode: mode, installHint: "Install it with: brew install capstan-auth",
                cluster: .init(server: "https://127.0.0.1"), kubeconfigPath: "/home/me/.kube/config"))
        runner.standardInputIsTerminal = false
        return runner
    }

    func expectFailure(_ runner: ExecPluginRunner, mentioning fragments: [String]) async {
        do {
            _ = try await runner.run()
            Issue.record("expected the plugin to fail")
        } catch {
            #expect(error.code == .configuration)
            for fragment in fragments {
                #expect(error.message.contains(fragment), "'\(fragment)' not in: \(error.message)")
            }
        }
    }

    @Test func failuresNameTheCommandAndTheProblem() async throws {
        let plugin = try TestPlugin()
        try plugin.setScript("#!/bin/sh\necho 'token expired, run: capstan-auth login' >&2\nexit 3\n")
        await expectFailure(runner(plugin), mentioning: [plugin.path, "exited with status 3", "run: capstan-auth login", "/home/me/.kube/config"])

        try plugin.setScript("#!/bin/sh\necho 'not json'\n")
        await expectFailure(runner(plugin), mentioning: [plugin.path, "not an ExecCredential", "not json"])

        try plugin.setScript(#"#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"t"}}'\n"#.replacingOccurrences(of: "\\n", with: "\n"))
        await expectFailure(runner(plugin), mentioning: ["apiVersion 'client.authentication.k8s.io/v1beta1'", "asks for client.authentication.k8s.io/v1"])

        try plugin.setScript(#"#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}}'\n"#.replacingOccurrences(of: "\\n", with: "\n"))
        await expectFailure(runner(plugin), mentioning: ["neither status.token nor status.clientCertificateData"])

        try plugin.setScript(#"#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"soon"}}'\n"#.replacingOccurrences(of: "\\n", with: "\n"))
        await expectFailure(runner(plugin), mentioning: ["expirationTimestamp 'soon'", "RFC 3339"])

        await expectFailure(runner(plugin, command: "capstan-no-such-plugin"), mentioning: ["'capstan-no-such-plugin'", "not found in PATH", "brew install capstan-auth"])
        await expectFailure(runner(plugin, command: "./bin/missing"), mentioning: ["/home/me/.kube/", "bin/missing", "does not exist"])
        await expectFailure(runner(plugin, mode: .always), mentioning: ["interactive terminal", "interactiveMode"])
    }

    @Test func relativeCommandsResolveFromTheKubeconfigFolder() async throws {
        let plugin = try TestPlugin()
        var runner = runner(plugin, command: "./plugin.sh")
        runner = ExecPluginRunner(configuration: {
            var configuration = runner.configuration
            configuration.kubeconfigPath = plugin.directory.url.appendingPathComponent("config").path
            return configuration
        }())
        runner.standardInputIsTerminal = false
        #expect(try await runner.run().token == "token-1")
    }
}
