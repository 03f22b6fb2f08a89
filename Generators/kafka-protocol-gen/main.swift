// kafka-protocol-gen: being written; see its issue.
print("kafka-protocol-gen: not written yet")
