import Foundation
import Yams

extension ClientConfiguration {
    /// Loads a kubeconfig file and resolves one context (the current one unless `context` is given).
    ///
    /// Relative file paths inside the kubeconfig are relative to the file's folder, as kubectl does.
    /// Every problem is reported as one `.configuration` error naming the file and the field.
    public static func fromKubeconfig(path: String, context: String? = nil) throws(KubernetesError) -> ClientConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw configError(path, nil, "cannot read the file (\(describe(error))); set --kubeconfig or KUBECONFIG to an existing file")
        }
        let config: Kubeconfig
        do {
            config = try YAMLDecoder().decode(Kubeconfig.self, from: text)
        } catch {
            throw configError(path, nil, "is not a valid kubeconfig: \(describe(error))")
        }
        return try resolve(config, path: path, context: context)
    }

    /// The kubeconfig path kubectl would use: the first file of `$KUBECONFIG`, else `~/.kube/config`.
    public static func defaultKubeconfigPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let list = environment["KUBECONFIG"], let first = list.split(separator: ":").first {
            return String(first)
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.kube/config"
    }

    static func resolve(_ config: Kubeconfig, path: String, context requested: String?) throws(KubernetesError) -> ClientConfiguration {
        let contexts = config.contexts ?? []
        guard let contextName = requested ?? config.currentContext, !contextName.isEmpty else {
            throw configError(path, "current-context", "is not set and no context was given; available contexts: \(names(contexts.map(\.name)))")
        }
        guard let context = contexts.first(where: { $0.name == contextName })?.context else {
            throw configError(path, "contexts", "has no context named '\(contextName)'; available: \(names(contexts.map(\.name)))")
        }
        let clusters = config.clusters ?? []
        guard let clusterName = context.cluster else {
            throw configError(path, "contexts[\(contextName)].cluster", "is missing")
        }
        guard let cluster = clusters.first(where: { $0.name == clusterName })?.cluster else {
            throw configError(path, "contexts[\(contextName)].cluster", "names cluster '\(clusterName)', which is not in clusters (available: \(names(clusters.map(\.name))))")
        }
        guard let server = cluster.server, !server.isEmpty else {
            throw configError(path, "clusters[\(clusterName)].server", "is missing; it must be the API server URL, e.g. https://127.0.0.1:6443")
        }
        guard server.hasPrefix("https://") || server.hasPrefix("http://") else {
            throw configError(path, "clusters[\(clusterName)].server", "'\(server)' must start with https:// or http://")
        }

        let directory = (path as NSString).deletingLastPathComponent
        var tls = TLSSettings(insecureSkipVerify: cluster.insecureSkipTLSVerify ?? false, serverName: cluster.tlsServerName)
        tls.certificateAuthorityPEM = try material(
            data: cluster.certificateAuthorityData, file: cluster.certificateAuthority,
            field: "clusters[\(clusterName)].certificate-authority", kubeconfig: path, directory: directory)

        var authentication = Authentication.none
        if let userName = context.user, !userName.isEmpty {
            let users = config.users ?? []
            guard let user = users.first(where: { $0.name == userName })?.user else {
                throw configError(path, "contexts[\(contextName)].user", "names user '\(userName)', which is not in users (available: \(names(users.map(\.name))))")
            }
            let field = "users[\(userName)]"
            tls.clientCertificatePEM = try material(
                data: user.clientCertificateData, file: user.clientCertificate,
                field: "\(field).client-certificate", kubeconfig: path, directory: directory)
            tls.clientKeyPEM = try material(
                data: user.clientKeyData, file: user.clientKey, field: "\(field).client-key", kubeconfig: path,
                directory: directory)
            if (tls.clientCertificatePEM == nil) != (tls.clientKeyPEM == nil) {
                throw configError(path, field, "has a client certificate without a key or a key without a certificate; give both")
            }
            if let token = user.token, !token.isEmpty {
                authentication = .bearerToken(token)
            } else if let tokenFile = user.tokenFile, !tokenFile.isEmpty {
                let resolved = absolute(tokenFile, relativeTo: directory)
                guard FileManager.default.isReadableFile(atPath: resolved) else {
                    throw configError(path, "\(field).tokenFile", "'\(resolved)' cannot be read")
                }
                authentication = .bearerTokenFile(path: resolved)
            } else if let username = user.username, let password = user.password {
                authentication = .basic(username: username, password: password)
            } else if let exec = user.exec {
                authentication = .execPlugin(
                    try execPlugin(exec, field: "\(field).exec", path: path, cluster: cluster, server: server, tls: tls))
            } else if user.authProvider != nil, tls.clientCertificatePEM == nil {
                throw configError(path, "\(field).auth-provider", "auth providers ('\(user.authProvider?.name ?? "")') are not supported; use a token, a tokenFile or a client certificate")
            }
        }
        let namespace = context.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        return ClientConfiguration(server: server, namespace: namespace, tls: tls, authentication: authentication)
    }

    /// Checks a credential plugin's settings as client-go does: a command, a known apiVersion, and for
    /// v1 an explicit interactiveMode.
    private static func execPlugin(
        _ exec: Kubeconfig.ExecConfig, field: String, path: String, cluster: Kubeconfig.Cluster, server: String, tls: TLSSettings
    ) throws(KubernetesError) -> ExecPluginConfiguration {
        guard let command = exec.command, !command.isEmpty else {
            throw configError(path, "\(field).command", "is missing; it must name the credential plugin to run")
        }
        guard let apiVersion = exec.apiVersion, ExecPluginConfiguration.supportedAPIVersions.contains(apiVersion) else {
            throw configError(
                path, "\(field).apiVersion",
                "'\(exec.apiVersion ?? "")' is not supported; use one of \(ExecPluginConfiguration.supportedAPIVersions.joined(separator: ", "))")
        }
        let mode: ExecPluginConfiguration.InteractiveMode
        if let text = exec.interactiveMode, !text.isEmpty {
            guard let parsed = ExecPluginConfiguration.InteractiveMode(rawValue: text) else {
                throw configError(path, "\(field).interactiveMode", "'\(text)' is not one of Never, IfAvailable, Always")
            }
            mode = parsed
        } else if apiVersion == "client.authentication.k8s.io/v1" {
            throw configError(path, "\(field).interactiveMode", "is required for client.authentication.k8s.io/v1; set Never, IfAvailable or Always")
        } else {
            mode = .ifAvailable
        }
        return ExecPluginConfiguration(
            command: command, arguments: exec.args ?? [],
            environment: (exec.env ?? []).map { .init(name: $0.name, value: $0.value) },
            apiVersion: apiVersion, interactiveMode: mode, installHint: exec.installHint,
            provideClusterInfo: exec.provideClusterInfo ?? false,
            cluster: .init(
                server: server, tlsServerName: cluster.tlsServerName, insecureSkipTLSVerify: tls.insecureSkipVerify,
                certificateAuthorityData: tls.certificateAuthorityPEM),
            kubeconfigPath: path)
    }

    /// Reads inline base64 data or a file, preferring the data as kubectl does.
    private static func material(
        data: String?, file: String?, field: String, kubeconfig: String, directory: String
    ) throws(KubernetesError) -> [UInt8]? {
        if let data, !data.isEmpty {
            guard let decoded = Data(base64Encoded: data, options: .ignoreUnknownCharacters) else {
                throw configError(kubeconfig, field + "-data", "is not valid base64")
            }
            return Array(decoded)
        }
        guard let file, !file.isEmpty else { return nil }
        let resolved = absolute(file, relativeTo: directory)
        guard let contents = FileManager.default.contents(atPath: resolved) else {
            throw configError(kubeconfig, field, "'\(resolved)' cannot be read (missing or no permission)")
        }
        guard String(decoding: contents, as: UTF8.self).contains("-----BEGIN") else {
            throw configError(kubeconfig, field, "'\(resolved)' is not a PEM file")
        }
        return Array(contents)
    }

    static func absolute(_ path: String, relativeTo directory: String) -> String {
        path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
    }

    static func configError(_ file: String, _ field: String?, _ problem: String) -> KubernetesError {
        let location = field.map { "kubeconfig \(file): \($0)" } ?? "kubeconfig \(file)"
        return KubernetesError(code: .configuration, message: "\(location) \(problem)")
    }

    private static func names(_ list: [String]) -> String {
        list.isEmpty ? "none" : list.joined(separator: ", ")
    }

    private static func describe(_ error: any Error) -> String {
        if let yamlError = error as? YamlError { return "\(yamlError)" }
        if let decodingError = error as? DecodingError {
            switch decodingError {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
                .dataCorrupted(let context):
                let path = context.codingPath.map(\.stringValue).joined(separator: ".")
                return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
            @unknown default:
                return "\(decodingError)"
            }
        }
        return (error as NSError).localizedDescription
    }
}
