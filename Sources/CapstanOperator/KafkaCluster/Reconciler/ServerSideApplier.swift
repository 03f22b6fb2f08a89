import Foundation
import KubernetesClient
import KubernetesController
import KubernetesCore

/// Server-side applies objects with one field manager (`force`), skipping those whose cached copy already
/// holds every field the operator sets: a reconcile of a converged cluster sends no write at all.
struct ServerSideApplier: Sendable {
    let client: KubeClient
    let fieldManager: String
    /// The cluster the objects belong to (the memo's scope).
    let cluster: ObjectKey
    let memo: AppliedObjectMemo

    /// Applies `desired` unless `cached` already contains it. Returns true when it wrote.
    @discardableResult
    func apply<R: Resource & Hashable>(_ desired: R, cached: R?) async throws -> Bool {
        let key = "\(R.kind)/\(desired.metadata.name ?? "")"
        if let cached {
            let version = cached.metadata.resourceVersion
            if memo.isKnownApplied(cluster: cluster, object: key, resourceVersion: version, desired: desired) { return false }
            if try Self.contains(cached, desired) {
                memo.rememberApplied(cluster: cluster, object: key, resourceVersion: version, desired: desired)
                return false
            }
        }
        let applied = try await client.api(R.self, namespace: desired.metadata.namespace)
            .apply(desired, fieldManager: fieldManager, force: true)
        memo.rememberApplied(cluster: cluster, object: key, resourceVersion: applied.metadata.resourceVersion, desired: desired)
        return true
    }

    /// True when every field set in `desired` has the same value in `actual` (fields the server or other
    /// managers added are ignored; lists must match element by element).
    static func contains<R: Encodable>(_ actual: R, _ desired: R) throws -> Bool {
        try JSONValue.encoding(actual).contains(try JSONValue.encoding(desired))
    }
}

extension JSONValue {
    /// The JSON form of an Encodable value.
    static func encoding(_ value: some Encodable) throws -> JSONValue {
        let data = try JSONEncoder().encode(value)
        return try JSONParser().parse(Array(data))
    }

    /// True when `subset`'s members are all here with equal values (recursively; arrays element-wise
    /// with equal length; numbers compared by value).
    func contains(_ subset: JSONValue) -> Bool {
        switch (self, subset) {
        case (.object(let mine), .object(let theirs)):
            return theirs.allSatisfy { key, value in
                guard let present = mine[key] else { return value == .null }
                return present.contains(value)
            }
        case (.array(let mine), .array(let theirs)):
            return mine.count == theirs.count && zip(mine, theirs).allSatisfy { $0.contains($1) }
        case (.integer, .double), (.double, .integer):
            return doubleValue == subset.doubleValue
        default:
            return self == subset
        }
    }
}
