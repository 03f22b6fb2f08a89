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
            throw failure("could not be started: \(error)")
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

    /// Runs the program to completion on threads of its own: waiting for it blocks them, and on Linux
    /// Dispatch's global queues share their few threads with Swift's cooperative pool, so blocking there
    /// would stall every other task of the process.
    ///
    /// The child is started with `posix_spawn`, and our pipe ends are close-on-exec, so no other child of
    /// this process (kubectl started by a test, say) holds them open, which would delay end-of-file. An interactive plugin shares this process's stdin and
    /// stderr (it may prompt); otherwise its stdin is /dev/null and its stderr is captured.
    static func run(executable: String, arguments: [String], environment: [String: String], interactive: Bool) async throws -> ProcessOutput {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try runBlocking(executable: executable, arguments: arguments, environment: environment, interactive: interactive) })
            }.start()
        }
    }

    private static func runBlocking(executable: String, arguments: [String], environment: [String: String], interactive: Bool) throws -> ProcessOutput {
        let stdout = try makePipe()
        let stderr = try makePipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if interactive {
            posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, stderr.write, STDERR_FILENO)
        }
        posix_spawn_file_actions_adddup2(&actions, stdout.write, STDOUT_FILENO)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(stdout.write)
        close(stderr.write)
        guard spawned == 0 else {
            close(stdout.read)
            close(stderr.read)
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
        }
        // Read both pipes at once: a plugin that fills one while we block on the other would hang.
        let errorOutput = ErrorOutputBox()
        let errorRead = DispatchSemaphore(value: 0)
        Thread {
            errorOutput.bytes = readToEnd(stderr.read)
            errorRead.signal()
        }.start()
        let output = readToEnd(stdout.read)
        errorRead.wait()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // Exit code, or 128 + signal as shells report a killed program.
        let exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return ProcessOutput(status: exitCode, standardOutput: output, standardError: errorOutput.bytes)
    }

    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        // pipe2 is not visible from Swift's Glibc module; set close-on-exec right after creating them.
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (fds[0], fds[1])
    }

    /// Reads a descriptor until end-of-file and closes it.
    private static func readToEnd(_ fd: Int32) -> [UInt8] {
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                result += buffer[0..<count]
            } else if count == 0 || errno != EINTR {
                return result
            }
        }
    }
}

/// Standard error of a plugin, written by one reader thread and read after the semaphore it signals,
/// which orders the two accesses.
private final class ErrorOutputBox: @unchecked Sendable {
    var bytes: [UInt8] = []
}
