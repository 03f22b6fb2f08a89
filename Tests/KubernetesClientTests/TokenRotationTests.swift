import Foundation
@testable import KubernetesClient
import Testing

@Suite struct TokenRotationTests {
    @Test func rotatedTokenFileIsPickedUpAfterInvalidation() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("token", "first\n")
        let source = BearerTokenSource(authentication: .bearerTokenFile(path: path), refreshInterval: .seconds(3600))
        #expect(try source.authorizationHeader() == "Bearer first")
        try dir.write("token", "second")
        // Cached within the refresh interval...
        #expect(try source.authorizationHeader() == "Bearer first")
        // ...and re-read at once after a 401 invalidates it.
        source.invalidate()
        #expect(try source.authorizationHeader() == "Bearer second")
    }

    @Test func zeroRefreshIntervalReadsEveryTime() throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("token", "a")
        let source = BearerTokenSource(authentication: .bearerTokenFile(path: path), refreshInterval: .zero)
        #expect(try source.authorizationHeader() == "Bearer a")
        try dir.write("token", "b")
        #expect(try source.authorizationHeader() == "Bearer b")
    }

    @Test func basicAuthIsBase64() throws {
        let source = BearerTokenSource(authentication: .basic(username: "u", password: "p"))
        #expect(try source.authorizationHeader() == "Basic dTpw")
    }
}
