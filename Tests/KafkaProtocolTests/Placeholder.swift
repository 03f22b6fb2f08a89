import Testing
@testable import KafkaProtocol

