import KubernetesCore
import KubernetesModels

extension Api where R: HasStatus {
    /// PUT to `/status`: only the status is written; the server ignores changes to anything else.
    public func replaceStatus(_ object: R, options: WriteOptions = WriteOptions()) async throws(KubernetesError) -> R {
        let body = try KubeClient.encode(normalized(object))
        return try await client.send(
            requests.replace(
                name: try name(of: object), namespace: namespace(of: object), body: body, subresource: "status",
                options: options),
            decoding: R.self)
    }

    /// Server-side apply to `/status` with the controller's own field manager.
    public func applyStatus(_ object: R, fieldManager: String, force: Bool = true) async throws(KubernetesError) -> R {
        let body = try KubeClient.encode(normalized(object))
        return try await client.send(
            requests.apply(
                name: try name(of: object), namespace: namespace(of: object), body: body, subresource: "status",
                options: ApplyOptions(fieldManager: fieldManager, force: force)),
            decoding: R.self)
    }

    /// Merge patch of `/status`.
    public func mergePatchStatus(_ name: String, _ patch: JSONValue) async throws(KubernetesError) -> R {
        try await self.patch(name, type: .merge, body: try KubeClient.encode(patch), subresource: "status")
    }
}

extension Api {
    /// Reads `/scale` into a caller-chosen type (autoscaling/v1 `Scale` for built-ins and CRDs alike).
    public func getScale<Scale: Decodable>(_ name: String, as type: Scale.Type) async throws(KubernetesError) -> Scale {
        try await client.send(requests.get(name: name, namespace: objectNamespace, subresource: "scale"), decoding: Scale.self)
    }

    /// Sets `spec.replicas` through `/scale` with a merge patch.
    public func patchScale<Scale: Decodable>(_ name: String, replicas: Int32, as type: Scale.Type) async throws(KubernetesError) -> Scale {
        let patch: JSONValue = ["spec": ["replicas": .integer(Int64(replicas))]]
        return try await client.send(
            requests.patch(
                name: name, namespace: objectNamespace, type: .merge, body: try KubeClient.encode(patch),
                subresource: "scale"),
            decoding: Scale.self)
    }
}

extension Api {
    /// Reads the `/scale` subresource (Deployments, StatefulSets, and custom resources with a scale
    /// subresource).
    public func scale(_ name: String) async throws(KubernetesError) -> AutoscalingV1.Scale {
        try await getScale(name, as: AutoscalingV1.Scale.self)
    }

    /// Sets the desired replicas through `/scale`, leaving the rest of the object alone.
    public func scale(_ name: String, replicas: Int32) async throws(KubernetesError) -> AutoscalingV1.Scale {
        try await patchScale(name, replicas: replicas, as: AutoscalingV1.Scale.self)
    }
}
