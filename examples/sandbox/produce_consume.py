"""Produce to and consume from a sandbox Kafka cluster with confluent-kafka.

    swift run capstan sandbox &            # wait for "Everything is Ready"
    python3 examples/sandbox/produce_consume.py 127.0.0.1:PORT   # PORT from .capstan/sandbox.json

Creates the topic `sandbox-demo` if needed (3 partitions, replication factor 3), produces ten messages with
acks=all and reads them back in a consumer group.
"""
import sys

from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient, NewTopic

bootstrap = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:9092"
admin = AdminClient({"bootstrap.servers": bootstrap})
metadata = admin.list_topics(timeout=10)
print("brokers:", sorted((b.id, f"{b.host}:{b.port}") for b in metadata.brokers.values()))
if "sandbox-demo" not in metadata.topics:
    for future in admin.create_topics([NewTopic("sandbox-demo", num_partitions=3, replication_factor=3)]).values():
        future.result(timeout=10)

producer = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
for i in range(10):
    producer.produce("sandbox-demo", key=str(i), value=f"message {i}")
producer.flush(10)

consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "sandbox-demo", "auto.offset.reset": "earliest"})
consumer.subscribe(["sandbox-demo"])
received = []
while len(received) < 10:
    message = consumer.poll(10)
    if message is None:
        break
    if message.error() is None:
        received.append(message.value().decode())
consumer.close()
print(f"consumed {len(received)} messages:", sorted(received))
sys.exit(0 if len(received) >= 10 else 1)
