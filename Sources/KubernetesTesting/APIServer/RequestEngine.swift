import Foundation
import KubernetesCore
import Synchronization

/// Routes every request to its handler: authentication, faults, content negotiation, then the verb.
final class RequestEngine: Sendable {
    let configuration: APIServer.Configuration
    let store: ObjectStore
    let faults: FaultInjector
    let controllers: ClusterControllers
    /// The port the listener bound (for discovery's serverAddressByClientCIDRs).
    let boundPort = Mutex<Int>(0)

    /// - Parameter certificateAuthorityPEM: the CA clients trust (every namespace's `kube-root-ca.crt`);
    ///   empty for a plain HTTP server.
    init(configuration: APIServer.Configuration, certificateAuthorityPEM: String = "") {
        self.configuration = configuration
        store = ObjectStore(initialRevision: configuration.initialResourceVersion, historyCapacity: configuration.historyCapacity)
        faults = FaultInjector(store: store)
        controllers = ClusterControllers(store: store, delay: configuration.controllerDelay, certificateAuthorityPEM: certificateAuthorityPEM)
        seedSystemNamespaces()
    }

    func handle(_ request: ServerRequest) async -> ServerResponse {
        await faults.waitWhilePaused()
        if let injected = faults.consume(method: request.method, path: request.path) {
            if case .delay(let duration) = injected.failure { try? await Task.sleep(for: duration) } else { return .error(injected.error) }
        }
        do {
            return try respond(request)
        } catch {
            return .error(error)
        }
    }

    func respond(_ request: ServerRequest) throws(APIError) -> ServerResponse {
        let catalog = store.catalog()
        let route = try RequestRoute.parse(request.path, catalog: catalog)
        try authorize(request, route: route)
        let format = try ResponseFormat.negotiate(request.header("Accept"))
        switch route {
        case .version: return .json(200, Self.versionInfo)
        case .health: return .complete(status: 200, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array("ok".utf8))
        case .coreGroupVersions, .groups, .groupDiscovery, .resourceList, .openAPIIndex, .openAPIDocument:
            return try discovery(route, format: format, catalog: catalog)
        case .collection(let resource, let namespace):
            switch request.method {
            case "GET":
                if ["1", "true"].contains(request.query["watch"]) { return try watch(request, resource: resource, namespace: namespace, name: nil, format: format) }
                return try list(request, resource: resource, namespace: namespace, format: format)
            case "POST":
                guard namespace != nil || !resource.namespaced else { throw APIError.methodNotAllowed }
                return try create(request, resource: resource, namespace: namespace, format: format)
            case "DELETE": return try deleteCollection(request, resource: resource, namespace: namespace, format: format)
            default: throw APIError.methodNotAllowed
            }
        case .object(let resource, let namespace, let name, let subresource):
            switch (request.method, subresource) {
            case ("GET", "scale"): return try getScale(resource: resource, namespace: namespace, name: name, format: format)
            case ("GET", _): return try get(request, resource: resource, namespace: namespace, name: name, format: format)
            case ("PUT", "scale"): return try updateScale(request, resource: resource, namespace: namespace, name: name, format: format)
            case ("PUT", _): return try update(request, resource: resource, namespace: namespace, name: name, subresource: subresource, format: format)
            case ("POST", "binding"): return try bindPod(request, resource: resource, namespace: namespace, name: name, format: format)
            case ("PATCH", _): return try patch(request, resource: resource, namespace: namespace, name: name, subresource: subresource, format: format)
            case ("DELETE", nil): return try delete(request, resource: resource, namespace: namespace, name: name, format: format)
            default: throw APIError.methodNotAllowed
            }
        }
    }

    /// `system:masters` may do anything; everyone else is forbidden (a deliberately tiny RBAC), and
    /// `/version` and health checks are open to anonymous users, as on a real server.
    func authorize(_ request: ServerRequest, route: RequestRoute) throws(APIError) {
        guard case .tokens(let tokens, let admin) = configuration.authentication else { return }
        var user = "system:anonymous"
        if let authorization = request.header("Authorization"), authorization.hasPrefix("Bearer ") {
            guard let known = tokens[String(authorization.dropFirst(7))] else { throw APIError.unauthorized }
            user = known
        }
        if let impersonated = request.header("Impersonate-User") { user = impersonated }
        if user == admin { return }
        switch route {
        case .version, .health: return
        case .collection(let resource, let namespace):
            let verb = request.method == "POST" ? "create" : (["1", "true"].contains(request.query["watch"]) ? "watch" : "list")
            throw APIError.forbidden(user: user, verb: verb, resource: resource, namespace: namespace)
        case .object(let resource, let namespace, _, _):
            let verbs = ["GET": "get", "PUT": "update", "PATCH": "patch", "DELETE": "delete", "POST": "create"]
            throw APIError.forbidden(user: user, verb: verbs[request.method] ?? "get", resource: resource, namespace: namespace)
        default:
            throw APIError(code: 403, reason: "Forbidden", message: "forbidden: User \"\(user)\" cannot get path \"\(request.path)\"", details: [:])
        }
    }

    /// The `/version` body of the recorded server (minus its build date, which is this process's start).
    static let versionInfo: JSONValue = [
        "major": "1", "minor": "36", "emulationMajor": "1", "emulationMinor": "36",
        "minCompatibilityMajor": "1", "minCompatibilityMinor": "35",
        "gitVersion": "v1.36.2+capstan", "gitCommit": "0000000000000000000000000000000000000000", "gitTreeState": "clean",
        "buildDate": .string(Timestamps.seconds(Date())), "goVersion": "go1.26.4", "compiler": "gc", "platform": "linux/amd64",
    ]

    private func seedSystemNamespaces() {
        guard let namespaces = store.catalog().resource(group: "", version: "v1", plural: "namespaces") else { return }
        for name in ["default", "kube-system", "kube-public", "kube-node-lease"] {
            var object: JSONValue = ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(name)]]
            Admission.initializeMetadata(&object, resource: namespaces, namespace: nil, now: Date())
            Admission.mutateOnCreate(&object, resource: namespaces)
            _ = try? store.write(namespaces, namespace: nil, name: name) { _, _ throws(APIError) in .create(object) }
        }
    }
}

/// Timestamps as Kubernetes writes them.
enum Timestamps {
    /// RFC 3339 with seconds (`metav1.Time`).
    static func seconds(_ date: Date) -> String {
        var formatter = Date.ISO8601FormatStyle()
        formatter.timeZone = TimeZone(identifier: "UTC") ?? .current
        return date.formatted(formatter)
    }

    /// RFC 3339 with exactly six fractional digits (`metav1.MicroTime`).
    static func micro(_ date: Date) -> String {
        let base = seconds(date).dropLast()
        let micros = Int((date.timeIntervalSince1970 - floor(date.timeIntervalSince1970)) * 1_000_000)
        return "\(base).\(String(format: "%06d", micros))Z"
    }
}
