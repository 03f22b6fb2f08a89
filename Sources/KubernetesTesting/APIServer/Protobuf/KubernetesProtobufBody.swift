import KubernetesCore

/// Request bodies in `application/vnd.kubernetes.protobuf`, which kubectl's typed commands send
/// (`kubectl create namespace|configmap|secret|serviceaccount|role|rolebinding|clusterrole|clusterrolebinding`): the 4-byte magic `k8s\0`, then a
/// `runtime.Unknown` (typeMeta = 1 with apiVersion = 1 and kind = 2; raw = 2, the object's own message;
/// contentEncoding = 3; contentType = 4). The object becomes the JSON the rest of the server works on.
///
/// Only the kinds in `schemas` are understood (field numbers from Kubernetes' generated.proto for these
/// types); any other kind is refused with 415 naming the JSON way to send it.
enum KubernetesProtobufBody {
    static let mediaType = "application/vnd.kubernetes.protobuf"
    private static let magic: [UInt8] = [0x6B, 0x38, 0x73, 0x00]

    static func decode(_ body: [UInt8], routeKind: String) throws(APIError) -> JSONValue {
        guard body.starts(with: magic) else {
            throw APIError.badRequest("the protobuf body does not start with the Kubernetes magic bytes \"k8s\\x00\"")
        }
        // The envelope in one pass: typeMeta (1), raw (2), contentEncoding (3); contentType (4) is unused.
        var typeMeta: [String: JSONValue] = [:]
        var raw: ArraySlice<UInt8> = []
        var contentEncoding = ""
        do {
            var reader = ProtobufWireReader(body[magic.count...])
            while let (number, value) = try reader.next() {
                guard case .bytes(let bytes) = value else { continue }
                switch number {
                case 1: typeMeta = try typeMetaSchema.decode(bytes)
                case 2: raw = bytes
                case 3: contentEncoding = String(decoding: bytes, as: UTF8.self)
                default: continue
                }
            }
        } catch {
            throw APIError.badRequest("the protobuf body is malformed: \(error.reason)")
        }
        var kind = routeKind
        if case .string(let named)? = typeMeta["kind"], !named.isEmpty { kind = named }
        if !contentEncoding.isEmpty {
            throw APIError.unsupportedMediaType(accepted: ["application/json", "application/yaml", "\(mediaType) (without contentEncoding)"])
        }
        guard let schema = schemas[kind] else {
            throw APIError(
                code: 415, reason: "UnsupportedMediaType",
                message: "this API server decodes protobuf bodies only for \(schemas.keys.sorted().joined(separator: ", ")); send \(kind) as JSON or YAML (kubectl create -f FILE, or kubectl apply -f FILE)")
        }
        var object: [String: JSONValue]
        do {
            object = try schema.decode(raw)
        } catch {
            throw APIError.badRequest("the protobuf body of the \(kind) is malformed: \(error.reason)")
        }
        for key in ["apiVersion", "kind"] { if let value = typeMeta[key] { object[key] = value } }
        return .object(object)
    }

    typealias Schema = ProtobufObjectSchema
    typealias Field = ProtobufObjectSchema.Field

    private static let typeMetaSchema = Schema(fields: [1: Field(json: "apiVersion", type: .string), 2: Field(json: "kind", type: .string)])

    private static let ownerReference = Schema(fields: [
        1: Field(json: "kind", type: .string), 3: Field(json: "name", type: .string), 4: Field(json: "uid", type: .string),
        5: Field(json: "apiVersion", type: .string), 6: Field(json: "controller", type: .bool, keepsZero: true),
        7: Field(json: "blockOwnerDeletion", type: .bool, keepsZero: true),
    ])

    /// `metav1.ObjectMeta` without managedFields, which the server sets itself.
    private static let objectMeta = Schema(fields: [
        1: Field(json: "name", type: .string), 2: Field(json: "generateName", type: .string),
        3: Field(json: "namespace", type: .string), 5: Field(json: "uid", type: .string),
        6: Field(json: "resourceVersion", type: .string), 7: Field(json: "generation", type: .int64),
        8: Field(json: "creationTimestamp", type: .time), 9: Field(json: "deletionTimestamp", type: .time),
        10: Field(json: "deletionGracePeriodSeconds", type: .int64, keepsZero: true),
        11: Field(json: "labels", type: .stringMap), 12: Field(json: "annotations", type: .stringMap),
        13: Field(json: "ownerReferences", type: .message(ownerReference), repeated: true),
        14: Field(json: "finalizers", type: .string, repeated: true),
    ])

    private static let objectReference = Schema(fields: [
        1: Field(json: "kind", type: .string), 2: Field(json: "namespace", type: .string), 3: Field(json: "name", type: .string),
        4: Field(json: "uid", type: .string), 5: Field(json: "apiVersion", type: .string),
        6: Field(json: "resourceVersion", type: .string), 7: Field(json: "fieldPath", type: .string),
    ])

    private static let localObjectReference = Schema(fields: [1: Field(json: "name", type: .string)])

    private static let policyRule = Schema(fields: [
        1: Field(json: "verbs", type: .string, repeated: true), 2: Field(json: "apiGroups", type: .string, repeated: true),
        3: Field(json: "resources", type: .string, repeated: true), 4: Field(json: "resourceNames", type: .string, repeated: true),
        5: Field(json: "nonResourceURLs", type: .string, repeated: true),
    ])

    private static let roleBinding = Schema(fields: [
        1: Field(json: "metadata", type: .message(objectMeta)),
        2: Field(
            json: "subjects",
            type: .message(Schema(fields: [
                1: Field(json: "kind", type: .string), 2: Field(json: "apiGroup", type: .string),
                3: Field(json: "name", type: .string), 4: Field(json: "namespace", type: .string),
            ])),
            repeated: true),
        3: Field(
            json: "roleRef",
            type: .message(Schema(fields: [
                1: Field(json: "apiGroup", type: .string), 2: Field(json: "kind", type: .string), 3: Field(json: "name", type: .string),
            ]))),
    ])

    private static let role = Schema(fields: [
        1: Field(json: "metadata", type: .message(objectMeta)), 2: Field(json: "rules", type: .message(policyRule), repeated: true),
    ])

    static let schemas: [String: Schema] = [
        "Role": role, "ClusterRole": role, "RoleBinding": roleBinding, "ClusterRoleBinding": roleBinding,
        "Namespace": Schema(fields: [
            1: Field(json: "metadata", type: .message(objectMeta)),
            2: Field(json: "spec", type: .message(Schema(fields: [1: Field(json: "finalizers", type: .string, repeated: true)]))),
        ]),
        "ConfigMap": Schema(fields: [
            1: Field(json: "metadata", type: .message(objectMeta)), 2: Field(json: "data", type: .stringMap),
            3: Field(json: "binaryData", type: .bytesMap), 4: Field(json: "immutable", type: .bool, keepsZero: true),
        ]),
        "Secret": Schema(fields: [
            1: Field(json: "metadata", type: .message(objectMeta)), 2: Field(json: "data", type: .bytesMap),
            3: Field(json: "type", type: .string), 4: Field(json: "stringData", type: .stringMap),
            5: Field(json: "immutable", type: .bool, keepsZero: true),
        ]),
        "ServiceAccount": Schema(fields: [
            1: Field(json: "metadata", type: .message(objectMeta)),
            2: Field(json: "secrets", type: .message(objectReference), repeated: true),
            3: Field(json: "imagePullSecrets", type: .message(localObjectReference), repeated: true),
            4: Field(json: "automountServiceAccountToken", type: .bool, keepsZero: true),
        ]),
    ]
}
