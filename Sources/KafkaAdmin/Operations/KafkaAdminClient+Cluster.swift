import KafkaProtocol

/// The cluster as DescribeCluster reports it.
public struct KafkaClusterDescription: Sendable, Hashable, Codable {
    public struct Broker: Sendable, Hashable, Codable {
        public var id: Int32
        public var host: String
        public var port: Int32
        public var rack: String?
    }

    public var clusterId: String
    public var controllerId: Int32
    public var brokers: [Broker]
}

extension KafkaAdminClient {
    /// The cluster id, controller and brokers (DescribeCluster; Metadata on brokers without it).
    public func describeCluster() async throws(KafkaAdminError) -> KafkaClusterDescription {
        let connection = try await connection(for: .anyBroker)
        if connection.negotiatedVersion(.describeCluster) != nil {
            let response = try await connection.send(DescribeClusterRequest())
            try KafkaAdminError.check(response.errorCode, subject: "DescribeCluster", brokerMessage: response.errorMessage)
            return KafkaClusterDescription(
                clusterId: response.clusterId, controllerId: response.controllerId,
                brokers: response.brokers.map { .init(id: $0.brokerId, host: $0.host, port: $0.port, rack: $0.rack) }
                    .sorted { $0.id < $1.id })
        }
        let metadata = try await clusterMetadata(refresh: true)
        return KafkaClusterDescription(
            clusterId: metadata.clusterId ?? "", controllerId: metadata.controllerId,
            brokers: metadata.brokers.values.map {
                .init(id: $0.id, host: $0.address.host, port: Int32($0.address.port), rack: $0.rack)
            }.sorted { $0.id < $1.id })
    }

    /// Removes a broker's registration from the KRaft controller after it was shut down for good.
    public func unregisterBroker(_ brokerId: Int32) async throws(KafkaAdminError) {
        let response = try await send(UnregisterBrokerRequest(brokerId: brokerId), to: .anyBroker)
        try KafkaAdminError.check(response.errorCode, subject: "unregister broker \(brokerId)", brokerMessage: response.errorMessage)
    }
}
