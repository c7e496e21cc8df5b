"""Full-text search latency at 10,000 and 100,000 articles.

Usage (from the project root):
    .venv/bin/python benchmarks/bench_search.py [--sizes 10000 100000] [--rounds 5] [--json OUT]
                                                [--breakdown] [--query Q ...]

Every query of QUERIES runs through viewer.core.store.search.search(library, query, limit=50) on one
open Library, Kiwi warmed up first and each query run once untimed; then `rounds` timed rounds,
the queries shuffled in each round. p50/p95 are over all timed calls (nearest rank). A second
line times the same calls the way the window does them (MainWindow.run_search opens a new
Library for every query, so SQLite's page cache starts empty each time).

--breakdown splits each query's time into its phases (query analysis by Kiwi, the morpheme
FTS query, the trigram FTS query, the plain-scan fallback, building the hits) by timing the
SQL statements and functions search() calls.

Goals: p95 <= 30 ms at 10,000 articles, <= 100 ms at 100,000.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _bench import DEFAULT_SEED, SIZES, ensure_library, percentile, table  # noqa: E402

GOALS_MS = {10_000: 30.0, 100_000: 100.0}

# (category, query)
QUERIES: list[tuple[str, str]] = [
    ("ko-short", "중국"), ("ko-short", "칩"), ("ko-short", "서울"), ("ko-short", "금리"),
    ("ko-short", "관세"), ("ko-short", "미국"), ("ko-short", "반도체"),
    ("ko-particle", "중국의"), ("ko-particle", "서울에서"), ("ko-particle", "반도체를"),
    ("ko-particle", "금리가"), ("ko-particle", "삼성전자는"),
    ("en-word", "chip"), ("en-word", "chips"), ("en-word", "semiconductor"), ("en-word", "Seoul"),
    ("en-case", "Samsung"), ("en-case", "NVIDIA"), ("en-case", "nvidia"), ("en-case", "TARIFFS"),
    ("en-prefix", "semi"), ("en-prefix", "tari"), ("en-prefix", "infla"), ("en-prefix", "ch"),
    ("multi", "중국 반도체"), ("multi", "서울 아파트 가격"), ("multi", "AI 칩"),
    ("multi", "AI chip exports"), ("multi", "Samsung 반도체"), ("multi", "interest rates Seoul"),
    ("rare", "리상푸"), ("rare", "Trondheim"),
    ("no-hit", "됫박"), ("no-hit", "qzxv"),
]


class TimedConnection:
    """Wraps a sqlite3 connection: execute() runs the statement to the end and books its time."""

    def __init__(self, db, book) -> None:
        self._db, self._book = db, book

    def execute(self, sql, args=()):
        t0 = time.perf_counter()
        rows = self._db.execute(sql, args).fetchall()
        self._book(_classify(sql), time.perf_counter() - t0)
        return _Fetch(rows)

    def __getattr__(self, name):
        return getattr(self._db, name)


class _Fetch:
    def __init__(self, rows) -> None:
        self.rows = rows

    def __iter__(self):
        return iter(self.rows)

    def fetchone(self):
        return self.rows[0] if self.rows else None

    def fetchall(self):
        return list(self.rows)


def _classify(sql: str) -> str:
    if "search_morph MATCH" in sql:
        return "sql: morpheme FTS"
    if "search_tri MATCH" in sql:
        return "sql: trigram FTS"
    if "instr(a.title" in sql:
        return "sql: plain scan fallback"
    if "search_dirty" in sql:
        return "sql: ensure_index"
    return "sql: hit rows (title/body/note)"


def run_queries(lib_path: Path, rounds: int, queries: list[tuple[str, str]], breakdown: bool,
                fresh_connection: bool = False) -> dict:
    from viewer.core.store import search as S
    from viewer.core.store.library import Library

    S.morphemes("워밍업 warm-up")  # loads Kiwi
    lib = Library(lib_path)
    for _c, q in queries:
        S.search(lib, q, limit=50)
    times: dict[str, list[float]] = {q: [] for _c, q in queries}
    nhits: dict[str, int] = {}
    phases: dict[str, dict[str, float]] = {q: {} for _c, q in queries}
    rng = random.Random(0)
    current = {"q": None}

    def book(name: str, dt: float) -> None:
        d = phases[current["q"]]
        d[name] = d.get(name, 0.0) + dt

    originals = {}
    if breakdown:
        real_db = lib._db
        lib._db = TimedConnection(real_db, book)
        for fname, label in (("parse_query", "parse_query (Kiwi)"),
                             ("_hit", "_hit (snippets, incl. its SQL)")):
            fn = getattr(S, fname)
            originals[fname] = fn

            def wrapped(*a, _fn=fn, _label=label, **k):
                t0 = time.perf_counter()
                try:
                    return _fn(*a, **k)
                finally:
                    book(_label, time.perf_counter() - t0)

            setattr(S, fname, wrapped)
    try:
        for _ in range(rounds):
            order = list(queries)
            rng.shuffle(order)
            for _c, q in order:
                current["q"] = q
                if fresh_connection:
                    t0 = time.perf_counter()
                    with Library(lib_path) as fresh:
                        hits = S.search(fresh, q, limit=50)
                    dt = time.perf_counter() - t0
                else:
                    t0 = time.perf_counter()
                    hits = S.search(lib, q, limit=50)
                    dt = time.perf_counter() - t0
                times[q].append(dt * 1000)
                nhits[q] = len(hits)
    finally:
        for fname, fn in originals.items():
            setattr(S, fname, fn)
        if breakdown:
            lib._db = real_db
        lib.close()
    for q in phases:
        for k in phases[q]:
            phases[q][k] = phases[q][k] / rounds * 1000
    return {"times": times, "hits": nhits, "phases": phases}


def summarize(times: dict[str, list[float]]) -> tuple[float, float]:
    allv = [t for v in times.values() for t in v]
    return percentile(allv, 50), percentile(allv, 95)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--breakdown", action="store_true", help="time the phases of each query")
    ap.add_argument("--query", action="append", help="run only these queries")
    ap.add_argument("--no-fresh", action="store_true", help="skip the new-Library-per-query variant")
    ap.add_argument("--library", type=Path, help="measure this library file instead (size label 0)")
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)

    queries = [("custom", q) for q in args.query] if args.query else QUERIES
    results = {}
    for n in ([0] if args.library else args.sizes):
        path = args.library or ensure_library(n, args.seed)
        r = run_queries(path, args.rounds, queries, args.breakdown)
        p50, p95 = summarize(r["times"])
        entry = {"p50_ms": p50, "p95_ms": p95, "goal_p95_ms": GOALS_MS.get(n),
                 "per_query": {q: {"median_ms": percentile(v, 50), "max_ms": max(v), "hits": r["hits"][q]}
                               for q, v in r["times"].items()}}
        print(f"\n== {n:,} articles ({path.name}), {args.rounds} rounds x {len(queries)} queries ==")
        rows = []
        for cat, q in queries:
            v = r["times"][q]
            row = [cat, q, f"{percentile(v, 50):.1f}", f"{max(v):.1f}", str(r["hits"][q])]
            if args.breakdown:
                ph = r["phases"][q]
                row.append(", ".join(f"{k} {t:.1f}" for k, t in sorted(ph.items(), key=lambda kv: -kv[1])
                                     if t >= 0.05))
            rows.append(row)
        header = ["category", "query", "median ms", "max ms", "hits"] + (["phases (ms per call)"]
                                                                       if args.breakdown else [])
        print(table(rows, header))
        goal = GOALS_MS.get(n)
        print(f"search p50 {p50:.1f} ms, p95 {p95:.1f} ms"
              + (f"  (goal p95 <= {goal:.0f} ms: {'met' if p95 <= goal else 'MISSED'})" if goal else ""))
        if not args.no_fresh and not args.breakdown:
            rf = run_queries(path, max(1, args.rounds // 2), queries, False, fresh_connection=True)
            f50, f95 = summarize(rf["times"])
            entry["fresh_p50_ms"], entry["fresh_p95_ms"] = f50, f95
            print(f"as the window runs it (new Library per query): p50 {f50:.1f} ms, p95 {f95:.1f} ms")
        results[str(n)] = entry
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
