"""Run every benchmark and print one table: metric, measured, goal, met?

Usage (from the project root):
    .venv/bin/python benchmarks/run_all.py [--seed S] [--quick] [--parts search app import entities]

Builds the synthetic libraries on first use (benchmarks/.cache/, minutes for 100,000 articles),
then runs bench_search.py and bench_app.py, each in its own process, and collects their JSON.
--quick: fewer repeats (3 start-ups, 3 search rounds, 2 switch rounds, 100 articles for RSS).
Timings are wall-clock: run it on an otherwise idle machine (the load average is printed).
The summary and all results are also written to benchmarks/.cache/last_summary.txt and
last_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import BENCH, DEFAULT_SEED, PYTHON, ROOT, SIZES, ensure_library, table  # noqa: E402

PARTS = ("search", "app", "import", "entities")


def _run(script: str, args: list[str]) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = Path(f.name)
    try:
        # a missed goal exits 1: that is for the table to show, only missing figures are an error
        done = subprocess.run([str(PYTHON), str(BENCH / script), *args, "--json", str(out)], cwd=ROOT)
        if not out.stat().st_size:
            raise SystemExit(f"{script} wrote no figures (exit {done.returncode})")
        return json.loads(out.read_text())
    finally:
        out.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--parts", nargs="+", choices=PARTS, default=list(PARTS),
                    help="run only these; the others' figures come from the last run's results")
    args = ap.parse_args(argv)
    last_path = BENCH / ".cache" / "last_results.json"
    last = json.loads(last_path.read_text(encoding="utf-8")) if last_path.is_file() else {}
    missing = [p for p in PARTS if p not in args.parts and p not in last]
    if missing:
        raise SystemExit(f"no earlier figures for {', '.join(missing)}: run them too")
    seed = ["--seed", str(args.seed)]

    load = os.getloadavg()
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} CPUs)")
    for n in SIZES:
        ensure_library(n, args.seed)
    results = {p: last[p] for p in PARTS if p not in args.parts}
    if "search" in args.parts:
        print("\n### search")
        results["search"] = _run("bench_search.py", [*seed, "--rounds", "3" if args.quick else "5"])
    if "app" in args.parts:
        print("\n### app")
        results["app"] = _run("bench_app.py", [*seed, "--repeats", "3" if args.quick else "5",
                                               "--rounds", "2" if args.quick else "4",
                                               "--open", "100" if args.quick else "200"])
    if "import" in args.parts:
        print("\n### import")
        results["import"] = _run("bench_import.py", ["--articles", "300" if args.quick else "1000"])
    if "entities" in args.parts:
        print("\n### entities")
        results["entities"] = _run("bench_entities.py", ["--rounds", "2" if args.quick else "3"])
    search, app, imp, ent = (results[p] for p in PARTS)


    rows: list[list[str]] = []

    def add(metric: str, value: float | bool, unit: str, goal_text: str, met: bool) -> None:
        digits = {"MB": 0, "ms": 1}.get(unit, 3)
        shown = ("yes" if value else "no") if isinstance(value, bool) else f"{value:.{digits}f} {unit}"
        rows.append([metric, shown.strip(), goal_text, "yes" if met else "NO"])

    for n in SIZES:
        s = search[str(n)]
        goal = s["goal_p95_ms"]
        add(f"search p50, {n:,} articles", s["p50_ms"], "ms", "-", True)
        add(f"search p95, {n:,} articles", s["p95_ms"], "ms", f"<= {goal:.0f} ms", s["p95_ms"] <= goal)
        worst_q, worst = max(s["per_query"].items(), key=lambda kv: kv[1]["median_ms"])
        add(f"search slowest query (median), {n:,}: {worst_q!r} ({worst['hits']} hits)", worst["median_ms"],
            "ms", f"<= {goal:.0f} ms (p95 goal, per query)", worst["median_ms"] <= goal)
        if "fresh_p95_ms" in s:
            add(f"search p95, {n:,}, new Library per query (as the window does)", s["fresh_p95_ms"], "ms",
                f"<= {goal:.0f} ms", s["fresh_p95_ms"] <= goal)
    st = app["start"]
    add("cold start (median of runs), 10,000 articles", st["10000"]["median_s"], "s", "<= 0.8 s",
        st["10000"]["median_s"] <= 0.8)
    add("cold start (median of runs), 100,000 articles", st["100000"]["median_s"], "s",
        f"<= 1.2 x 10k = {1.2 * st['10000']['median_s']:.3f} s", st["ratio_100k_10k"] <= 1.2)
    add("cold start ratio 100k / 10k", st["ratio_100k_10k"], "x", "<= 1.2 x", st["ratio_100k_10k"] <= 1.2)
    for n in SIZES:
        s_n = st[str(n)]
        add(f"whole list read in the background, {n:,} articles (from launch)", s_n["median_list_full_s"],
            "s", "-", True)
        add(f"longest event-loop turn while it fills, {n:,}", s_n["max_list_fill_turn_s"] * 1000, "ms",
            "<= 50 ms", s_n["max_list_fill_turn_s"] <= 0.05)
        if "median_filter_pass_ms" in s_n:
            add(f"filter box, slowest pass over the list ('s', 'se', 'seo', clear), {n:,}",
                s_n["median_filter_pass_ms"], "ms", "-", True)
    for n in SIZES:
        add(f"kiwipiepy imported after start-up, {n:,}", st[str(n)]["kiwi_after_start"], "", "no",
            not st[str(n)]["kiwi_after_start"])
        add(f"kiwipiepy imported after reading 20 articles, {n:,}", st[str(n)]["kiwi_after_reading"], "",
            "no", not st[str(n)]["kiwi_after_reading"])
    for n, sw in app["switch"].items():
        for name, goal in (("5k", 30.0), ("100k", 150.0)):
            if name in sw:
                info = sw["sets"][name]
                label = (f"switch article p95, ~{info['avg_chars']:,} chars "
                         f"({info['avg_mentions']:.0f} mentions, {info['avg_highlights']:.0f} highlights), "
                         f"{int(n):,}-article library")
                add(label.replace("p95", "p50"), sw[name]["p50_ms"], "ms", "-", True)
                add(label, sw[name]["p95_ms"], "ms", f"<= {goal:.0f} ms", sw[name]["p95_ms"] <= goal)
    tp, sl = imp["throughput"], imp["stall"]
    add(f"import {tp['articles']:,} articles, {tp['workers']} workers, vs raw Kiwi on one core", tp["ratio"],
        "x", f">= {tp['goal_ratio']} x", tp["ratio"] >= tp["goal_ratio"])
    add("  same, steady state (after the workers have started)", tp["steady_ratio"], "x", "-", True)
    add(f"longest event-loop stall during a {sl['stored']:,}-article background import", sl["longest_ms"],
        "ms", f"<= {sl['goal_ms']:.0f} ms", sl["longest_ms"] <= sl["goal_ms"])
    add("  in the second after it (list reload)", sl["after_longest_ms"], "ms", f"<= {sl['goal_ms']:.0f} ms",
        sl["after_longest_ms"] <= sl["goal_ms"])
    add("entity analyser vs raw Kiwi tokenisation of the same text", ent["ratio"], "x", ">= 0.8 x",
        ent["ratio"] >= 0.8)
    rss = app["rss"]
    add(f"peak RSS, 10,000 articles, {rss['opened']} opened", rss["maxrss_mb"], "MB", "<= 250 MB",
        rss["maxrss_mb"] <= 250)

    load = os.getloadavg()
    summary = (table(rows, ["metric", "measured", "goal", "met?"])
               + f"\n\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("\n### summary")
    print(summary)
    (BENCH / ".cache").mkdir(exist_ok=True)
    (BENCH / ".cache" / "last_summary.txt").write_text(summary + "\n", encoding="utf-8")
    (BENCH / ".cache" / "last_results.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
