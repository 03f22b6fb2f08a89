#!/usr/bin/env bash
# Benchmark of `capstan rebalance plan` against the peer planners (Yelp kafka-utils, LinkedIn kafka-tools) on
# the same generated clusters, printed as ONE table. Not part of CI (.ci/run): it installs the peers from PyPI
# and takes minutes.
#
#   scripts/bench-planner.sh            # all scenarios (the 200-broker / 1M-partition one without peers)
#   BENCH_QUICK=1 scripts/bench-planner.sh   # skip the 1M-partition scenario
#   CAPSTAN_BIN=path scripts/bench-planner.sh # use an already built binary
#
# Builds capstan in release with its own scratch path (.build-release), makes the peer virtualenvs under
# .peers/ (gitignored) with ../shared/bench/planner-peers/setup.sh, generates clusters with its gen_cluster.py.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PEER_SRC=$ROOT/../shared/bench/planner-peers
if [ ! -d "$PEER_SRC" ]; then
    echo "SKIPPED: $PEER_SRC not found (the peer drivers live in ../shared)"
    exit 0
fi
WORK=${BENCH_DIR:-$ROOT/.build-release/bench}
mkdir -p "$WORK"
TIMEOUT=${BENCH_PEER_TIMEOUT:-900}

if [ -n "${CAPSTAN_BIN:-}" ]; then
    CAPSTAN=$CAPSTAN_BIN   # an already built capstan (or compatible) binary
else
    echo "== build capstan (release, .build-release)" >&2
    swift build -c release --product capstan --scratch-path .build-release >&2
    CAPSTAN=$ROOT/.build-release/release/capstan
fi

echo "== peers (.peers)" >&2
PEERS=$ROOT/.peers bash "$PEER_SRC/setup.sh" >&2
PEERS=$ROOT/.peers
if [ ! -x /usr/bin/time ]; then
    echo "== installing GNU time for peak RSS" >&2
    apt-get install -y -q time >&2 || true
fi

ROWS=()
# run_capstan SCENARIO CLUSTER MODE [BROKERS]
run_capstan() {
    local name=$1 cluster=$2 mode=$3 brokers=${4:-}
    local out=$WORK/$name.$mode.capstan.json
    local args=(rebalance plan --input "$cluster" --mode "$mode" -o json --out-file "$out")
    [ -n "$brokers" ] && args+=(--brokers "$brokers")
    local start end rss="" cpu=""
    start=$(date +%s.%N)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v -o "$WORK/$name.time" "$CAPSTAN" "${args[@]}"
        rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/$name.time")
        cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$WORK/$name.time")
    else
        "$CAPSTAN" "${args[@]}"
    fi
    end=$(date +%s.%N)
    ROWS+=("$name|capstan $mode|$cluster|$out|capstan|$(printf '%.2f' "$(echo "$end - $start" | bc)")|$rss|$cpu")
}
# run_peer SCENARIO LABEL CLUSTER VENV DRIVER ARGS...
run_peer() {
    local name=$1 label=$2 cluster=$3 venv=$4 driver=$5; shift 5
    local out=$WORK/$name.$(echo "$label" | tr ' /,' '___').json start end rss="" cpu=""
    rm -f "$out"
    start=$(date +%s.%N)
    timeout "$TIMEOUT" /usr/bin/time -v -o "$WORK/$name.peer.time" "$PEERS/$venv/bin/python" "$PEER_SRC/$driver" "$cluster" "$@" --summary-only -o "$out" >&2 || echo "$label failed or timed out on $name" >&2
    end=$(date +%s.%N)
    if [ -s "$WORK/$name.peer.time" ]; then
        rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/$name.peer.time")
        cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$WORK/$name.peer.time")
    fi
    ROWS+=("$name|$label|$cluster|$out|peer|$(printf '%.2f' "$(echo "$end - $start" | bc)")|$rss|$cpu")
}
# gen OUT ARGS...: generate once (the 1M-partition cluster takes a while); delete $WORK to regenerate.
gen() { local out=$1; shift; [ -s "$out" ] || python3 "$PEER_SRC/gen_cluster.py" "$@" > "$out"; }

echo "== scenarios" >&2
gen "$WORK/add-6.json" --brokers 6 --racks 3 --topics 20 --partitions 10 --rf 3 --empty-brokers 2
gen "$WORK/add-50.json" --brokers 50 --racks 5 --topics 100 --partitions 100 --rf 3 --empty-brokers 10
gen "$WORK/remove-50.json" --brokers 50 --racks 5 --topics 100 --partitions 100 --rf 3 --empty-brokers 0

for s in add-6 add-50; do
    run_capstan "$s" "$WORK/$s.json" add-brokers
    run_capstan "$s" "$WORK/$s.json" full
    run_peer "$s" "yelp partition-count" "$WORK/$s.json" venv-yelp yelp_plan.py --balancer partition-count
    run_peer "$s" "linkedin count,leader,rackaware" "$WORK/$s.json" venv-li linkedin_plan.py --types count leader rackaware --py2-division --seed 1
done
# Remove the five brokers 46..50 (one per rack).
run_capstan remove-50 "$WORK/remove-50.json" remove-brokers 46,47,48,49,50
run_peer remove-50 "yelp decommission" "$WORK/remove-50.json" venv-yelp yelp_plan.py --balancer partition-count --decommission 46,47,48,49,50

if [ -z "${BENCH_QUICK:-}" ]; then
    gen "$WORK/add-200.json" --brokers 200 --racks 10 --topics 1000 --partitions 1000 --rf 3 --empty-brokers 20
    run_capstan add-200 "$WORK/add-200.json" add-brokers
    run_capstan add-200 "$WORK/add-200.json" full
    if [ -n "${BENCH_PEERS_BIG:-}" ]; then
        run_peer add-200 "linkedin count,leader,rackaware" "$WORK/add-200.json" venv-li linkedin_plan.py --types count leader rackaware --py2-division --seed 1
    fi
fi

echo "== results ($(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); runtime = planning only (capstan: RebalancePlanner.plan; peers: their balancer); wall and cpu (user+sys) = whole process incl. JSON I/O)" >&2
python3 "$ROOT/scripts/bench/planner_table.py" "$PEER_SRC" "${ROWS[@]}"
