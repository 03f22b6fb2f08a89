import KubernetesCore
import Synchronization

/// Makes the server misbehave on purpose, for tests of retry, relist and backoff logic:
/// failing requests, dropping watches, compacting history, pausing.
public final class FaultInjector: Sendable {
    /// How an injected failure answers.
    public enum Failure: Sendable, Hashable {
        /// 409 Conflict, as a stale resourceVersion would get.
        case conflict
        /// 429 TooManyRequests with `Retry-After`.
        case tooManyRequests(retryAfterSeconds: Int)
        /// 500 InternalError.
        case internalError
        /// 504 Timeout, as when the server gives up on a request.
        case timeout
        /// 503 ServiceUnavailable.
        case serviceUnavailable
        /// Answer normally, but only after this delay.
        case delay(Duration)
    }

    /// One pending failure rule.
    public struct Rule: Sendable {
        /// HTTP method to match (`GET`, `PUT`...), nil for any.
        public var method: String?
        /// Matched against the request path: `*` matches any run of characters, otherwise a substring.
        public var pathPattern: String
        public var remaining: Int
        public var failure: Failure

        func matches(method requestMethod: String, path: String) -> Bool {
            if let method, method.uppercased() != requestMethod { return false }
            guard pathPattern.contains("*") else { return path.contains(pathPattern) }
            return Self.glob(Array(pathPattern), Array(path))
        }

        static func glob(_ pattern: [Character], _ text: [Character]) -> Bool {
            var (p, t, star, mark) = (0, 0, -1, 0)
            while t < text.count {
                if p < pattern.count, pattern[p] == text[t] { p += 1; t += 1 }
                else if p < pattern.count, pattern[p] == "*" { star = p; mark = t; p += 1 }
                else if star >= 0 { p = star + 1; mark += 1; t = mark }
                else { return false }
            }
            while p < pattern.count, pattern[p] == "*" { p += 1 }
            return p == pattern.count
        }
    }

    struct Injected {
        var failure: Failure
        var error: APIError
    }

    private struct State {
        var rules: [Rule] = []
        var paused = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        /// Tests waiting until at least this many requests are held by `pause()`.
        var heldCountWaiters: [(minimum: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())
    private let store: ObjectStore

    init(store: ObjectStore) { self.store = store }

    /// Fails the next `count` requests whose method and path match.
    public func failNext(_ count: Int, method: String? = nil, path pattern: String, with failure: Failure) {
        state.withLock { $0.rules.append(Rule(method: method, pathPattern: pattern, remaining: count, failure: failure)) }
    }

    /// Forgets every pending failure rule.
    public func clearFailures() { state.withLock { $0.rules.removeAll() } }

    /// Closes every open watch connection; clients see their streams end and must re-watch.
    public func dropWatches() { store.dropAllWatches() }

    /// Discards the event history now: a watch from any earlier resourceVersion gets 410 Expired.
    public func compactHistory() { store.compact() }

    /// Holds every new request until `resume()`.
    public func pause() { state.withLock { $0.paused = true } }

    public func resume() {
        let waiters = state.withLock { state in
            state.paused = false
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// The number of watches open right now.
    public var openWatchCount: Int { store.openWatchCount }

    /// Returns once at least `minimum` watches are open (or the calling task is cancelled), so a test
    /// can make a change only after its watcher (a controller, `kubectl get -w`) is really watching.
    public func waitForOpenWatches(atLeast minimum: Int) async {
        await store.waitForOpenWatches(atLeast: minimum)
    }

    /// Returns once at least `minimum` requests are held by `pause()`, so a test resumes only after its
    /// request really reached the server.
    public func waitForHeldRequests(atLeast minimum: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.waiters.count >= minimum { return true }
                state.heldCountWaiters.append((minimum, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    func waitWhilePaused() async {
        guard state.withLock({ $0.paused }) else { return }
        await withCheckedContinuation { continuation in
            let (resumeNow, held) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
                guard state.paused else { return (true, []) }
                state.waiters.append(continuation)
                let count = state.waiters.count
                let satisfied = state.heldCountWaiters.filter { $0.minimum <= count }.map(\.continuation)
                state.heldCountWaiters.removeAll { $0.minimum <= count }
                return (false, satisfied)
            }
            for waiter in held { waiter.resume() }
            if resumeNow { continuation.resume() }
        }
    }

    func consume(method: String, path: String) -> Injected? {
        state.withLock { state -> Injected? in
            guard let index = state.rules.firstIndex(where: { $0.remaining > 0 && $0.matches(method: method, path: path) }) else { return nil }
            state.rules[index].remaining -= 1
            let failure = state.rules[index].failure
            if state.rules[index].remaining == 0 { state.rules.remove(at: index) }
            return Injected(failure: failure, error: Self.error(for: failure))
        }
    }

    static func error(for failure: Failure) -> APIError {
        switch failure {
        case .conflict:
            return APIError(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again (injected)")
        case .tooManyRequests(let seconds):
            return APIError(code: 429, reason: "TooManyRequests", message: "Too many requests, please try again later. (injected)",
                            details: ["retryAfterSeconds": .integer(Int64(seconds))], headers: [("Retry-After", String(seconds))])
        case .internalError:
            return APIError(code: 500, reason: "InternalError", message: "Internal error occurred: injected failure")
        case .timeout:
            return APIError(code: 504, reason: "Timeout", message: "Timeout: request did not complete within requested timeout - context deadline exceeded (injected)")
        case .serviceUnavailable:
            return APIError(code: 503, reason: "ServiceUnavailable", message: "the server is currently unable to handle the request (injected)")
        case .delay:
            return APIError(code: 500, reason: nil, message: "")
        }
    }
}
