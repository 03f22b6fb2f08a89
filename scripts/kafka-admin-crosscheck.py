#!/usr/bin/env python3
"""Independent view of a broker through confluent-kafka (librdkafka), for KafkaAdmin's integration tests.

Usage:
  kafka-admin-crosscheck.py BOOTSTRAP topics                 -> {"topics": {name: partition count}}
  kafka-admin-crosscheck.py BOOTSTRAP config TOPIC           -> {"configs": {name: value}} (explicitly set ones)
  kafka-admin-crosscheck.py BOOTSTRAP create TOPIC PARTS     -> {"created": TOPIC}
  kafka-admin-crosscheck.py BOOTSTRAP consume GROUP TOPIC N  -> produces N records, consumes and commits them
"""
import json
import sys

from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic


def main() -> None:
    bootstrap, command, *rest = sys.argv[1:]
    admin = AdminClient({"bootstrap.servers": bootstrap})
    if command == "topics":
        metadata = admin.list_topics(timeout=10)
        print(json.dumps({"topics": {name: len(t.partitions) for name, t in metadata.topics.items()}}))
    elif command == "config":
        resource = ConfigResource(ConfigResource.Type.TOPIC, rest[0])
        configs = admin.describe_configs([resource])[resource].result(timeout=10)
        print(json.dumps({"configs": {name: entry.value for name, entry in configs.items()}}))
    elif command == "create":
        futures = admin.create_topics([NewTopic(rest[0], int(rest[1]), 1)])
        for future in futures.values():
            future.result(timeout=10)
        print(json.dumps({"created": rest[0]}))
    elif command == "consume":
        group, topic, count = rest[0], rest[1], int(rest[2])
        producer = Producer({"bootstrap.servers": bootstrap})
        for index in range(count):
            producer.produce(topic, value=f"record-{index}".encode(), partition=0)
        producer.flush(10)
        consumer = Consumer({
            "bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
            "enable.auto.commit": False, "session.timeout.ms": 6000,
        })
        consumer.subscribe([topic])
        consumed = 0
        while consumed < count:
            message = consumer.poll(10)
            if message is None:
                break
            if message.error() is None:
                consumed += 1
        consumer.commit(asynchronous=False)
        consumer.close()
        print(json.dumps({"consumed": consumed}))
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
