import Foundation
import KubernetesCore
import Logging

/// A client for one Kubernetes API server: rate-limited, retrying idempotent requests on throttling and
/// server errors, mapping every failure to a `KubernetesError`.
///
/// ```swift
/// let client = try KubeClient(configuration: .detect())
/// let pods = client.api(CoreV1.Pod.self, namespace: "kafka")
/// for pod in try await pods.list().items { print(pod.metadata.name ?? "") }
/// try await client.shutdown()
/// ```
public final class KubeClient: Sendable {
    public let configuration: ClientConfiguration
    let transport: any HTTPTransport
    let rateLimiter: RateLimiter
    let logger: Logger

    /// Uses AsyncHTTPClient unless another transport is given (tests pass a scripted one).
    public init(
        configuration: ClientConfiguration, transport: (any HTTPTransport)? = nil,
        logger: Logger = Logger(label: "capstan.kubernetes.client")
    ) throws(KubernetesError) {
        self.configuration = configuration
        if let transport {
            self.transport = transport
        } else {
            self.transport = try AsyncHTTPClientTransport(configuration: configuration)
        }
        self.rateLimiter = RateLimiter(queriesPerSecond: configuration.queriesPerSecond, burst: configuration.burst)
        self.logger = logger
    }

    /// Closes connections. Call once, when done with the client.
    public func shutdown() async throws {
        try await transport.shutdown()
    }

    /// Runs `body` with a client and shuts it down afterwards, whether `body` throws or not.
    public static func withClient<Result: Sendable>(
        configuration: ClientConfiguration, transport: (any HTTPTransport)? = nil,
        _ body: (KubeClient) async throws -> Result
    ) async throws -> Result {
        let client = try KubeClient(configuration: configuration, transport: transport)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Typed access to one resource type, in `namespace` (nil: all namespaces for lists and watches, the
    /// configured namespace for single objects).
    public func api<R: Resource>(_ type: R.Type, namespace: String? = nil) -> Api<R> {
        Api(client: self, namespace: namespace)
    }

    /// Sends a request: waits for the rate limiter, retries what is safe to retry, and throws
    /// `KubernetesError` for anything but a 2xx answer.
    public func send(_ request: APIRequest) async throws(KubernetesError) -> HTTPResponse {
        var attempt = 1
        while true {
            do {
                try await rateLimiter.acquire()
            } catch {
                throw KubernetesError(code: .cancelled, message: "cancelled while rate-limited", request: describe(request))
            }
            let error: KubernetesError
            do {
                let response = try await transport.send(request, timeout: configuration.requestTimeout)
                if (200..<300).contains(response.status) { return response }
                error = Self.apiError(status: response.status, headers: response.headers, body: response.body, request: describe(request))
            } catch let transportError {
                error = Self.transportError(transportError, request: describe(request))
            }
            guard attempt < configuration.maxAttempts, shouldRetry(request, after: error) else { throw error }
            let delay = retryDelay(attempt: attempt, error: error)
            logger.debug("retrying", metadata: ["request": "\(describe(request))", "attempt": "\(attempt)", "error": "\(error)", "delay": "\(delay)"])
            do {
                try await Task.sleep(for: delay)
            } catch {
                throw KubernetesError(code: .cancelled, message: "cancelled while waiting to retry", request: describe(request))
            }
            attempt += 1
        }
    }

    /// Opens a streaming request (a watch). Non-2xx answers are read whole and thrown as errors.
    public func stream(_ request: APIRequest) async throws(KubernetesError) -> StreamingHTTPResponse {
        do {
            try await rateLimiter.acquire()
        } catch {
            throw KubernetesError(code: .cancelled, message: "cancelled while rate-limited", request: describe(request))
        }
        let response: StreamingHTTPResponse
        do {
            response = try await transport.stream(request)
        } catch {
            throw Self.transportError(error, request: describe(request))
        }
        if (200..<300).contains(response.status) { return response }
        var body: [UInt8] = []
        do {
            for try await chunk in response.body where body.count < 1 << 20 { body += chunk }
        } catch {
            // The error status is what matters; a truncated error body still maps to the right error.
        }
        throw Self.apiError(status: response.status, headers: response.headers, body: body, request: describe(request))
    }

    /// Sends a request and decodes the 2xx body as `T`.
    public func send<T: Decodable>(_ request: APIRequest, decoding type: T.Type) async throws(KubernetesError) -> T {
        let response = try await send(request)
        return try Self.decode(T.self, from: response.body, request: describe(request))
    }

    // MARK: Retry policy

    /// 429 is retried for every method (the server rejected it before doing anything); 5xx and
    /// connection failures only for idempotent requests, since a POST may have been applied.
    func shouldRetry(_ request: APIRequest, after error: KubernetesError) -> Bool {
        guard error.isRetriable else { return false }
        if error.isTooManyRequests { return true }
        return request.isIdempotent
    }

    /// Retry-After when the server gave one (capped at a minute), else exponential backoff with jitter.
    func retryDelay(attempt: Int, error: KubernetesError) -> Duration {
        if let seconds = error.retryAfterSeconds, seconds > 0 {
            return .seconds(min(seconds, 60))
        }
        let base = 0.1 * pow(2.0, Double(attempt - 1))
        let capped = min(base, 10)
        return .milliseconds(Int(capped * 1000 * Double.random(in: 0.5...1.0)))
    }

    func describe(_ request: APIRequest) -> String {
        "\(request.method.rawValue) \(request.path)"
    }
}
