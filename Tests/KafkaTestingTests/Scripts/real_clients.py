"""Drives a simulated Kafka cluster with real clients and prints what they saw as one JSON object.

Usage: real_clients.py BOOTSTRAP TOPIC GROUP COUNT
confluent-kafka (librdkafka) lists brokers with racks and topics, produces COUNT messages idempotently with
acks=all and consumes them back in consumer group GROUP, committing offsets; kafka-python lists brokers and
topics and consumes the same topic in a second group.
"""
import json
import sys
import time

bootstrap, topic, group, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
result = {}

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

admin = AdminClient({"bootstrap.servers": bootstrap})
cluster = admin.describe_cluster(request_timeout=10).result()
result["confluent_brokers"] = sorted([[n.id, n.rack] for n in cluster.nodes])
result["confluent_cluster_id"] = cluster.cluster_id
metadata = admin.list_topics(timeout=10)
result["confluent_topics"] = {
    name: sorted([[p.id, p.leader, list(p.replicas), list(p.isrs)] for p in t.partitions.values()])
    for name, t in metadata.topics.items()
}

delivered = []
producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "acks": "all", "linger.ms": 5})
for i in range(count):
    producer.produce(topic, key=str(i % 7).encode(), value=f"message-{i}".encode(),
                     on_delivery=lambda err, msg: delivered.append(None if err else (msg.partition(), msg.offset())) if not err else delivered.append(str(err)))
remaining = producer.flush(30)
result["produce_errors"] = [d for d in delivered if isinstance(d, str)]
result["produced"] = len([d for d in delivered if isinstance(d, tuple)])
result["unflushed"] = remaining

consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
                     "enable.auto.commit": False, "session.timeout.ms": 10000})
consumer.subscribe([topic])
values = []
deadline = time.time() + 60
while len(values) < count and time.time() < deadline:
    msg = consumer.poll(0.5)
    if msg is None:
        continue
    if msg.error():
        result.setdefault("consume_errors", []).append(str(msg.error()))
        continue
    values.append(msg.value().decode())
consumer.commit(asynchronous=False)
committed = consumer.committed([TopicPartition(topic, p) for p in metadata.topics[topic].partitions], timeout=10)
result["confluent_consumed"] = sorted(values)
result["confluent_committed"] = {str(tp.partition): tp.offset for tp in committed}
consumer.close()

import kafka
kadmin = kafka.KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000)
described = kadmin.describe_cluster()
result["kafka_python_brokers"] = sorted([[b.get("node_id", b.get("broker_id")), b.get("rack")] for b in described["brokers"]])
result["kafka_python_topics"] = sorted(kadmin.list_topics())
kadmin.close()
kconsumer = kafka.KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group + "-kafka-python",
                                auto_offset_reset="earliest", consumer_timeout_ms=5000, enable_auto_commit=False)
kvalues = [m.value.decode() for m in kconsumer]
kconsumer.commit()
kconsumer.close()
result["kafka_python_consumed"] = sorted(kvalues)
print(json.dumps(result))
