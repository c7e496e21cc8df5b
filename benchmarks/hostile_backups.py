"""Restore every file of the hostile backup corpus through the command line and report what happened.

Usage (from the project root):
    .venv/bin/python benchmarks/hostile_backups.py [--corpus DIR] [--keep] [-v] [--timeout S] [--jobs N]

Without --corpus the corpus is generated (benchmarks/make_hostile_backups.py) in a temporary
folder. A reference library is made with the project's own API; each file is restored into a
fresh copy of it by `main.py --library COPY import FILE` in a subprocess, and classified:

  restored                 exit status 0
  refused with one line    a non-zero exit status and exactly one line on stderr, no traceback
  refused badly            a non-zero exit status with an empty or multi-line stderr
  traceback                "Traceback" on stderr (goal: none)
  timed out                not done within the time limit (goal: none)

A refused file must leave the library as it was (a logical dump of every table, not the file's
bytes); a restored one must leave clean text (one-line titles, sources and authors, no control
characters in bodies and notes, positions within 0..1, no article over the highlight cap),
every article of the backup present afterwards, the reported count of restored articles true,
and an intact database. Every outcome is compared with expectations.json. Exit status 0 when
every goal is met.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_hostile_backups import make_corpus, make_reference_library  # noqa: E402

from viewer.core.limits import MAX_HIGHLIGHTS_PER_ARTICLE  # noqa: E402
from viewer.core.store.backup import BackupError, load_backup  # noqa: E402
from viewer.core.store.library import content_hash  # noqa: E402
from viewer.core.text.normalise import clean_meta_text, normalize_text, one_line  # noqa: E402

MAIN = ROOT / "main.py"


@dataclass
class Outcome:
    name: str
    status: str  # restored, refused, refused badly, traceback, timed out
    seconds: float
    detail: str  # the one line on stderr, or the restore's summary
    unchanged: bool | None = None  # refusals: the library is as it was
    problems: list[str] = field(default_factory=list)  # restorations: what is wrong afterwards


def dump(path: Path) -> list[str]:
    """Every table's rows and the schema, as SQL statements, sorted (a logical copy of the library)."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return sorted(db.iterdump())
    finally:
        db.close()


def run_one(file: Path, name: str, reference: Path, work: Path, timeout: float,
            reference_dump: list[str]) -> Outcome:
    copy = work / (re.sub(r"[^\w.-]", "_", name) + ".sqlite")
    shutil.copyfile(reference, copy)
    before = _count(copy)
    t0 = time.perf_counter()
    try:
        run = subprocess.run([sys.executable, str(MAIN), "--library", str(copy), "import", str(file)],
                             cwd=ROOT, capture_output=True, text=True, errors="replace", timeout=timeout,
                             stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return Outcome(name, "timed out", time.perf_counter() - t0, f"over {timeout:.0f} s")
    seconds = time.perf_counter() - t0
    lines = run.stderr.splitlines()
    if "Traceback" in run.stderr:
        return Outcome(name, "traceback", seconds, one_line(lines[-1] if lines else "", 200))
    if run.returncode != 0:
        status = "refused" if len(lines) == 1 else "refused badly"
        detail = one_line(run.stderr.strip() or f"exit {run.returncode}", 300)
        outcome = Outcome(name, status, seconds, detail)
        outcome.unchanged = dump(copy) == reference_dump
        return outcome
    outcome = Outcome(name, "restored", seconds, one_line(run.stdout.strip(), 300))
    outcome.problems = check_restored(copy, file, before, run.stdout)
    return outcome


def _count(path: Path) -> int:
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    finally:
        db.close()


def check_restored(library: Path, file: Path, before: int, stdout: str) -> list[str]:
    """What is wrong with a library a backup was restored into (nothing, one hopes)."""
    problems = []
    db = sqlite3.connect(f"{library.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if [r[0] for r in db.execute("PRAGMA integrity_check")] != ["ok"]:
            problems.append("integrity_check failed")
        for aid, title, source, author, body, position in db.execute(
                "SELECT id, title, source, author, body, position FROM articles"):
            for what, text in (("title", title), ("source", source), ("author", author)):
                if text is not None and clean_meta_text(text) != text:
                    problems.append(f"article {aid}: {what} is not one clean line")
            if normalize_text(body) != body:
                problems.append(f"article {aid}: body holds control characters")
            if not 0.0 <= position <= 1.0:
                problems.append(f"article {aid}: position {position}")
        for aid, text in db.execute("SELECT article_id, text FROM notes"):
            if normalize_text(text) != text:
                problems.append(f"article {aid}: note holds control characters")
        for aid, n in db.execute("SELECT article_id, COUNT(*) FROM highlights GROUP BY article_id"):
            if n > MAX_HIGHLIGHTS_PER_ARTICLE:
                problems.append(f"article {aid}: {n:,} highlights")
        hashes = {r[0] for r in db.execute("SELECT content_hash FROM articles")}
        after = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    finally:
        db.close()
    match = re.search(r"(\d+) articles restored", stdout)
    if match is None or int(match.group(1)) != after - before:
        said = match.group(1) if match else "?"
        problems.append(f"reported {said} articles restored, {after - before} were")
    try:
        doc = load_backup(file)
    except BackupError as exc:
        problems.append(f"restored, yet load_backup refuses it: {exc}")
        return problems
    for n, a in enumerate(doc["articles"], 1):
        texts = [a["raw"]] + ([a["raw_given"]] if a["raw_given"] is not None else [])
        if not any(content_hash(t) in hashes for t in texts):
            problems.append(f"article #{n} of the backup is not in the library afterwards")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="corpus folder (default: generate one)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (corpus, libraries)")
    ap.add_argument("-v", "--verbose", action="store_true", help="one line per file")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per file (default 60)")
    ap.add_argument("--jobs", type=int, default=2, help="restores run at once (default 2)")
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="hostile-backups-"))
    try:
        return run(args, tmp)
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def run(args: argparse.Namespace, tmp: Path) -> int:
    t0 = time.perf_counter()
    corpus = args.corpus
    if corpus is None:
        corpus = tmp / "corpus"
        make_corpus(corpus)
    expectations: dict[str, str] = json.loads((corpus / "expectations.json").read_text(encoding="utf-8"))
    reference = tmp / "reference.sqlite"
    make_reference_library(reference)
    reference_dump = dump(reference)
    work = tmp / "libraries"
    work.mkdir()

    def one(name: str) -> Outcome:
        outcome = run_one(corpus / name, name, reference, work, args.timeout, reference_dump)
        if not args.keep:
            for p in work.glob(re.sub(r"[^\w.-]", "_", name) + ".sqlite*"):
                p.unlink()
        return outcome

    with ThreadPoolExecutor(max(1, args.jobs)) as pool:
        outcomes = list(pool.map(one, sorted(expectations)))
    return report(outcomes, expectations, time.perf_counter() - t0, args.verbose)


def report(outcomes: list[Outcome], expectations: dict[str, str], wall: float, verbose: bool) -> int:
    count = {s: sum(o.status == s for o in outcomes)
             for s in ("restored", "refused", "refused badly", "traceback", "timed out")}
    refusals = [o for o in outcomes if o.unchanged is not None]
    unchanged = sum(bool(o.unchanged) for o in refusals)
    restored = [o for o in outcomes if o.status == "restored"]
    clean = sum(not o.problems for o in restored)
    wrong = [o for o in outcomes if {"restored": "restored", "refused": "refused"}.get(o.status)
             != expectations[o.name]]
    if verbose:
        for o in outcomes:
            mark = "" if o not in wrong else f"  [expected {expectations[o.name]}]"
            print(f"{o.status:<13} {o.seconds:5.2f}s  {o.name}  {o.detail[:160]}{mark}")
            for p in o.problems:
                print(f"{'':21}problem: {p}")
            if o.unchanged is False:
                print(f"{'':21}problem: the refusal changed the library")
        print()
    slowest = max(outcomes, key=lambda o: o.seconds)
    print(f"{len(outcomes)} files, {wall:.1f} s wall; slowest {slowest.seconds:.1f} s ({slowest.name})")
    print(f"restored {count['restored']} · refused with one line {count['refused']} · refused badly"
          f" {count['refused badly']} · traceback {count['traceback']} · timed out {count['timed out']}"
          f" · unchanged on refusal {unchanged}/{len(refusals)} · restored cleanly {clean}/{len(restored)}"
          f" · against expectations {len(outcomes) - len(wrong)}/{len(outcomes)}")
    for o in wrong[:20]:
        print(f"  not as expected ({expectations[o.name]}): {o.status} {o.name}: {o.detail[:150]}")
    for o in restored:
        for p in o.problems[:3]:
            print(f"  {o.name}: {p}")
    for o in refusals:
        if not o.unchanged:
            print(f"  {o.name}: the refusal changed the library")
    missed = (count["refused badly"] + count["traceback"] + count["timed out"] + (len(refusals) - unchanged)
              + (len(restored) - clean) + len(wrong))
    print("every goal met" if not missed else f"{missed} goals missed")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
