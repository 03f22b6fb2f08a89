import KubernetesCore
import KubernetesModels

/// Where a cluster stands, from what the operator observed: the first thing it is waiting for (in the
/// order the operator creates a cluster), or ready. Pure, so every message can be tested directly.
enum ClusterProgress: Sendable, Hashable {
    /// Controller Pods exist but are not all Ready: `(pod, why)` of each that is not.
    case waitingForControllerPods(notReady: [(String, String)], total: Int)
    /// Broker Pods exist but are not all Ready.
    case waitingForBrokerPods(notReady: [(String, String)], total: Int)
    /// No broker answers on the bootstrap address.
    case waitingForKafka(bootstrap: String, error: String)
    /// Brokers answer, but the quorum has no leader.
    case waitingForQuorum(controllers: [Int32])
    /// The quorum has a leader; these brokers have not registered (or are fenced).
    case waitingForBrokerRegistration([Int32])
    /// Every Pod is Ready, the quorum has a leader and every broker is registered.
    case ready(controllers: Int, brokers: Int, leader: Int32)

    static func == (lhs: ClusterProgress, rhs: ClusterProgress) -> Bool { lhs.reason == rhs.reason && lhs.message == rhs.message }
    func hash(into hasher: inout Hasher) { hasher.combine(reason); hasher.combine(message) }

    var isReady: Bool { if case .ready = self { return true } else { return false } }

    /// Only Kafka can tell when this changes, so the operator polls instead of waiting for a watch event.
    var waitsOnKafka: Bool {
        switch self {
        case .waitingForKafka, .waitingForQuorum, .waitingForBrokerRegistration: return true
        default: return false
        }
    }

    /// The Ready condition's reason (also the Reconciling and Degraded reasons while not ready).
    var reason: String {
        switch self {
        case .waitingForControllerPods: return "WaitingForControllers"
        case .waitingForBrokerPods: return "WaitingForBrokers"
        case .waitingForKafka: return "WaitingForKafka"
        case .waitingForQuorum: return "WaitingForQuorum"
        case .waitingForBrokerRegistration: return "WaitingForBrokerRegistration"
        case .ready: return "ClusterReady"
        }
    }

    var message: String {
        switch self {
        case .waitingForControllerPods(let notReady, let total):
            return "waiting for \(notReady.count) of \(total) controller Pods to be Ready: \(Self.pods(notReady))"
        case .waitingForBrokerPods(let notReady, let total):
            return "waiting for \(notReady.count) of \(total) broker Pods to be Ready: \(Self.pods(notReady))"
        case .waitingForKafka(let bootstrap, let error):
            return "waiting for Kafka to answer at \(bootstrap): \(error)"
        case .waitingForQuorum(let controllers):
            return "waiting for the KRaft quorum (controllers \(Self.ids(controllers))) to elect a leader"
        case .waitingForBrokerRegistration(let brokers):
            return "waiting for broker\(brokers.count == 1 ? "" : "s") \(Self.ids(brokers)) to register"
        case .ready(let controllers, let brokers, let leader):
            return "\(controllers) controller\(controllers == 1 ? "" : "s") and \(brokers) broker\(brokers == 1 ? "" : "s") are running; the quorum leader is node \(leader) and every broker is registered"
        }
    }

    private static func pods(_ pods: [(String, String)]) -> String {
        pods.map { "\($0.0) (\($0.1))" }.joined(separator: ", ")
    }

    private static func ids(_ ids: [Int32]) -> String { ids.map(String.init).joined(separator: ", ") }
}

/// Which Pods of a set are not Ready, and why: `(name, reason)`; a Pod not created yet is `NotCreated`.
func notReadyPods(_ names: [String], in pods: [String: CoreV1.Pod]) -> [(String, String)] {
    names.compactMap { name in
        guard let pod = pods[name] else { return (name, "NotCreated") }
        return pod.isReady && !pod.metadata.isBeingDeleted ? nil : (name, pod.notReadyReason)
    }
}
