/// The kubeconfig file format (`clientcmd/api/v1.Config`), only as far as a client needs it.
struct Kubeconfig: Decodable {
    var currentContext: String?
    var clusters: [NamedCluster]?
    var contexts: [NamedContext]?
    var users: [NamedUser]?

    enum CodingKeys: String, CodingKey {
        case currentContext = "current-context"
        case clusters, contexts, users
    }

    struct NamedCluster: Decodable {
        var name: String
        var cluster: Cluster
    }

    struct Cluster: Decodable {
        var server: String?
        var certificateAuthority: String?
        var certificateAuthorityData: String?
        var insecureSkipTLSVerify: Bool?
        var tlsServerName: String?

        enum CodingKeys: String, CodingKey {
            case server
            case certificateAuthority = "certificate-authority"
            case certificateAuthorityData = "certificate-authority-data"
            case insecureSkipTLSVerify = "insecure-skip-tls-verify"
            case tlsServerName = "tls-server-name"
        }
    }

    struct NamedContext: Decodable {
        var name: String
        var context: Context
    }

    struct Context: Decodable {
        var cluster: String?
        var user: String?
        var namespace: String?
    }

    struct NamedUser: Decodable {
        var name: String
        var user: User
    }

    struct User: Decodable {
        var token: String?
        var tokenFile: String?
        var clientCertificate: String?
        var clientCertificateData: String?
        var clientKey: String?
        var clientKeyData: String?
        var username: String?
        var password: String?
        var exec: ExecConfig?
        var authProvider: AuthProvider?

        enum CodingKeys: String, CodingKey {
            case token, tokenFile, username, password, exec
            case clientCertificate = "client-certificate"
            case clientCertificateData = "client-certificate-data"
            case clientKey = "client-key"
            case clientKeyData = "client-key-data"
            case authProvider = "auth-provider"
        }
    }

    struct ExecConfig: Decodable {
        var command: String?
        var args: [String]?
        var env: [ExecEnvVar]?
        var apiVersion: String?
        var installHint: String?
        var provideClusterInfo: Bool?
        var interactiveMode: String?
    }

    struct ExecEnvVar: Decodable {
        var name: String
        var value: String
    }

    struct AuthProvider: Decodable {
        var name: String?
    }
}
