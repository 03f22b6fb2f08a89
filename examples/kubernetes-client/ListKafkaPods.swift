import KubernetesClient
import KubernetesCore
import KubernetesModels

/// Lists the Pods of one namespace, then prints every change until the watch ends.
@main
struct ListKafkaPods {
    static func main() async throws {
        let namespace = CommandLine.arguments.dropFirst().first ?? "default"
        try await KubeClient.withClient(configuration: ClientConfiguration.detect()) { client in
            let pods = client.api(CoreV1.Pod.self, namespace: namespace)
            let list = try await pods.listAll()
            for pod in list.items {
                print("\(pod.metadata.name ?? "?")\t\(pod.status?.phase ?? "Unknown")")
            }
            // Watch from the list's resourceVersion so no change in between is missed.
            let events = try await pods.watch(WatchOptions(resourceVersion: list.metadata.resourceVersion, timeoutSeconds: 60))
            for try await event in events {
                if let pod = event.object {
                    print("\(event.typeName)\t\(pod.metadata.name ?? "?")\t\(pod.status?.phase ?? "Unknown")")
                }
            }
        }
    }
}
