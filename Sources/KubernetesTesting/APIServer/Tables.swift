import Foundation
import KubernetesCore

/// `meta.k8s.io/v1 Table` responses for `kubectl get` (which asks with `Accept: ...;as=Table`).
enum Tables {
    static let nameDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"

    /// One printed column: its definition and how a cell is computed from an object.
    struct Column: Sendable {
        var definition: JSONValue
        var cell: @Sendable (JSONValue) -> JSONValue
    }

    static func table(for objects: [JSONValue], resource: ServedResource, catalog: ResourceCatalog, listRevision: Int64?, continueToken: String? = nil) -> JSONValue {
        var listMetadata: JSONValue = [:]
        if let listRevision { listMetadata["resourceVersion"] = .string(String(listRevision)) }
        if let continueToken { listMetadata["continue"] = .string(continueToken) }
        if let custom = WriteRules.customTable(for: objects, resource: resource, catalog: catalog, listMetadata: listMetadata) { return custom }
        let columns = columns(for: resource)
        let rows = objects.map { object -> JSONValue in
            ["cells": .array(columns.map { $0.cell(object) }),
             "object": ["apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadata", "metadata": object["metadata"] ?? [:]]]
        }
        var metadata: JSONValue = [:]
        if let listRevision { metadata["resourceVersion"] = .string(String(listRevision)) }
        if let continueToken { metadata["continue"] = .string(continueToken) }
        return ["apiVersion": "meta.k8s.io/v1", "kind": "Table", "metadata": metadata,
                "columnDefinitions": .array(columns.map(\.definition)), "rows": .array(rows)]
    }

    static let nameColumn = Column(
        definition: ["name": "Name", "type": "string", "format": "name", "description": .string(nameDescription), "priority": 0],
        cell: { .string($0[path: ["metadata", "name"]]?.stringValue ?? "") })

    static let ageColumn = Column(
        definition: ["name": "Age", "type": "date", "format": "", "description": "Custom resource definition column (in JSONPath format): .metadata.creationTimestamp", "priority": 0],
        cell: { object in
            guard let text = object[path: ["metadata", "creationTimestamp"]]?.stringValue,
                  let created = try? Date(text, strategy: .iso8601) else { return "<unknown>" }
            return .string(humanDuration(Date().timeIntervalSince(created)))
        })

    /// kubectl's short durations: `0s`, `42s`, `5m`, `3h`, `2d`.
    static func humanDuration(_ interval: TimeInterval) -> String {
        let seconds = max(0, Int(interval))
        if seconds < 120 { return "\(seconds)s" }
        if seconds < 3600 * 3 { return "\(seconds / 60)m" }
        if seconds < 86400 * 2 { return "\(seconds / 3600)h" }
        return "\(seconds / 86400)d"
    }
}
