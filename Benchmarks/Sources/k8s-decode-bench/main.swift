import Foundation
import KubernetesCore
import KubernetesModels

// k8s-decode-bench: how long Foundation's JSONDecoder and KubernetesJSONDecoder take to decode a 1,000-Pod
// list and one Pod watch event into the generated models, side by side.
// Usage: k8s-decode-bench [--runs N] [--pods N] [--only foundation|kubernetes]  (build with -c release).

let options = BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
do {
    let corpus = try PodCorpus.load()
    print("source pods: \(corpus.sourceDescription)")
    let list = try corpus.podList(count: options.pods)
    let listBytes = [UInt8](list)
    print("pod list: \(options.pods) pods, \(list.count / 1024) KiB of JSON (\(list.count / options.pods) bytes per pod)")

    try compare("decode \(options.pods)-Pod list", options: options, target: .milliseconds(120)) { decoder in
        let decoded: ResourceList<CoreV1.Pod>
        switch decoder {
        case .foundation: decoded = try JSONDecoder().decode(ResourceList<CoreV1.Pod>.self, from: list)
        case .kubernetes: decoded = try KubernetesJSONDecoder().decode(ResourceList<CoreV1.Pod>.self, from: listBytes)
        }
        guard decoded.items.count == options.pods else { throw BenchError("decoded \(decoded.items.count) pods") }
    }

    // The same list without managedFields: shows what the open-JSON `fieldsV1` trees cost.
    let lean = try corpus.podList(count: options.pods, keepManagedFields: false)
    let leanBytes = [UInt8](lean)
    try compare("decode \(options.pods)-Pod list without managedFields (\(lean.count / 1024) KiB)", options: options, target: nil) { decoder in
        switch decoder {
        case .foundation: _ = try JSONDecoder().decode(ResourceList<CoreV1.Pod>.self, from: lean)
        case .kubernetes: _ = try KubernetesJSONDecoder().decode(ResourceList<CoreV1.Pod>.self, from: leanBytes)
        }
    }

    // managedFields alone, to separate the cost of the open-JSON `fieldsV1` trees.
    let fieldsOnly = try corpus.managedFieldsOnly(count: options.pods)
    let fieldsBytes = [UInt8](fieldsOnly)
    try compare("decode the managedFields of \(options.pods) pods alone (\(fieldsOnly.count / 1024) KiB)", options: options, target: nil) { decoder in
        switch decoder {
        case .foundation: _ = try JSONDecoder().decode([[ManagedFieldsEntry]].self, from: fieldsOnly)
        case .kubernetes: _ = try KubernetesJSONDecoder().decode([[ManagedFieldsEntry]].self, from: fieldsBytes)
        }
    }

    // Parsing alone (no Codable): the floor under KubernetesJSONDecoder.
    try compare("parse the \(options.pods)-Pod list into JSONValue", options: options, target: nil, only: .kubernetes) { _ in
        _ = try JSONParser().parse(listBytes)
    }

    let event = try corpus.watchEvent()
    let eventBytes = [UInt8](event)
    let eventsPerRun = 1_000
    try compare("decode 1 Pod watch event (\(event.count) bytes), per event", options: options, target: nil, divisor: eventsPerRun) { decoder in
        for _ in 0..<eventsPerRun {
            // One pass: the event envelope and the Pod inside it are decoded by the same decode call.
            let decoded: PodWatchEvent
            switch decoder {
            case .foundation: decoded = try JSONDecoder().decode(PodWatchEvent.self, from: event)
            case .kubernetes: decoded = try KubernetesJSONDecoder().decode(PodWatchEvent.self, from: eventBytes)
            }
            guard decoded.type == "MODIFIED" else { throw BenchError("event type \(decoded.type)") }
        }
    }
} catch {
    FileHandle.standardError.write(Data("k8s-decode-bench: \(error)\n".utf8))
    exit(1)
}
