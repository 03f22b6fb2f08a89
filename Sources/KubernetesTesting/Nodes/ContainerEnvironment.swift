import Foundation
import KubernetesCore
import KubernetesModels

/// What a container is given before it starts, resolved the way the kubelet does: environment variables
/// (`value` with `$(VAR)` expansion, `valueFrom` fieldRef / configMapKeyRef / secretKeyRef, `envFrom`),
/// the files of its configMap, secret and projected volumes, and the claims mounted into it.
struct ContainerEnvironment: Sendable {
    var environment: [String: String] = [:]
    var files: [String: String] = [:]
    var persistentVolumes: [String: String] = [:]

    /// A missing ConfigMap, Secret or key the container does not mark optional: the kubelet's
    /// CreateContainerConfigError, with its message.
    struct ConfigError: Error, Sendable {
        var message: String
    }

    /// Looks objects up by namespace and name.
    struct Sources: Sendable {
        var configMap: @Sendable (_ namespace: String, _ name: String) -> CoreV1.ConfigMap?
        var secret: @Sendable (_ namespace: String, _ name: String) -> CoreV1.Secret?
    }

    static func resolve(_ container: CoreV1.Container, in pod: CoreV1.Pod, podIP: String, hostIP: String, sources: Sources) throws(ConfigError) -> ContainerEnvironment {
        let namespace = pod.metadata.namespace ?? "default"
        var result = ContainerEnvironment()
        func configMap(_ name: String?, optional: Bool?) throws(ConfigError) -> [String: String]? {
            guard let map = sources.configMap(namespace, name ?? "") else {
                if optional == true { return nil }
                throw ConfigError(message: "configmap \"\(name ?? "")\" not found")
            }
            return map.data ?? [:]
        }
        func secret(_ name: String?, optional: Bool?) throws(ConfigError) -> [String: String]? {
            guard let secret = sources.secret(namespace, name ?? "") else {
                if optional == true { return nil }
                throw ConfigError(message: "secret \"\(name ?? "")\" not found")
            }
            return (secret.data ?? [:]).mapValues { Data(base64Encoded: $0).map { String(decoding: $0, as: UTF8.self) } ?? "" }
        }
        for source in container.envFrom ?? [] {
            let prefix = source.prefix ?? ""
            if let ref = source.configMapRef, let data = try configMap(ref.name, optional: ref.optional) {
                for (key, value) in data { result.environment[prefix + key] = value }
            }
            if let ref = source.secretRef, let data = try secret(ref.name, optional: ref.optional) {
                for (key, value) in data { result.environment[prefix + key] = value }
            }
        }
        for variable in container.env ?? [] {
            if let value = variable.value {
                result.environment[variable.name] = expand(value, with: result.environment)
            } else if let field = variable.valueFrom?.fieldRef {
                result.environment[variable.name] = fieldValue(field.fieldPath, pod: pod, podIP: podIP, hostIP: hostIP)
            } else if let ref = variable.valueFrom?.configMapKeyRef {
                guard let data = try configMap(ref.name, optional: ref.optional) else { continue }
                guard let value = data[ref.key] else {
                    if ref.optional == true { continue }
                    throw ConfigError(message: "couldn't find key \(ref.key) in ConfigMap \(namespace)/\(ref.name ?? "")")
                }
                result.environment[variable.name] = value
            } else if let ref = variable.valueFrom?.secretKeyRef {
                guard let data = try secret(ref.name, optional: ref.optional) else { continue }
                guard let value = data[ref.key] else {
                    if ref.optional == true { continue }
                    throw ConfigError(message: "couldn't find key \(ref.key) in Secret \(namespace)/\(ref.name ?? "")")
                }
                result.environment[variable.name] = value
            } else {
                result.environment[variable.name] = ""
            }
        }
        let volumes = Dictionary((pod.spec?.volumes ?? []).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for mount in container.volumeMounts ?? [] {
            guard let volume = volumes[mount.name] else { continue }
            func place(_ data: [String: String], items: [CoreV1.KeyToPath]?) {
                let base = mount.mountPath.hasSuffix("/") ? String(mount.mountPath.dropLast()) : mount.mountPath
                if let items, !items.isEmpty {
                    for item in items { if let value = data[item.key] { result.files["\(base)/\(item.path)"] = value } }
                } else {
                    for (key, value) in data { result.files["\(base)/\(key)"] = value }
                }
            }
            if let source = volume.configMap, let data = try configMap(source.name, optional: source.optional) {
                place(data, items: source.items)
            }
            if let source = volume.secret, let data = try secret(source.secretName, optional: source.optional) {
                place(data, items: source.items)
            }
            for projection in volume.projected?.sources ?? [] {
                if let source = projection.configMap, let data = try configMap(source.name, optional: source.optional) {
                    place(data, items: source.items)
                }
                if let source = projection.secret, let data = try secret(source.name, optional: source.optional) {
                    place(data, items: source.items)
                }
            }
            if let claim = volume.persistentVolumeClaim {
                result.persistentVolumes[mount.mountPath] = "\(namespace)/\(claim.claimName)"
            }
        }
        return result
    }

    /// The downward API's field paths.
    static func fieldValue(_ path: String, pod: CoreV1.Pod, podIP: String, hostIP: String) -> String {
        func bracketed(_ prefix: String) -> String? {
            guard path.hasPrefix(prefix + "['"), path.hasSuffix("']") else { return nil }
            return String(path.dropFirst(prefix.count + 2).dropLast(2))
        }
        if let key = bracketed("metadata.labels") { return pod.metadata.labels?[key] ?? "" }
        if let key = bracketed("metadata.annotations") { return pod.metadata.annotations?[key] ?? "" }
        switch path {
        case "metadata.name": return pod.metadata.name ?? ""
        case "metadata.namespace": return pod.metadata.namespace ?? ""
        case "metadata.uid": return pod.metadata.uid ?? ""
        case "spec.nodeName": return pod.spec?.nodeName ?? ""
        case "spec.serviceAccountName": return pod.spec?.serviceAccountName ?? ""
        case "status.podIP", "status.podIPs": return podIP
        case "status.hostIP", "status.hostIPs": return hostIP
        default: return ""
        }
    }

    /// `$(NAME)` expands to an earlier variable; `$$` escapes; unknown references stay as written.
    static func expand(_ value: String, with environment: [String: String]) -> String {
        guard value.contains("$") else { return value }
        var output = ""
        var index = value.startIndex
        while index < value.endIndex {
            let character = value[index]
            let next = value.index(after: index)
            if character == "$", next < value.endIndex {
                if value[next] == "$" {
                    output.append("$")
                    index = value.index(after: next)
                    continue
                }
                if value[next] == "(", let close = value[next...].firstIndex(of: ")") {
                    let name = String(value[value.index(after: next)..<close])
                    if let replacement = environment[name] {
                        output += replacement
                        index = value.index(after: close)
                        continue
                    }
                }
            }
            output.append(character)
            index = next
        }
        return output
    }
}
