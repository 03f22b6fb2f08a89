import Foundation
@testable import KubernetesClient
import Testing

@Suite struct TokenRotationTests {
    @Test func rotatedTokenFileIsPickedUpAfterInvalidation() async throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("token", "first\n")
        let source = BearerTokenSource(authentication: .bearerTokenFile(path: path), refreshInterval: .seconds(3600))
        #expect(try await source.credentials().authorization == "Bearer first")
        try dir.write("token", "second")
        // Cached within the refresh interval...
        #expect(try await source.credentials().authorization == "Bearer first")
        // ...and re-read at once after a 401 invalidates it.
        await source.invalidate()
        #expect(try await source.credentials().authorization == "Bearer second")
    }

    @Test func zeroRefreshIntervalReadsEveryTime() async throws {
        let dir = try TemporaryDirectory()
        let path = try dir.write("token", "a")
        let source = BearerTokenSource(authentication: .bearerTokenFile(path: path), refreshInterval: .zero)
        #expect(try await source.credentials().authorization == "Bearer a")
        try dir.write("token", "b")
        #expect(try await source.credentials().authorization == "Bearer b")
    }

    @Test func basicAuthIsBase64() async throws {
        let source = BearerTokenSource(authentication: .basic(username: "u", password: "p"))
        #expect(try await source.credentials().authorization == "Basic dTpw")
    }
}
