import Foundation
import Testing

@testable import KafkaAdmin

@Suite("SCRAM (RFC 5802 / RFC 7677)")
struct ScramClientTests {
    /// RFC 7677 section 3: the SCRAM-SHA-256 example exchange, byte for byte.
    @Test func rfc7677Sha256Exchange() throws {
        var client = ScramClient(mechanism: .sha256, username: "user", password: "pencil", clientNonce: "rOprNGfwEbeRWgbNEkqO")
        #expect(client.clientFirstMessage() == "n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
        let clientFinal = try client.clientFinalMessage(serverFirst: serverFirst)
        #expect(clientFinal == "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
        try client.verifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
    }

    @Test func wrongServerSignatureIsAnAuthenticationFailure() throws {
        var client = ScramClient(mechanism: .sha256, username: "user", password: "pencil", clientNonce: "rOprNGfwEbeRWgbNEkqO")
        _ = client.clientFirstMessage()
        _ = try client.clientFinalMessage(
            serverFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
        let error = #expect(throws: KafkaAdminError.self) {
            try client.verifyServerFinal("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
        }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.message.contains("server signature") == true)
    }

    @Test func serverNonceMustExtendClientNonce() {
        var client = ScramClient(mechanism: .sha512, username: "user", password: "pencil", clientNonce: "abc")
        _ = client.clientFirstMessage()
        #expect(throws: KafkaAdminError.self) {
            try client.clientFinalMessage(serverFirst: "r=xyz123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
        }
    }

    @Test func serverErrorAttributeIsReported() throws {
        var client = ScramClient(mechanism: .sha512, username: "user", password: "pencil", clientNonce: "abc")
        _ = client.clientFirstMessage()
        _ = try client.clientFinalMessage(serverFirst: "r=abcdef,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
        let error = #expect(throws: KafkaAdminError.self) { try client.verifyServerFinal("e=invalid-proof") }
        #expect(error?.message.contains("invalid-proof") == true)
    }

    /// RFC 7677's salted password, checked independently through the client key it yields: the proof above
    /// only matches if Hi() is right, and SHA-512 must produce a 64-byte key.
    @Test func saltedPasswordLengthsFollowTheHash() {
        let salt = Array(Data(base64Encoded: "W22ZaJ0SNY7soEsUEjb6gQ==") ?? Data())
        #expect(ScramMechanism.sha256.saltedPassword("pencil", salt: salt, iterations: 4096).count == 32)
        #expect(ScramMechanism.sha512.saltedPassword("pencil", salt: salt, iterations: 4096).count == 64)
        #expect(ScramMechanism.sha256.saltedPassword("pencil", salt: salt, iterations: 1) != ScramMechanism.sha256.saltedPassword("pencil", salt: salt, iterations: 2))
    }

    @Test func namesAreEscaped() {
        var client = ScramClient(mechanism: .sha256, username: "a=b,c", password: "p", clientNonce: "n")
        #expect(client.clientFirstMessage() == "n,,n=a=3Db=2Cc,r=n")
    }
}
