import KubernetesCore
import KubernetesModels

/// Where a Pod goes, decided as the default scheduler would for the rules a simulated cluster needs:
/// filters (node unschedulable or not ready, nodeSelector, required node affinity, taints vs tolerations,
/// topology spread with `DoNotSchedule`), then the least-loaded node, preferring the emptiest topology
/// domain of each spread constraint. A pure function of the Pod and what is on each node.
enum SchedulingDecision: Equatable, Sendable {
    case node(String)
    /// No node fits; the message says why, in the scheduler's words.
    case unschedulable(String)

    /// A node as the scheduler sees it.
    struct Candidate: Sendable {
        var name: String
        var labels: [String: String]
        var taints: [CoreV1.Taint]
        var ready: Bool
        var unschedulable: Bool
    }

    /// - Parameters:
    ///   - placedPods: the non-terminal Pods already bound (or assumed bound this round), with their node.
    static func place(_ pod: CoreV1.Pod, candidates: [Candidate], placedPods: [(pod: CoreV1.Pod, node: String)]) -> SchedulingDecision {
        var rejections: [String: Int] = [:]
        var feasible: [Candidate] = []
        for node in candidates {
            if let reason = rejection(of: node, for: pod) {
                rejections[reason, default: 0] += 1
            } else {
                feasible.append(node)
            }
        }
        let spread = pod.spec?.topologySpreadConstraints ?? []
        let namespace = pod.metadata.namespace
        // Topology domains each constraint counts matching Pods in.
        func counts(_ constraint: CoreV1.TopologySpreadConstraint) -> [String: Int] {
            let query = (try? constraint.labelSelector?.query()) ?? nil
            var result: [String: Int] = [:]
            for node in feasible { if let domain = node.labels[constraint.topologyKey] { result[domain] = 0 } }
            for placed in placedPods where placed.pod.metadata.namespace == namespace {
                guard let query, query.matches(placed.pod.metadata.labels ?? [:]),
                      let node = candidates.first(where: { $0.name == placed.node }),
                      let domain = node.labels[constraint.topologyKey], result[domain] != nil else { continue }
                result[domain, default: 0] += 1
            }
            return result
        }
        let domainCounts = spread.map { counts($0) }
        let beforeSpread = feasible.count
        feasible.removeAll { node in
            zip(spread, domainCounts).contains { constraint, counts in
                guard constraint.whenUnsatisfiable == "DoNotSchedule" else { return false }
                guard let domain = node.labels[constraint.topologyKey], let count = counts[domain] else { return true }
                let minimum = counts.values.min() ?? 0
                return count + 1 - minimum > Int(constraint.maxSkew)
            }
        }
        if feasible.count < beforeSpread {
            rejections["didn't match pod topology spread constraints", default: 0] += beforeSpread - feasible.count
        }
        guard !feasible.isEmpty else {
            let reasons = rejections.sorted { $0.key < $1.key }.map { "\($0.value) node(s) \($0.key)" }.joined(separator: ", ")
            let total = candidates.count
            let detail = total == 0 ? "no nodes available to schedule pods" : "0/\(total) nodes are available: \(reasons)."
            return .unschedulable(total == 0 ? detail : "\(detail) preemption: 0/\(total) nodes are available: \(total) Preemption is not helpful for scheduling.")
        }
        let load = Dictionary(placedPods.map { ($0.node, 1) }, uniquingKeysWith: +)
        let best = feasible.min { left, right in
            let leftKey = spreadScore(left, spread: spread, counts: domainCounts)
            let rightKey = spreadScore(right, spread: spread, counts: domainCounts)
            if leftKey != rightKey { return leftKey < rightKey }
            let (leftLoad, rightLoad) = (load[left.name] ?? 0, load[right.name] ?? 0)
            if leftLoad != rightLoad { return leftLoad < rightLoad }
            return left.name < right.name
        }
        return best.map { .node($0.name) } ?? .unschedulable("no nodes available to schedule pods")
    }

    /// How crowded a node's domains already are, summed over the spread constraints (lower is better).
    private static func spreadScore(_ node: Candidate, spread: [CoreV1.TopologySpreadConstraint], counts: [[String: Int]]) -> Int {
        zip(spread, counts).reduce(0) { sum, pair in
            sum + (node.labels[pair.0.topologyKey].flatMap { pair.1[$0] } ?? 0)
        }
    }

    /// Why a node cannot take the Pod (the scheduler's wording for the summary), nil when it can.
    static func rejection(of node: Candidate, for pod: CoreV1.Pod) -> String? {
        if !node.ready { return "had untolerated taint {node.kubernetes.io/not-ready: }" }
        if node.unschedulable { return "were unschedulable" }
        if let selector = pod.spec?.nodeSelector, !selector.allSatisfy({ node.labels[$0.key] == $0.value }) {
            return "didn't match Pod's node affinity/selector"
        }
        if let required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
           !required.nodeSelectorTerms.contains(where: { term in matches(term, node: node) }) {
            return "didn't match Pod's node affinity/selector"
        }
        let tolerations = pod.spec?.tolerations ?? []
        for taint in node.taints where taint.effect == "NoSchedule" || taint.effect == "NoExecute" {
            if !tolerations.contains(where: { tolerates($0, taint) }) {
                return "had untolerated taint {\(taint.key): \(taint.value ?? "")}"
            }
        }
        return nil
    }

    static func matches(_ term: CoreV1.NodeSelectorTerm, node: Candidate) -> Bool {
        let expressions = term.matchExpressions ?? []
        let fields = term.matchFields ?? []
        if expressions.isEmpty && fields.isEmpty { return false }
        return expressions.allSatisfy { matches($0, value: node.labels[$0.key]) }
            && fields.allSatisfy { $0.key == "metadata.name" && matches($0, value: node.name) }
    }

    static func matches(_ requirement: CoreV1.NodeSelectorRequirement, value: String?) -> Bool {
        let values = requirement.values ?? []
        switch requirement.operator {
        case "In": return value.map(values.contains) ?? false
        case "NotIn": return value.map { !values.contains($0) } ?? true
        case "Exists": return value != nil
        case "DoesNotExist": return value == nil
        case "Gt", "Lt":
            guard let value, let number = Int64(value), let bound = values.first.flatMap({ Int64($0) }) else { return false }
            return requirement.operator == "Gt" ? number > bound : number < bound
        default: return false
        }
    }

    static func tolerates(_ toleration: CoreV1.Toleration, _ taint: CoreV1.Taint) -> Bool {
        if let effect = toleration.effect, !effect.isEmpty, effect != taint.effect { return false }
        let key = toleration.key ?? ""
        if key.isEmpty { return toleration.operator == "Exists" }
        guard key == taint.key else { return false }
        if toleration.operator == "Exists" { return true }
        return (toleration.value ?? "") == (taint.value ?? "")
    }
}
