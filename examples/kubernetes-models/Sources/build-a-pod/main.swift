import Foundation
import KubernetesCore
import KubernetesModels

// A broker Pod built in code: unset fields stay nil and are left out of the JSON (never `null`);
// apiVersion and kind come from the type.
let pod = CoreV1.Pod(
    metadata: ObjectMeta(name: "kafka-broker-0", namespace: "kafka", labels: ["app": "kafka"]),
    spec: CoreV1.PodSpec(containers: [
        CoreV1.Container(
            image: "apache/kafka:4.1.0",
            name: "kafka",
            ports: [CoreV1.ContainerPort(containerPort: 9092, name: "client")],
            resources: CoreV1.ResourceRequirements(requests: ["cpu": Quantity(integer: 1), "memory": Quantity(integer: 4 << 30, format: .binarySI)])
        ),
    ]))

let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
print(String(decoding: try encoder.encode(pod), as: UTF8.self))

// A list item from the API server has no apiVersion/kind; the type fills them in.
let list = try JSONDecoder().decode(
    ResourceList<CoreV1.Pod>.self,
    from: Data(#"{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"a"},"spec":{"containers":[{"name":"c"}]}}]}"#.utf8))
print("item: \(list.items[0].apiVersion) \(list.items[0].kind) \(list.items[0].metadata.name ?? "")")

// Identity and schema metadata, as the API server and discovery use them.
print("\(CoreV1.Pod.groupVersionResource) is \(CoreV1.Pod.scope.rawValue)")
let containers = KubernetesSchemas.builtIn.schema(named: "CoreV1.PodSpec")?.fields["containers"]
print("PodSpec.containers: \(containers.map { "\($0.shape)" } ?? "-"), merge key \(containers?.patchMergeKey ?? "-")")
print("built-in resource kinds: \(BuiltInResources.types.count)")
