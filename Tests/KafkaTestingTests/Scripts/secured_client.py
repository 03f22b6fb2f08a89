"""confluent-kafka against a simulated cluster with SASL_PLAINTEXT and an authorizer; prints one JSON object.

Usage: secured_client.py BOOTSTRAP MECHANISM USER PASSWORD ALLOWED_TOPIC DENIED_TOPIC GROUP COUNT
Authenticates, lists the topics it may see, produces COUNT messages to ALLOWED_TOPIC and consumes them in
GROUP, then tries DENIED_TOPIC (expects an authorization error), and reports what a wrong password gets.
"""
import json
import sys
import time

from confluent_kafka import Consumer, KafkaError, Producer
from confluent_kafka.admin import AdminClient

bootstrap, mechanism, user, password, allowed, denied, group, count = sys.argv[1:8] + [int(sys.argv[8])]
common = {"bootstrap.servers": bootstrap, "security.protocol": "SASL_PLAINTEXT", "sasl.mechanism": mechanism,
          "sasl.username": user, "sasl.password": password}
result = {}

metadata = AdminClient(common).list_topics(timeout=10)
result["topics"] = sorted(metadata.topics.keys())

errors = []
producer = Producer({**common, "acks": "all", "linger.ms": 5})
for i in range(count):
    producer.produce(allowed, value=f"secure-{i}".encode(), on_delivery=lambda err, msg: errors.append(str(err)) if err else None)
producer.flush(30)
result["produce_errors"] = errors

denied_errors = []
producer.produce(denied, value=b"x", on_delivery=lambda err, msg: denied_errors.append(err.name() if err else "delivered"))
producer.flush(15)
result["denied_produce"] = denied_errors

consumer = Consumer({**common, "group.id": group, "auto.offset.reset": "earliest", "enable.auto.commit": False})
consumer.subscribe([allowed])
values = []
deadline = time.time() + 60
while len(values) < count and time.time() < deadline:
    msg = consumer.poll(0.5)
    if msg is None:
        continue
    if msg.error():
        result.setdefault("consume_errors", []).append(msg.error().name())
        continue
    values.append(msg.value().decode())
consumer.commit(asynchronous=False)
consumer.close()
result["consumed"] = sorted(values)

auth_errors = []
bad = AdminClient({**common, "sasl.password": "wrong-" + password,
                   "error_cb": lambda err: auth_errors.append(err.name())})
try:
    bad.list_topics(timeout=5)
    result["wrong_password"] = "listed"
except Exception as error:  # librdkafka reports the failed authentication through error_cb and a timeout
    result["wrong_password"] = type(error).__name__
for _ in range(10):  # error_cb is served by poll()
    if auth_errors:
        break
    bad.poll(0.5)
result["wrong_password_errors"] = sorted(set(auth_errors))
print(json.dumps(result))
