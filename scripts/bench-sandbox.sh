#!/usr/bin/env bash
# Benchmark of the sandbox with 10 KafkaClusters of 6 nodes each (3 controllers + 3 brokers, one namespace
# per cluster), simulated start delays set to zero. Prints:
#   1. time to all Ready and the peak RSS of the whole sandbox process (API server + nodes + Kafka + operator);
#   2. the operator alone: `capstan operator` as its own process against `capstan sandbox --api-only`
#      (no Kafka there, so the clusters wait for their quorum), its peak RSS once it has created and
#      cached every object of the 10 clusters, and its reconcile-time histogram from /metrics.
# Needs a release build (built here unless CAPSTAN is set), /usr/bin/time, kubectl and curl. Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
# CAPSTAN=path/to/release/capstan skips the build.
if [ -z "${CAPSTAN:-}" ]; then
    swift build -c release --product capstan >/dev/null
fi
capstan=${CAPSTAN:-.build/release/capstan}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

for i in $(seq 0 9); do
    sed -e "s/^metadata:/metadata:\n  namespace: bench-$i/" examples/quickstart.yaml
    echo "---"
done > "$work/ten-clusters.yaml"

echo "== sandbox: 10 clusters x 6 nodes, start delay 0"
/usr/bin/time -v "$capstan" sandbox --until-ready --timeout 600 --start-delay-ms 0 \
    --kubeconfig "$work/sandbox.kubeconfig" --summary "$work/sandbox.json" "$work/ten-clusters.yaml" \
    >"$work/sandbox.out" 2>"$work/sandbox.time"
grep -E "Everything is Ready after" "$work/sandbox.out"
grep -E "Maximum resident set size|User time|System time|Elapsed" "$work/sandbox.time"

echo "== operator alone (own process) managing the same 10 clusters"
"$capstan" sandbox --api-only --kubeconfig "$work/api.kubeconfig" >"$work/api.out" 2>&1 &
for _ in $(seq 1 100); do grep -q "listening" "$work/api.out" 2>/dev/null && break; sleep 0.1; done
"$capstan" crds | kubectl --kubeconfig "$work/api.kubeconfig" apply --server-side -f - >/dev/null
# (kubectl create namespace sends protobuf, which the in-memory server does not speak; apply sends JSON.)
for i in $(seq 0 9); do printf 'apiVersion: v1\nkind: Namespace\nmetadata: {name: bench-%s}\n---\n' "$i"; done |
    kubectl --kubeconfig "$work/api.kubeconfig" apply --server-side -f - >/dev/null
/usr/bin/time -v "$capstan" operator --kubeconfig "$work/api.kubeconfig" --metrics-address 127.0.0.1:18080 \
    --log-level warning 2>"$work/operator.time" &
sleep 2
kubectl --kubeconfig "$work/api.kubeconfig" apply --server-side -f "$work/ten-clusters.yaml" >/dev/null
# Let every cluster be created and settle into its waiting state (polled by the operator every 2 s).
sleep 20
curl -s 127.0.0.1:18080/metrics | grep -E '^controller_runtime_reconcile_time_seconds_(bucket|count|sum)' || true
pkill -INT -f "capstan operator --kubeconfig $work/api.kubeconfig" || true
wait %2 2>/dev/null || true
grep -E "Maximum resident set size|User time|System time" "$work/operator.time"

echo "== no-op reconciles of a Ready cluster (annotation changes: the reconcile runs, finds nothing to do)"
"$capstan" sandbox --start-delay-ms 0 --metrics-port 18081 --kubeconfig "$work/noop.kubeconfig" \
    --summary "$work/noop.json" >"$work/noop.out" 2>&1 &
noop_pid=$!
for _ in $(seq 1 300); do grep -q "Everything is Ready" "$work/noop.out" 2>/dev/null && break; sleep 0.1; done
buckets() { curl -s 127.0.0.1:18081/metrics | grep -E '^controller_runtime_reconcile_time_seconds_(bucket|count)'; }
buckets >"$work/before.txt"
for i in $(seq 1 200); do
    kubectl --kubeconfig "$work/noop.kubeconfig" annotate --overwrite kafkacluster quickstart "bench.capstan.dev/n=$i" >/dev/null
done
sleep 1
buckets >"$work/after.txt"
python3 - "$work/before.txt" "$work/after.txt" <<'PY'
import re, sys
def read(path):
    values = {}
    for line in open(path):
        name, value = line.rsplit(" ", 1)
        values[name] = float(value)
    return values
before, after = read(sys.argv[1]), read(sys.argv[2])
delta = {name: after[name] - before.get(name, 0) for name in after}
total = next(v for k, v in delta.items() if k.endswith("_count{controller=\"kafkacluster\"}"))
print(f"no-op reconciles measured: {int(total)}")
for name, value in delta.items():
    bound = re.search(r'le="([^"]+)"', name)
    if bound and bound.group(1) in ("0.001", "0.005", "0.01", "0.05"):
        print(f"  <= {float(bound.group(1)) * 1000:g} ms: {int(value)} ({100 * value / max(total, 1):.1f}%)")
PY
kill -INT "$noop_pid" 2>/dev/null || true
