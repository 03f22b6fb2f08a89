import Foundation
import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesTesting
import Synchronization

// Controller runtime benchmark (issue 4): 10,000 custom resources listed into the cache (a scripted API
// server answering 20 pages of 500), a no-op reconciler, and three figures:
//   - time from manager start to the first full pass (every object reconciled once),
//   - process RSS after the pass (and the peak),
//   - p50/p99/max of the runtime's per-reconcile latency (worker takes the key -> key done).
// Targets: full pass <= 2 s, RSS <= 64 MiB, p99 <= 5 ms.

struct Widget: Resource {
    static let group = "example.capstan.dev"
    static let version = "v1"
    static let kind = "Widget"
    static let plural = "widgets"
    static let scope = ResourceScope.namespaced

    struct Spec: Codable, Sendable {
        var size: Int?
        var image: String?
    }

    var apiVersion: String = Widget.apiVersion
    var kind: String = Widget.kind
    var metadata: ObjectMeta
    var spec: Spec?

    enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, spec }

    // List items arrive without apiVersion/kind.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion) ?? Widget.apiVersion
        kind = try container.decodeIfPresent(String.self, forKey: .kind) ?? Widget.kind
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        spec = try container.decodeIfPresent(Spec.self, forKey: .spec)
    }
}

let objectCount = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 10_000
let pageSize = 500
let namespaces = 20

func page(_ index: Int) -> String {
    let start = index * pageSize
    let end = min(start + pageSize, objectCount)
    let items = (start..<end).map { number in
        #"{"metadata":{"name":"widget-\#(number)","namespace":"ns-\#(number % namespaces)","uid":"00000000-0000-0000-0000-\#(String(format: "%012d", number))","resourceVersion":"100","generation":1,"labels":{"app.kubernetes.io/name":"widget","app.kubernetes.io/instance":"w\#(number)"},"managedFields":[{"manager":"kubectl","operation":"Apply","apiVersion":"example.capstan.dev/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:size":{},"f:image":{}}}}]},"spec":{"size":3,"image":"apache/kafka:4.1.0"}}"#
    }.joined(separator: ",")
    let more = end < objectCount ? #","continue":"page-\#(index + 1)""# : ""
    return #"{"apiVersion":"example.capstan.dev/v1","kind":"WidgetList","metadata":{"resourceVersion":"100"\#(more)},"items":[\#(items)]}"#
}

let pages = (0..<max(1, (objectCount + pageSize - 1) / pageSize)).map { ScriptedTransport.Reply.json(200, page($0)) }
let transport = ScriptedTransport([
    .init(method: .get, path: "/apis/example.capstan.dev/v1/widgets", matches: { $0.queryValue("watch") != "true" }, replies: pages),
    // The watch is refused; the watcher backs off (800 ms+) and does not disturb the measurement.
    .init(method: .get, path: "/apis/example.capstan.dev/v1/widgets", matches: { $0.queryValue("watch") == "true" }, replies: [
        .json(503, #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"ServiceUnavailable","code":503}"#)
    ]),
])

final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<Result>(_ body: (inout Value) -> Result) -> Result { mutex.withLock { body(&$0) } }
}

final class Recorder: Sendable {
    struct State {
        var latencies: [Duration] = []
        var seen = 0
        var finished: CheckedContinuation<Void, Never>?
        var done = false
    }
    let state = Mutex(State())

    func record(_ latency: Duration) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.latencies.append(latency)
            state.seen += 1
            guard state.seen >= objectCount, !state.done else { return nil }
            state.done = true
            defer { state.finished = nil }
            return state.finished
        }
        continuation?.resume()
    }

    func waitForFullPass() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.done { return true }
                state.finished = continuation
                return false
            }
            if done { continuation.resume() }
        }
    }
}

func residentMiB(_ field: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix(field) {
        let kib = Double(line.split(separator: " ").dropFirst().first ?? "") ?? -1
        return kib / 1024
    }
    return -1
}

let recorder = Recorder()
let client = try KubeClient(configuration: ClientConfiguration(server: "https://bench.invalid", queriesPerSecond: 1000, burst: 1000, maxAttempts: 1), transport: transport)
let manager = try ControllerManager(
    client: client, configuration: ManagerConfiguration(identity: "bench", probePort: nil), events: KubeEventSink(client: client))
let controller = manager.add(
    ControllerBuilder.for(Widget.self, name: "widget-bench").concurrency(4).configured { configuration in
        configuration.reconcileObserver = { _, latency in recorder.record(latency) }
    },
    reconciler: ClosureReconciler<Widget> { request, context in
        // A no-op that still reads its object from the cache, as every real reconciler does first.
        _ = context.object(for: request)
        return .done
    })

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let rssBefore = residentMiB("VmRSS:")
let cpuBefore = cpuSeconds()
let start = ContinuousClock.now
let cacheSynced = Locked<Duration?>(nil)
await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await manager.run() }
    group.addTask {
        await controller.store.waitUntilReady()
        cacheSynced.withLock { $0 = start.duration(to: .now) }
    }
    await recorder.waitForFullPass()
    group.cancelAll()
}
let fullPass = start.duration(to: .now)
let cpuUsed = cpuSeconds() - cpuBefore

let latencies = recorder.state.withLock { $0.latencies }.sorted()
func percentile(_ p: Double) -> Duration {
    latencies.isEmpty ? .zero : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
}
func ms(_ duration: Duration) -> String {
    String(format: "%.3f ms", duration.secondsDouble * 1000)
}
extension Duration {
    var secondsDouble: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

let rss = residentMiB("VmRSS:")
let peak = residentMiB("VmHWM:")
print("controller-bench: \(objectCount) objects in the cache (\(controller.store.count)), \(latencies.count) no-op reconciles")
print(String(format: "  time to first full pass: %.3f s   (target <= 2 s); cache synced (list + decode) after %.3f s", fullPass.secondsDouble, cacheSynced.withLock { $0 }?.secondsDouble ?? -1))
print(String(format: "  CPU time used for it:    %.3f s (user + system; the machine's load average is in the report)", cpuUsed))
print(String(format: "  RSS after pass:          %.1f MiB (peak %.1f MiB, %.1f MiB before start; target <= 64 MiB)", rss, peak, rssBefore))
print("  reconcile latency:       p50 \(ms(percentile(0.5)))  p99 \(ms(percentile(0.99)))  max \(ms(latencies.last ?? .zero))   (target p99 <= 5 ms)")
let ok = fullPass <= .seconds(2) && peak <= 64 && percentile(0.99) <= .milliseconds(5)
print(ok ? "  all targets met" : "  TARGET MISSED")
