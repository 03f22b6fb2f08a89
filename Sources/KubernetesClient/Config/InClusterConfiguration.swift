import Foundation

extension ClientConfiguration {
    /// Where a Pod finds its service-account credentials.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    /// The configuration of a process running in a Pod: the API server from `KUBERNETES_SERVICE_HOST`
    /// and `_PORT`, the CA and namespace from the service-account volume, and the token file, re-read as
    /// the kubelet rotates it.
    public static func inCluster(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        serviceAccountDirectory directory: String = serviceAccountDirectory
    ) throws(KubernetesError) -> ClientConfiguration {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else {
            throw KubernetesError(
                code: .configuration,
                message: "not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set; pass --kubeconfig or set KUBECONFIG")
        }
        let tokenPath = directory + "/token"
        guard FileManager.default.isReadableFile(atPath: tokenPath) else {
            throw KubernetesError(
                code: .configuration,
                message: "in-cluster: \(tokenPath) cannot be read; is automountServiceAccountToken disabled for this Pod?")
        }
        guard let ca = FileManager.default.contents(atPath: directory + "/ca.crt") else {
            throw KubernetesError(code: .configuration, message: "in-cluster: \(directory)/ca.crt cannot be read")
        }
        let namespace = (try? String(contentsOfFile: directory + "/namespace", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // IPv6 service hosts need brackets in a URL.
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return ClientConfiguration(
            server: "https://\(hostPart):\(port)", namespace: namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default",
            tls: TLSSettings(certificateAuthorityPEM: Array(ca)), authentication: .bearerTokenFile(path: tokenPath))
    }

    /// What `capstan operator` uses: an explicit kubeconfig, else `$KUBECONFIG`, else in-cluster, else
    /// `~/.kube/config`.
    public static func detect(
        kubeconfig: String? = nil, context: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(KubernetesError) -> ClientConfiguration {
        if let kubeconfig { return try fromKubeconfig(path: kubeconfig, context: context) }
        if environment["KUBECONFIG"] != nil {
            return try fromKubeconfig(path: defaultKubeconfigPath(environment: environment), context: context)
        }
        if environment["KUBERNETES_SERVICE_HOST"] != nil { return try inCluster(environment: environment) }
        return try fromKubeconfig(path: defaultKubeconfigPath(environment: environment), context: context)
    }
}
