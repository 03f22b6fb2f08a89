import Crypto
import Foundation
import SwiftASN1
import X509

/// A throwaway certificate authority and the serving certificate it signed for `127.0.0.1`, `::1` and
/// `localhost`, made when a TLS server starts: clients trust `certificateAuthorityPEM` (the kubeconfig
/// carries it as `certificate-authority-data`), and nothing has to be provisioned beforehand.
///
/// Keys are ECDSA P-256 and live only in memory; they are valid for a year from one hour before
/// creation (tolerating a clock that runs a little behind).
public struct ServingCertificates: Sendable {
    /// The CA certificate, PEM: what a client must trust.
    public let certificateAuthorityPEM: String
    /// The serving certificate followed by the CA, PEM: what the server presents.
    public let servingChainPEM: String
    /// The serving certificate's private key, PKCS#8 PEM.
    let servingKeyPEM: String

    /// Generates a fresh CA and a serving certificate for the loopback names.
    public static func generate(now: Date = Date()) throws -> ServingCertificates {
        let notBefore = now.addingTimeInterval(-3600)
        let notAfter = now.addingTimeInterval(365 * 24 * 3600)

        let authorityKey = P256.Signing.PrivateKey()
        let authoritySigningKey = Certificate.PrivateKey(authorityKey)
        let authorityName = try DistinguishedName {
            OrganizationName("capstan")
            CommonName("capstan in-memory API server CA")
        }
        let authority = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: authoritySigningKey.publicKey,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: authorityName, subject: authorityName,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true))
                SubjectKeyIdentifier(hash: authoritySigningKey.publicKey)
            },
            issuerPrivateKey: authoritySigningKey)

        let servingKey = P256.Signing.PrivateKey()
        let servingPublicKey = Certificate.PublicKey(servingKey.publicKey)
        let serving = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: servingPublicKey,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: authorityName,
            subject: try DistinguishedName { CommonName("kube-apiserver") },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.serverAuth])
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: authoritySigningKey.publicKey).keyIdentifier)
                SubjectAlternativeNames([
                    .dnsName("localhost"),
                    .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                    .ipAddress(ASN1OctetString(contentBytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
                ])
            },
            issuerPrivateKey: authoritySigningKey)

        let authorityPEM = try authority.serializeAsPEM().pemString
        return ServingCertificates(
            certificateAuthorityPEM: authorityPEM + "\n",
            servingChainPEM: try serving.serializeAsPEM().pemString + "\n" + authorityPEM + "\n",
            servingKeyPEM: servingKey.pemRepresentation + "\n")
    }
}
