import NIOSSL

extension KafkaTLSConfiguration {
    func makeContext() throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
        }
        if let certificateFile {
            guard let privateKeyFile else {
                throw KafkaAdminError(
                    code: .invalidArgument,
                    message: "a TLS client certificate (\(certificateFile)) needs its private key: pass --tls-key")
            }
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: privateKeyFile, format: .pem))
        }
        if !verifyHostname { tls.certificateVerification = .noHostnameVerification }
        return try NIOSSLContext(configuration: tls)
    }
}
