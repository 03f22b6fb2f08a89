import Foundation
import KubernetesCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a credential plugin once and reads its `ExecCredential`, as client-go does: the plugin gets
/// this process's environment plus the kubeconfig's `env`, and `KUBERNETES_EXEC_INFO` describing the
/// request (`spec.interactive`, and `spec.cluster` when `provideClusterInfo` is set). Every failure names
/// the command and says what to fix.
struct ExecPluginRunner {
    let configuration: ExecPluginConfiguration
    var processEnvironment: [String: String] = ProcessInfo.processInfo.environment
    var standardInputIsTerminal: Bool = isatty(STDIN_FILENO) == 1

    init(configuration: ExecPluginConfiguration) {
        self.configuration = configuration
    }

    func run() async throws(KubernetesError) -> ExecCredential {
        let interactive: Bool
        switch configuration.interactiveMode {
        case .never: interactive = false
        case .ifAvailable: interactive = standardInputIsTerminal
        case .always:
            guard standardInputIsTerminal else {
                throw failure("needs an interactive terminal (interactiveMode: Always) but standard input is not one; run it from a terminal or set interactiveMode to IfAvailable or Never")
            }
            interactive = true
        }
        var environment = processEnvironment
        for variable in configuration.environment { environment[variable.name] = variable.value }
        environment["KUBERNETES_EXEC_INFO"] = execInfo(interactive: interactive)

        let executable = try resolveExecutable(path: environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
        let output: ProcessOutput
        do {
            output = try await ProcessOutput.run(
                executable: executable, arguments: configuration.arguments, environment: environment, interactive: interactive)
        } catch {
            throw failure("could not be started: \(error.localizedDescription)")
        }
        guard output.status == 0 else {
            let stderr = String(decoding: output.standardError, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw failure("exited with status \(output.status)" + (stderr.isEmpty ? "" : ": \(stderr)"))
        }
        return try parse(output.standardOutput)
    }

    /// Parses the plugin's standard output as an `ExecCredential` of the configured API version.
    func parse(_ output: [UInt8]) throws(KubernetesError) -> ExecCredential {
        let document: ExecCredentialDocument
        do {
            document = try KubernetesJSONDecoder().decode(ExecCredentialDocument.self, from: output)
        } catch {
            let start = String(decoding: output.prefix(80), as: UTF8.self)
            throw failure("printed output that is not an ExecCredential (\(Self.describe(error))); it printed: \(start.isEmpty ? "nothing" : start)")
        }
        guard document.kind == "ExecCredential" else {
            throw failure("printed kind '\(document.kind ?? "")', expected ExecCredential")
        }
        guard document.apiVersion == configuration.apiVersion else {
            throw failure("printed apiVersion '\(document.apiVersion ?? "")', but the kubeconfig asks for \(configuration.apiVersion); the plugin and the kubeconfig's exec.apiVersion must agree")
        }
        guard let status = document.status else {
            throw failure("printed an ExecCredential without status; it must give status.token or status.clientCertificateData and clientKeyData")
        }
        var expiration: Date?
        if let timestamp = status.expirationTimestamp {
            guard let time = Time(rfc3339: timestamp) else {
                throw failure("printed status.expirationTimestamp '\(timestamp)', which is not an RFC 3339 time such as 2030-01-02T03:04:05Z")
            }
            expiration = Date(timeIntervalSince1970: TimeInterval(time.secondsSinceEpoch))
        }
        let token = status.token.flatMap { $0.isEmpty ? nil : $0 }
        let certificate = status.clientCertificateData.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        let key = status.clientKeyData.flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        if (certificate == nil) != (key == nil) {
            throw failure("printed only one of status.clientCertificateData and status.clientKeyData; a client certificate needs both")
        }
        guard token != nil || certificate != nil else {
            throw failure("printed an ExecCredential with neither status.token nor status.clientCertificateData; one of them is required")
        }
        return ExecCredential(token: token, clientCertificatePEM: certificate, clientKeyPEM: key, expiration: expiration)
    }

    /// `KUBERNETES_EXEC_INFO`: the ExecCredential the plugin is asked to complete.
    func execInfo(interactive: Bool) -> String {
        var spec: [String: JSONValue] = ["interactive": .bool(interactive)]
        if configuration.provideClusterInfo {
            let cluster = configuration.cluster
            var info: [String: JSONValue] = ["server": .string(cluster.server)]
            if let name = cluster.tlsServerName { info["tls-server-name"] = .string(name) }
            if cluster.insecureSkipTLSVerify { info["insecure-skip-tls-verify"] = true }
            if let ca = cluster.certificateAuthorityData {
                info["certificate-authority-data"] = .string(Data(ca).base64EncodedString())
            }
            spec["cluster"] = .object(info)
        }
        let credential: JSONValue = ["apiVersion": .string(configuration.apiVersion), "kind": "ExecCredential", "spec": .object(spec)]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(credential)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The program to run: client-go resolves a command containing `/` relative to the kubeconfig's
    /// folder, and a bare name through `PATH`.
    func resolveExecutable(path searchPath: String) throws(KubernetesError) -> String {
        let command = configuration.command
        let fileManager = FileManager.default
        if command.contains("/") {
            var resolved = command
            if !command.hasPrefix("/"), let kubeconfig = configuration.kubeconfigPath {
                resolved = ((kubeconfig as NSString).deletingLastPathComponent as NSString).appendingPathComponent(command)
            }
            guard fileManager.isExecutableFile(atPath: resolved) else {
                throw notFound("'\(resolved)' does not exist or is not executable")
            }
            return resolved
        }
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(command)"
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw notFound("it was not found in PATH")
    }

    private func notFound(_ detail: String) -> KubernetesError {
        var message = "cannot be run: \(detail)"
        if let hint = configuration.installHint, !hint.isEmpty { message += ". \(hint)" }
        return failure(message)
    }

    func failure(_ problem: String) -> KubernetesError {
        let source = configuration.kubeconfigPath.map { " (kubeconfig \($0), users[].user.exec)" } ?? ""
        return KubernetesError(code: .configuration, message: "credential plugin '\(configuration.command)'\(source) \(problem)")
    }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        switch decoding {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            let underlying = context.underlyingError.map { ": \($0)" } ?? ""
            return (path.isEmpty ? "" : "\(path): ") + context.debugDescription + underlying
        @unknown default:
            return "\(decoding)"
        }
    }
}

/// The JSON a plugin prints (`client.authentication.k8s.io` `ExecCredential`).
private struct ExecCredentialDocument: Decodable {
    var apiVersion: String?
    var kind: String?
    var status: Status?

    struct Status: Decodable {
        var expirationTimestamp: String?
        var token: String?
        var clientCertificateData: String?
        var clientKeyData: String?
    }
}

/// A finished child process's exit status and output.
struct ProcessOutput: Sendable {
    var status: Int32
    var standardOutput: [UInt8]
    var standardError: [UInt8]

    /// Runs the program to completion on a Dispatch thread, so that waiting for it never blocks the
    /// cooperative thread pool. An interactive plugin shares this process's stdin and stderr (it may
    /// prompt); otherwise its stdin is empty and its stderr is captured for error messages.
    static func run(executable: String, arguments: [String], environment: [String: String], interactive: Bool) async throws -> ProcessOutput {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                process.environment = environment
                let stdout = Pipe()
                let stderr = Pipe()
                process.standardOutput = stdout
                if interactive {
                    process.standardInput = FileHandle.standardInput
                    process.standardError = FileHandle.standardError
                } else {
                    process.standardInput = FileHandle.nullDevice
                    process.standardError = stderr
                }
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                // Read both pipes at once: a plugin that fills one while we block on the other would hang.
                let group = DispatchGroup()
                let errorOutput = ErrorOutputBox()
                if !interactive {
                    DispatchQueue.global().async(group: group) {
                        errorOutput.bytes = Array(stderr.fileHandleForReading.readDataToEndOfFile())
                    }
                }
                let output = Array(stdout.fileHandleForReading.readDataToEndOfFile())
                group.wait()
                process.waitUntilExit()
                continuation.resume(returning: ProcessOutput(status: process.terminationStatus, standardOutput: output, standardError: errorOutput.bytes))
            }
        }
    }
}

/// Standard error of a plugin, written by one reader thread and read after `DispatchGroup.wait()`,
/// which orders the two accesses.
private final class ErrorOutputBox: @unchecked Sendable {
    var bytes: [UInt8] = []
}
