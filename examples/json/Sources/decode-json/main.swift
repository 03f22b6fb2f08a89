import KubernetesCore
import KubernetesModels

// 1. Strict parsing into JSONValue: int64 stays exact, errors name the byte offset.
let document = #"{"metadata": {"name": "kafka-0", "generation": 9223372036854775807}, "ratio": 0.5}"#
let value = try JSONParser().parse(document)
print("generation:", value[path: ["metadata", "generation"]]?.int64Value ?? 0)

do {
    _ = try JSONParser().parse(#"{"name": "kafka-0",}"#)
} catch {
    print("rejected:", error)  // invalid JSON at byte 19: expected a string key in an object, found '}'
}

// 2. Decoding models: one parse, open-schema fields (managedFields[].fieldsV1) taken as parsed subtrees.
let podJSON = Array(#"""
    {"apiVersion": "v1", "kind": "Pod",
     "metadata": {"name": "kafka-0", "namespace": "kafka",
                  "managedFields": [{"manager": "capstan", "operation": "Apply", "fieldsV1": {"f:spec": {"f:containers": {}}}}]},
     "spec": {"containers": [{"name": "kafka", "image": "apache/kafka:3.9.0", "ports": [{"containerPort": 9092}]}]}}
    """#.utf8)
let pod = try KubernetesJSONDecoder().decode(CoreV1.Pod.self, from: podJSON)
print("pod:", pod.metadata.name ?? "?", "image:", pod.spec?.containers.first?.image ?? "?")

// 3. Errors carry the coding path, like JSONDecoder's.
do {
    _ = try KubernetesJSONDecoder().decode(CoreV1.Pod.self, from: Array(#"{"spec": {"containers": [{"name": 5}]}}"#.utf8))
} catch let DecodingError.typeMismatch(type, context) {
    print("type mismatch:", type, "at", context.codingPath.map(\.stringValue).joined(separator: "."))
}
