#!/usr/bin/env python3
"""Independent view of a broker through confluent-kafka (librdkafka), for KafkaAdmin's integration tests.

Usage: kafka-admin-crosscheck.py [--ssl-ca CA_FILE] BOOTSTRAP COMMAND ...
  (--ssl-ca: connect with TLS, trusting the brokers' certificates signed by CA_FILE, host names checked)
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
    arguments = sys.argv[1:]
    client_config = {}
    if arguments[:1] == ["--ssl-ca"]:
        client_config = {"security.protocol": "ssl", "ssl.ca.location": arguments[1]}
        arguments = arguments[2:]
    bootstrap, command, *rest = arguments
    client_config["bootstrap.servers"] = bootstrap
    admin = AdminClient(dict(client_config))
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
        producer = Producer(dict(client_config))
        for index in range(count):
            producer.produce(topic, value=f"record-{index}".encode(), partition=0)
        producer.flush(10)
        consumer = Consumer({
            **client_config, "group.id": group, "auto.offset.reset": "earliest",
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
