import Foundation
import KafkaProtocol
import NIOCore

// Times encode and decode of the issue-5 payloads (release build), writes the encoded bytes for the
// kafka-python side, and prints the figures as JSON lines. Usage: kafka-protocol-bench <out dir> [runs]

struct Timing {
    var samples: [Duration] = []
    /// CPU time of this thread per run: unlike wall time it does not grow when other processes compete for
    /// the cores, so figures taken on a shared machine stay comparable.
    var cpuSamples: [Double] = []
    var median: Duration { samples.sorted()[samples.count / 2] }
    var min: Duration { samples.min() ?? .zero }
    var cpuMin: Double { cpuSamples.min() ?? 0 }
}

/// CPU seconds this thread has used (CLOCK_THREAD_CPUTIME_ID).
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Times `body`; the value it returns is kept alive until after the clock is read, so freeing the previous
/// result is not counted (the kafka-python side does the same).
func measure<Result>(runs: Int, _ body: () throws -> Result) rethrows -> (Timing, Result) {
    let clock = ContinuousClock()
    var timing = Timing()
    var kept = try body()  // warm-up
    for _ in 0..<runs {
        let start = clock.now
        let cpuStart = threadCPUSeconds()
        let result = try body()
        timing.cpuSamples.append(threadCPUSeconds() - cpuStart)
        timing.samples.append(clock.now - start)
        kept = result
    }
    return (timing, kept)
}

func bench<Message: KafkaMessage>(
    name: String, _ message: Message, version: Int16, runs: Int, outDirectory: URL, count: (Message) -> Int
) throws {
    let encoded = try message.encoded(version: version)
    let size = encoded.readableBytes
    let (encodeTiming, _) = try measure(runs: runs) {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(size)
        try message.encode(into: &buffer, version: version)
        return buffer
    }
    let (decodeTiming, lastDecoded) = try measure(runs: runs) {
        var buffer = encoded
        return try Message(from: &buffer, version: version)
    }
    guard count(lastDecoded) == count(message) else { throw BenchError(description: "\(name): wrong element count") }
    let decoded = try Message.decode(from: encoded, version: version)
    guard decoded == message else { throw BenchError(description: "\(name): decoded value differs from the original") }
    let file = outDirectory.appendingPathComponent("\(name).bin")
    try Data(encoded.readableBytesView).write(to: file)
    let megabytes = Double(size) / 1_000_000
    print(
        """
        {"name": "\(name)", "message": "\(Message.messageName)", "version": \(version), "bytes": \(size), \
        "runs": \(runs), \
        "encode_median_s": \(seconds(encodeTiming.median)), "encode_min_s": \(seconds(encodeTiming.min)), \
        "decode_median_s": \(seconds(decodeTiming.median)), "decode_min_s": \(seconds(decodeTiming.min)), \
        "encode_cpu_min_s": \(encodeTiming.cpuMin), "decode_cpu_min_s": \(decodeTiming.cpuMin), \
        "encode_mb_s": \(megabytes / seconds(encodeTiming.median)), "decode_mb_s": \(megabytes / seconds(decodeTiming.median)), \
        "file": "\(file.path)"}
        """)
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
}

let arguments = CommandLine.arguments.dropFirst()
guard let outPath = arguments.first else {
    FileHandle.standardError.write(Data("usage: kafka-protocol-bench <out dir> [runs]\n".utf8))
    exit(2)
}
let runs = arguments.dropFirst().first.flatMap { Int($0) } ?? 11
let outDirectory = URL(fileURLWithPath: outPath)
try FileManager.default.createDirectory(at: outDirectory, withIntermediateDirectories: true)

try bench(
    name: "metadata-10000x10", Payloads.metadata(topicCount: 10_000, partitionsPerTopic: 10),
    version: Payloads.metadataVersion, runs: runs, outDirectory: outDirectory
) { $0.topics.count }
try bench(
    name: "describe-configs-1000", Payloads.describeConfigs(topicCount: 1_000),
    version: Payloads.describeConfigsVersion, runs: runs, outDirectory: outDirectory
) { $0.results.count }
