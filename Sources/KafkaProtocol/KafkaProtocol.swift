/// KafkaProtocol: generated codecs for every Kafka API plus hand-written primitives.
public enum KafkaProtocol {}
