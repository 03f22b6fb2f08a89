import Foundation
import KubernetesCore

/// Round-trips recorded bodies through the models and keeps score per kind.
struct BodyChecker {
    struct Failure: CustomStringConvertible {
        var source: String
        var problem: String
        var description: String { "\(source): \(problem)" }
    }

    let kinds = ModelledKinds()
    private(set) var checkedByKind: [String: Int] = [:]
    private(set) var unmodelledByKind: [String: Int] = [:]
    /// Bodies the server itself rejected and that the models refuse too (e.g. `renewTime: "yesterday"`).
    private(set) var rejectedByBoth: [String] = []
    private(set) var failures: [Failure] = []

    var checkedCount: Int { checkedByKind.values.reduce(0, +) }

    /// Checks one body. `rejection` is the server's error message for a request it refused: such bodies may
    /// be malformed on purpose, so a decoding error or a changed value the message quotes is expected.
    /// `allowedLoss` lists JSON paths the server itself dropped or reported as unknown fields.
    mutating func check(_ body: JSONValue, source: String, rejection: String? = nil, allowedLoss: Set<String> = []) {
        guard let kind = body["kind"]?.stringValue else { return }
        let apiVersion = body["apiVersion"]?.stringValue
        let label = "\(apiVersion ?? "-") \(kind)"
        guard let modelled = kinds.lookup(apiVersion: apiVersion, kind: kind) else {
            unmodelledByKind[label, default: 0] += 1
            return
        }
        let reencoded: JSONValue
        do {
            let original = try JSONEncoder().encode(body)
            reencoded = try JSONDecoder().decode(JSONValue.self, from: try modelled.roundTrip(original))
        } catch {
            let reason = (error as? DecodingError)?.summary ?? String(describing: error)
            if rejection == nil {
                failures.append(Failure(source: source, problem: "\(modelled.typeName) cannot decode it: \(reason)"))
            } else {
                rejectedByBoth.append("\(source) (\(label)): \(reason)")
            }
            return
        }
        var differences = JSONTreeDiff.differences(original: body, reencoded: reencoded, allowedLoss: allowedLoss)
        if let rejection {
            // e.g. MicroTime "...10.759Z": the server refuses it ("cannot parse \".759Z\""), the models
            // normalise it to six digits. Either way it never becomes an object.
            let quoted = differences.filter { difference in
                guard case .string(let value)? = difference.original else { return false }
                return rejection.contains(value)
            }
            rejectedByBoth += quoted.map { "\(source) (\(label)): \($0) (the server refused this value)" }
            differences.removeAll { difference in quoted.contains { $0.path == difference.path } }
        }
        for difference in differences {
            failures.append(Failure(source: source, problem: "\(modelled.typeName) \(difference)"))
        }
        checkedByKind[label, default: 0] += 1
    }

    func report() -> String {
        var lines = ["Recorded bodies decoded and re-encoded without loss, per kind:"]
        for (kind, count) in checkedByKind.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(kind): \(count)")
        }
        lines.append("  total: \(checkedCount)")
        if !unmodelledByKind.isEmpty {
            lines.append("Not modelled (custom resources, tables, aggregated discovery), not checked:")
            for (kind, count) in unmodelledByKind.sorted(by: { $0.key < $1.key }) {
                lines.append("  \(kind): \(count)")
            }
        }
        if !rejectedByBoth.isEmpty {
            lines.append("Malformed request values the server refused and the models refuse or normalise:")
            lines += rejectedByBoth.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
