#!/usr/bin/env bash
# Builds Benchmarks/KafkaTestingBench in release and runs it: a 100-broker, 100,000-partition simulated
# cluster; prints memory and Metadata / DescribeTopics latency through the Kafka protocol over TCP.
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks/KafkaTestingBench"
swift build -c release
.build/release/kafka-testing-bench "${1:-100}" "${2:-100000}"
