import Testing
@testable import KafkaBalance

