#!/usr/bin/env python3
"""Cross-checks Capstan's Kafka codecs against kafka-python's protocol classes (an independent
implementation generated from Kafka's specs by other people).

Input (argv[1]): a JSON list of {"name": "MetadataRequest", "version": 12, "hex": "..."} made by the Swift
test. For every message kafka-python has at that version, decode our bytes with kafka-python and encode
them again; the bytes must be identical. Prints a JSON object: {"checked": n, "skipped": n, "mismatches": [...]}.
Exit code 3 if kafka-python is not installed.
"""
import importlib
import json
import pkgutil
import sys

try:
    import kafka.protocol
    from kafka.protocol.api_message import ApiMessage
except ImportError:
    print("SKIPPED: kafka-python is not installed")
    sys.exit(3)


def message_classes():
    for module in pkgutil.walk_packages(kafka.protocol.__path__, "kafka.protocol."):
        try:
            importlib.import_module(module.name)
        except Exception:  # some optional modules need extras; they hold nothing we check
            continue
    found = {}
    stack = [ApiMessage]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            json_spec = getattr(sub, "_json", None)
            if json_spec and getattr(sub, "_class_version", None) is None:
                found.setdefault(json_spec["name"], sub)
    return found


def main():
    cases = json.load(open(sys.argv[1]))
    classes = message_classes()
    checked, skipped, mismatches = 0, 0, []
    for case in cases:
        cls = classes.get(case["name"])
        version = case["version"]
        if cls is None or not (cls.min_version <= version <= cls.max_version):
            skipped += 1
            continue
        data = bytes.fromhex(case["hex"])
        if case["name"] == "ApiVersionsResponse" and data[:2] != b"\x00\x00":
            # An ApiVersions error response is always sent (and parsed by kafka-python) in the v0 layout,
            # whatever version was asked for (KIP-511); a body with an error code is not a valid vN>0 body.
            skipped += 1
            continue
        try:
            decoded = cls.decode(data, version=version)
            decoded._header = None  # kafka-python 3.0 leaves it unset on decode, and encode() reads it
            again = bytes(decoded.encode(version=version))
        except Exception as error:  # report, do not stop: the Swift test lists every failure
            mismatches.append({"name": case["name"], "version": str(version), "error": repr(error)[:300]})
            continue
        checked += 1
        if again != data:
            mismatches.append({"name": case["name"], "version": str(version),
                               "ours": case["hex"][:200], "kafka_python": again.hex()[:200]})
    print(json.dumps({"checked": checked, "skipped": skipped, "mismatches": mismatches}))


if __name__ == "__main__":
    main()
