import KafkaProtocol

/// A client quota entity: e.g. ["user": "alice"], ["client-id": "app"], or both. A nil name is the
/// default entity of that type.
public typealias KafkaQuotaEntity = [String: String?]

/// Quota values of one entity ("producer_byte_rate": 1048576, ...).
public struct KafkaClientQuota: Sendable, Hashable {
    public var entity: KafkaQuotaEntity
    public var values: [String: Double]
}

extension KafkaAdminClient {
    /// Quotas of entities matching the filter: entity type -> exact name (nil = the default entity).
    /// An empty filter lists all quotas.
    public func describeClientQuotas(_ filter: KafkaQuotaEntity = [:], strict: Bool = false) async throws(KafkaAdminError) -> [KafkaClientQuota] {
        let request = DescribeClientQuotasRequest(
            components: filter.sorted { $0.key < $1.key }.map { type, name in
                .init(entityType: type, matchType: name == nil ? 1 : 0, match: name)
            },
            strict: strict)
        let response = try await send(request, to: .anyBroker)
        try KafkaAdminError.check(response.errorCode, subject: "DescribeClientQuotas", brokerMessage: response.errorMessage)
        return (response.entries ?? []).map { entry in
            var entity: KafkaQuotaEntity = [:]
            for part in entry.entity { entity[part.entityType] = .some(part.entityName) }
            return KafkaClientQuota(entity: entity, values: Dictionary(entry.values.map { ($0.key, $0.value) }) { $1 })
        }
    }

    /// Sets (value) or removes (nil) quota keys of entities, in one request.
    public func alterClientQuotas(_ changes: [(entity: KafkaQuotaEntity, values: [String: Double?])], validateOnly: Bool = false) async throws(KafkaAdminError) {
        let request = AlterClientQuotasRequest(
            entries: changes.map { change in
                .init(
                    entity: change.entity.sorted { $0.key < $1.key }.map { .init(entityType: $0.key, entityName: $0.value) },
                    ops: change.values.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: $0.value ?? 0, remove: $0.value == nil) })
            },
            validateOnly: validateOnly)
        let response = try await send(request, to: .controller)
        for entry in response.entries {
            let entity = entry.entity.map { "\($0.entityType)=\($0.entityName ?? "<default>")" }.joined(separator: ",")
            try KafkaAdminError.check(entry.errorCode, subject: "client quota of \(entity)", brokerMessage: entry.errorMessage)
        }
    }
}
