import Foundation
import KubernetesCore
import KubernetesModels

// k8s-decode-bench: how long JSONDecoder takes to decode a 1,000-Pod list and one Pod watch event into
// the generated models. Usage: k8s-decode-bench [--runs N] [--pods N]  (build with -c release).

let options = BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
do {
    let corpus = try PodCorpus.load()
    print("source pods: \(corpus.sourceDescription)")
    let list = try corpus.podList(count: options.pods)
    print("pod list: \(options.pods) pods, \(list.count / 1024) KiB of JSON (\(list.count / options.pods) bytes per pod)")

    let listTimes = try measure(runs: options.runs) {
        let decoded = try JSONDecoder().decode(ResourceList<CoreV1.Pod>.self, from: list)
        guard decoded.items.count == options.pods else { throw BenchError("decoded \(decoded.items.count) pods") }
    }
    report("decode \(options.pods)-Pod list", listTimes, target: .milliseconds(120))

    // The same list without managedFields: shows what the open-JSON `fieldsV1` tries cost.
    let lean = try corpus.podList(count: options.pods, keepManagedFields: false)
    let leanTimes = try measure(runs: options.runs) {
        _ = try JSONDecoder().decode(ResourceList<CoreV1.Pod>.self, from: lean)
    }
    report("decode \(options.pods)-Pod list without managedFields (\(lean.count / 1024) KiB)", leanTimes, target: nil)

    // managedFields alone, to separate the cost of the open-JSON `fieldsV1` trees.
    let fieldsOnly = try corpus.managedFieldsOnly(count: options.pods)
    let fieldsTimes = try measure(runs: options.runs) {
        _ = try JSONDecoder().decode([[ManagedFieldsEntry]].self, from: fieldsOnly)
    }
    report("decode the managedFields of \(options.pods) pods alone (\(fieldsOnly.count / 1024) KiB)", fieldsTimes, target: nil)

    let event = try corpus.watchEvent()
    let eventsPerRun = 1_000
    let eventTimes = try measure(runs: options.runs) {
        for _ in 0..<eventsPerRun {
            // One pass: the event envelope and the Pod inside it are decoded by the same decode call.
            let decoded = try JSONDecoder().decode(PodWatchEvent.self, from: event)
            guard decoded.type == "MODIFIED" else { throw BenchError("event type \(decoded.type)") }
        }
    }
    report("decode 1 Pod watch event (\(event.count) bytes), per event", eventTimes.map { $0 / eventsPerRun }, target: nil)
} catch {
    FileHandle.standardError.write(Data("k8s-decode-bench: \(error)\n".utf8))
    exit(1)
}
