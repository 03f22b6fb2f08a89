"""Produce to and consume from a simulated Kafka cluster with confluent-kafka.

Usage: clients.py BOOTSTRAP TOPIC
"""
import sys

from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient

bootstrap, topic = sys.argv[1], sys.argv[2]
cluster = AdminClient({"bootstrap.servers": bootstrap}).describe_cluster(request_timeout=10).result()
for node in sorted(cluster.nodes, key=lambda n: n.id):
    print(f"broker {node.id} at {node.host}:{node.port} rack {node.rack}")

producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all"})
for i in range(10):
    producer.produce(topic, value=f"hello {i}".encode())
producer.flush(10)

consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "example", "auto.offset.reset": "earliest"})
consumer.subscribe([topic])
received = 0
while received < 10:
    msg = consumer.poll(1.0)
    if msg is not None and not msg.error():
        print(f"{msg.partition()}@{msg.offset()}: {msg.value().decode()}")
        received += 1
consumer.close()
