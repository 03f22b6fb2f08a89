// A rolling restart on the simulated model, checked by the availability probe.
// (Compiled as part of the test suite in Tests/KafkaTestingTests/AvailabilityProbeTests.swift.)
import KafkaTesting

var configuration = SimulatedClusterConfiguration()
configuration.brokers = SimulatedClusterConfiguration.brokers(6, racks: 3)
var model = ClusterModel(configuration: configuration)
try model.createTopic("orders", partitions: 12, replicationFactor: 3, configs: ["min.insync.replicas": "2"])
try model.setTraffic(TrafficModel(bytesPerSecondPerPartition: 100 * 1024), topic: "orders")
model.advance(byMs: 10_000)

for broker in model.brokerIds {
    try model.shutDownBroker(broker)          // leadership moves away first
    try model.startBroker(broker)             // clean start, then catch-up
    while model.allPartitions.contains(where: { $0.replicas.contains(broker) && !$0.isr.contains(broker) }) {
        model.advance(byMs: 1_000)            // the restart gate: back in every ISR before the next broker
    }
}
print("partitions that would have refused an acks=all write:", model.availabilityProbe.affectedPartitions)
