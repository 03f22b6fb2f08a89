import Foundation
import KafkaProtocol
import NIOCore
import Testing

/// Cross-check with an independent implementation: kafka-python's protocol classes decode the sample of
/// every message at every version both sides know, and re-encode it to exactly our bytes.
/// Skipped (visibly, in the test list) when python3 or kafka-python is missing: `pip install kafka-python`.
@Suite("Interoperability with kafka-python")
struct KafkaPythonInteropTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let kafkaPythonAvailable: Bool = {
        guard let (status, _) = try? runPython(["-c", "import kafka.protocol.api_message"]) else { return false }
        return status == 0
    }()

    static func runPython(_ arguments: [String]) throws -> (Int32, Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }

    struct Report: Decodable {
        var checked: Int
        var skipped: Int
        var mismatches: [[String: String]]
    }

    struct Case: Encodable {
        var name: String
        var version: Int16
        var hex: String
    }

    @Test(
        "kafka-python decodes our encoding of every shared message/version and re-encodes the same bytes",
        .enabled(if: kafkaPythonAvailable, "python3 with kafka-python is not installed (pip install kafka-python)"))
    func samplesRoundTripThroughKafkaPython() async throws {
        var cases: [Case] = []
        for testCase in RoundTripCase.all where testCase.name.hasSuffix("Request") || testCase.name.hasSuffix("Response") {
            for version in testCase.versions {
                cases.append(Case(name: testCase.name, version: version, hex: try testCase.plainSample(version).hexString))
            }
        }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-interop-\(getpid()).json")
        try JSONEncoder().encode(cases).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let script = Self.repositoryRoot.appendingPathComponent("scripts/kafka-python-interop.py").path
        let (status, output) = try await offloadBlocking { try Self.runPython([script, input.path]) }
        try #require(status == 0, "kafka-python-interop.py exited with \(status)")
        let report = try JSONDecoder().decode(Report.self, from: output)
        print("kafka-python cross-check: \(report.checked) message versions identical, \(report.skipped) not in kafka-python")
        #expect(report.checked > 400, "too few messages checked: \(report.checked) (skipped \(report.skipped))")
        for mismatch in report.mismatches {
            Issue.record("kafka-python disagrees: \(mismatch)")
        }
    }
}

extension ByteBuffer {
    var hexString: String {
        readableBytesView.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
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
