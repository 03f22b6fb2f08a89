import Foundation
import KubernetesModels

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

struct BenchOptions {
    var runs = 30
    var pods = 1_000
    /// Runs one decoder only (for `valgrind --tool=callgrind` instruction counts).
    var only: DecoderKind?

    init(arguments: [String]) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--runs": runs = iterator.next().flatMap(Int.init) ?? runs
            case "--pods": pods = iterator.next().flatMap(Int.init) ?? pods
            case "--only": only = iterator.next().flatMap(DecoderKind.init(rawValue:))
            default: print("ignoring unknown argument \(argument)")
            }
        }
    }
}

/// The decoders compared.
enum DecoderKind: String, CaseIterable {
    case foundation
    case kubernetes

    var label: String { self == .foundation ? "Foundation JSONDecoder" : "KubernetesJSONDecoder" }
}

/// Measures `body` with each decoder (unless `--only` or `only` narrows it) and prints both lines and,
/// when both ran, the ratio of their CPU medians.
func compare(
    _ name: String, options: BenchOptions, target: Duration?, divisor: Int = 1, only: DecoderKind? = nil,
    _ body: (DecoderKind) throws -> Void
) throws {
    var medians: [DecoderKind: Duration] = [:]
    for kind in DecoderKind.allCases where (only ?? options.only ?? kind) == kind {
        let times = try measure(runs: options.runs) { try body(kind) }.map { $0 / divisor }
        report("\(name) [\(kind.label)]", times, target: target)
        let cpu = times.map(\.cpu).sorted()
        medians[kind] = cpu[cpu.count / 2]
    }
    if let foundation = medians[.foundation], let kubernetes = medians[.kubernetes], kubernetes > .zero {
        print("  -> KubernetesJSONDecoder is \(String(format: "%.1f", foundation / kubernetes))x faster (CPU medians)")
    }
}

/// A watch line: `{"type": ..., "object": {...}}`, decoded in one pass.
struct PodWatchEvent: Decodable {
    var type: String
    var object: CoreV1.Pod
}

/// Wall time (ContinuousClock) and this thread's CPU time of one run. CPU time shows what the decode costs
/// when other processes compete for the cores; on a quiet machine the two agree.
struct Timing {
    var wall: Duration
    var cpu: Duration

    static func / (timing: Timing, divisor: Int) -> Timing {
        Timing(wall: timing.wall / divisor, cpu: timing.cpu / divisor)
    }
}

func threadCPUTime() -> Duration {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return .seconds(spec.tv_sec) + .nanoseconds(spec.tv_nsec)
}

/// Runs `body` once to warm up, then `runs` times, timing each.
func measure(runs: Int, _ body: () throws -> Void) throws -> [Timing] {
    try body()
    let clock = ContinuousClock()
    var times: [Timing] = []
    for _ in 0..<runs {
        let cpuStart = threadCPUTime()
        let wall = try clock.measure(body)
        times.append(Timing(wall: wall, cpu: threadCPUTime() - cpuStart))
    }
    return times
}

func report(_ name: String, _ times: [Timing], target: Duration?) {
    let wall = times.map(\.wall).sorted()
    let cpu = times.map(\.cpu).sorted()
    let median = wall[wall.count / 2]
    var line = "\(name): median \(format(median)), min \(format(wall[0])) wall; "
        + "median \(format(cpu[cpu.count / 2])), min \(format(cpu[0])) CPU; \(times.count) runs"
    if let target {
        // The CPU minimum is what the decode costs; wall time adds waiting for a core when other
        // processes load the machine, so both verdicts are printed.
        line += " (target <= \(format(target)): CPU min \(cpu[0] <= target ? "met" : "MISSED"), wall min \(wall[0] <= target ? "met" : "MISSED"))"
    }
    print(line)
}

func format(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let microseconds = Double(seconds) * 1e6 + Double(attoseconds) / 1e12
    return microseconds >= 1_000 ? String(format: "%.1f ms", microseconds / 1_000) : String(format: "%.1f µs", microseconds)
}
