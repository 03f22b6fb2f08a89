#!/usr/bin/env python3
"""Prints one table comparing rebalance planners on the same inputs.

Usage: planner_table.py PEERS_DIR ROW [ROW ...]
  ROW = scenario|planner|cluster.json|result.json|kind[|wall_s|peak_rss_mib|cpu_s]
  kind = capstan (output of `capstan rebalance plan -o json`) or peer (output of the peer drivers).
Capstan's assignment is fed through the peers' own plan_common.py, so every planner's figures come from
the same statistics code.
"""
import json, sys

def main():
    sys.path.insert(0, sys.argv[1])
    import plan_common as pc
    rows = []
    clusters = {}
    for arg in sys.argv[2:]:
        parts = arg.split("|")
        scenario, planner, cluster_path, result_path, kind = parts[:5]
        wall = parts[5] if len(parts) > 5 else ""
        rss = parts[6] if len(parts) > 6 else ""
        cpu = parts[7] if len(parts) > 7 else ""
        try:
            r = json.load(open(result_path))
        except Exception as e:  # a peer that failed or timed out
            rows.append((scenario, planner, "failed", "", "", "", "", "", "", "", "", wall, cpu, rss))
            continue
        if cluster_path not in clusters:
            clusters[cluster_path] = pc.load(cluster_path)
        d = clusters[cluster_path]
        before = {(p["topic"], p["partition"]): list(p["replicas"]) for p in d["partitions"]}
        sizes = {(p["topic"], p["partition"]): p.get("size", 1) for p in d["partitions"]}
        if kind == "capstan":
            after = {(a["topic"], a["partition"]): a["replicas"] for a in r["assignment"]}
            _, movement = pc.diff(before, after, sizes)
            stats = pc.stats(d["brokers"], after, sizes)
            problems = pc.validate(d["brokers"], before, after)
            runtime = r["metrics"]["runtime_s"]
            lower = r["metrics"]["movement"]["lower_bound_replica_moves"]
            clusters[cluster_path + "#lb"] = lower
        else:
            s = r["summary"]
            movement, stats, problems, runtime = s["movement"], s["after"], r.get("problems", []), r["runtime_s"]
            lower = clusters.get(cluster_path + "#lb", "")
        f = lambda x: f'{x["min"]}..{x["max"]} ({x["cv"]:.3f})'
        rows.append((scenario, planner, f"{runtime:.3f}", str(movement["replica_moves"]), str(lower),
                     f'{movement["moved_bytes"] / 1e9:.0f}', f(stats["replicas_per_broker"]),
                     f(stats["leaders_per_broker"]), f'{stats["bytes_per_broker"]["cv"]:.3f}',
                     str(stats["partitions_with_rack_collision"]), "yes" if not problems else "NO", wall, cpu, rss))
    head = ("scenario", "planner", "runtime s", "replica moves", "lower bound", "moved GB", "replicas/broker (cv)",
            "leaders/broker (cv)", "bytes cv", "rack collisions", "valid", "wall s", "cpu s", "peak RSS MiB")
    widths = [max(len(str(x[i])) for x in [head] + rows) for i in range(len(head))]
    line = lambda cells: "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))

if __name__ == "__main__":
    main()
