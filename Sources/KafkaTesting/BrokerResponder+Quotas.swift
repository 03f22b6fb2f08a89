import KafkaProtocol
import NIOCore

/// Client byte-rate quotas (`producer_byte_rate`, `consumer_byte_rate`, set with AlterClientQuotas) enforced
/// as Kafka's brokers do: the bytes are counted per broker and (user, client-id); a client over its quota
/// gets its answer with `throttleTimeMs` and its connection muted that long. A throttled Produce is still
/// appended; a throttled Fetch answers empty (its bytes not counted), and a Fetch never carries more than
/// the quota allows over the whole quota window, so a consumer under a small quota still progresses.
extension BrokerResponder {
    /// The user part of a principal ("User:alice" → "alice"), which user quotas name.
    private func quotaUser(_ principal: String) -> String {
        principal.hasPrefix("User:") ? String(principal.dropFirst(5)) : principal
    }

    /// The quota `key` that applies to this client, looked up under the model's lock: Produce and Fetch ask
    /// on every request, and a snapshot of the whole model for one dictionary lookup is wasted work.
    private func quota(_ key: String, principal: String, clientId: String) -> Double? {
        let user = quotaUser(principal)
        return cluster.withModel { $0.quota(key, user: user, clientId: clientId) }
    }

    private func quotaKey(_ direction: ClientQuotaMeters.Direction, principal: String, clientId: String) -> ClientQuotaMeters.Key {
        ClientQuotaMeters.Key(brokerId: brokerId, direction: direction, user: quotaUser(principal), clientId: clientId)
    }

    /// Records a Produce's record bytes; how long to throttle the producer (0 without a quota).
    func produceThrottleMs(_ request: ProduceRequest, principal: String, clientId: String) -> Int64 {
        guard let quota = quota("producer_byte_rate", principal: principal, clientId: clientId) else { return 0 }
        let bytes = request.topicData.reduce(0) { total, topic in
            topic.partitionData.reduce(total) { $0 + ($1.records?.readableBytes ?? 0) }
        }
        let key = quotaKey(.produce, principal: principal, clientId: clientId)
        let nowMs = cluster.quotaNowMs
        return cluster.quotaMeters.withLock { $0.record(bytes, for: key, quota: quota, nowMs: nowMs) }
    }

    /// The Fetch with `maxBytes` lowered to what the consumer's quota allows over the quota window.
    func fetchWithinQuota(_ request: FetchRequest, principal: String, clientId: String) -> FetchRequest {
        guard let quota = quota("consumer_byte_rate", principal: principal, clientId: clientId) else { return request }
        var bounded = request
        bounded.maxBytes = Int32(min(Int(request.maxBytes), ClientQuotaMeters.maxBytesInWindow(quota: quota)))
        return bounded
    }

    /// Counts a Fetch answer against the consumer's quota: within it, the answer as it is; over it, an empty
    /// answer with the throttle time, the bytes taken back, and the connection muted.
    func quotaCheckedFetch(
        _ response: FetchResponse, principal: String, clientId: String, version: Int16, _ request: ParsedBrokerRequest
    ) -> BrokerAnswer {
        guard let quota = quota("consumer_byte_rate", principal: principal, clientId: clientId) else {
            return encode(response, version: version, request)
        }
        let bytes = response.responses.reduce(0) { total, topic in
            topic.partitions.reduce(total) { $0 + ($1.records?.readableBytes ?? 0) }
        }
        let key = quotaKey(.fetch, principal: principal, clientId: clientId)
        let nowMs = cluster.quotaNowMs
        let throttleMs = cluster.quotaMeters.withLock { meters in
            let throttle = meters.record(bytes, for: key, quota: quota, nowMs: nowMs)
            if throttle > 0 { meters.unrecord(bytes, for: key) }
            return throttle
        }
        guard throttleMs > 0 else { return encode(response, version: version, request) }
        let empty = FetchResponse(throttleTimeMs: Int32(throttleMs), errorCode: 0, sessionId: response.sessionId, responses: [])
        return throttled(encode(empty, version: version, request), ms: throttleMs)
    }

    /// `answer`, followed by muting the connection for `ms` when it is positive.
    func throttled(_ answer: BrokerAnswer, ms: Int64) -> BrokerAnswer {
        guard ms > 0, case .reply(let bytes) = answer else { return answer }
        return .replyThenMute(bytes, ms: ms)
    }
}
