#!/usr/bin/env bash
# Benchmarks the KafkaProtocol codecs (issue 5): encode + decode of a Metadata response of 10,000 topics x
# 10 partitions and a DescribeConfigs response for 1,000 topics, in a release build, then decodes the very
# same bytes with kafka-python's protocol classes for the side-by-side ratio (kafka-python also re-encodes
# them, which must give back the same bytes). Prints a markdown table (docs/kafka-protocol.md keeps one).
# Usage: scripts/bench-protocol.sh [swift runs] [kafka-python runs]
set -euo pipefail
cd "$(dirname "$0")/.."
swift_runs="${1:-11}"
python_runs="${2:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "building the benchmark (release)..." >&2
(cd Benchmarks/KafkaProtocolBench && swift build -c release >"$out/build.log" 2>&1) || { cat "$out/build.log" >&2; exit 1; }
bench="$(cd Benchmarks/KafkaProtocolBench && swift build -c release --show-bin-path)/kafka-protocol-bench"

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)" >&2
"$bench" "$out" "$swift_runs" >"$out/swift.jsonl"
# Prints "SKIPPED: ..." and the Swift figures alone when kafka-python is not installed.
python3 scripts/bench-protocol-kafka-python.py "$python_runs" <"$out/swift.jsonl"
