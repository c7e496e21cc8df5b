"""Record what the program does, through its command line only, so that a refactor can be checked.

Usage: python scripts/behaviour_snapshot.py OUT_DIR
       diff -r BEFORE_DIR AFTER_DIR          (identical output: behaviour unchanged)

Writes, with timestamps replaced by <time>, temporary paths by <tmp> and the checkout's by <root>:
  inspect/NAME.json  `inspect --json` of every sample article, every seed article (../shared),
                     and every article-like text constant in tests/*.py (written to files first)
  export/FORMAT/...  a fixed library (the same articles, a few notes, a backup restored with
                     highlights and corrections) exported in md, vault, digest, json and html
  search.jsonl       `search --json` over that library for a fixed list of queries
  list.jsonl         `list --json`
Uses only the command line (`main.py`), whose contract outside tools rely on, so the script runs
the same before and after internal modules move.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
QUERIES = ["반도체", "세온반도체", "도서관", "중국", "서울에서", "칩", "robot", "Tidewell", "the port",
           "금리", "축제", "메모", "AI", "미국 텍사스", "없는말", "바다숲", "museum", "주택"]
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?([+-]\d{2}:?\d{2}|Z)?")
_STAMP = re.compile(r"\d{8}-\d{6}")


def run(*args: str, check: bool = True) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          env=env, cwd=ROOT)
    if check and proc.returncode not in (0, 1):
        raise SystemExit(f"main.py {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
    return proc.stdout


def normalise(text: str, tmp: str) -> str:
    text = text.replace(tmp, "<tmp>").replace(str(ROOT), "<root>")
    return _STAMP.sub("<stamp>", _TIME.sub("<time>", text))


def test_articles(folder: Path) -> list[Path]:
    """Module-level text constants of the tests that look like articles, written as files."""
    out = []
    for test in sorted((ROOT / "tests").glob("test_*.py")):
        tree = ast.parse(test.read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.Assign) or len(node.targets) != 1:
                continue
            target = node.targets[0]
            if not isinstance(target, ast.Name) or not target.id.isupper():
                continue
            try:
                value = ast.literal_eval(node.value)
            except (ValueError, SyntaxError):
                continue
            if isinstance(value, str) and value.count("\n") >= 2 and len(value) >= 60:
                suffix = ".md" if value.lstrip().startswith(("---", "# ")) else ".txt"
                path = folder / f"{test.stem}.{target.id}{suffix}"
                path.write_text(value, encoding="utf-8")
                out.append(path)
    return out


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    out = Path(sys.argv[1])
    if out.exists():
        shutil.rmtree(out)
    (out / "inspect").mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        fixtures = tmp / "fixtures"
        fixtures.mkdir()
        inputs = sorted(p for p in (ROOT / "resources" / "samples").iterdir() if p.name != "ABOUT")
        inputs += sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
        inputs += test_articles(fixtures)
        lines = run("inspect", "--json", *map(str, inputs)).splitlines()
        for path, line in zip(inputs, lines, strict=True):
            record = json.loads(line)
            record["path"] = path.name
            (out / "inspect" / f"{path.name}.json").write_text(
                json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")

        # A fixed library: the samples and the test articles, three notes.
        lib = str(tmp / "library.sqlite")
        run("--library", lib, "import", *map(str, inputs))
        listing = run("--library", lib, "list", "--json", "--sort", "title")
        for n, entry in enumerate([json.loads(x) for x in listing.splitlines()][:3]):
            note = f"메모 {n}: 다시 읽을 것. Follow up #{n}."
            run("--library", lib, "note", str(entry["id"]), "--set", note)
        # A backup with a highlight and a correction, restored into a second library beside them.
        backup = tmp / "backup.json"
        run("--library", lib, "export", "--format", "json", "--out", str(backup))
        doc = json.loads(backup.read_text(encoding="utf-8"))
        first = doc["articles"][0]
        quote = first["body"].split("\n")[0][:12] or first["title"][:5]
        start = first["body"].find(quote)
        first["highlights"].append({
            "type": "Annotation", "id": "urn:article-viewer:highlight:7", "motivation": "highlighting",
            "created": "2026-01-01T00:00:00+00:00", "modified": "2026-01-01T00:00:00+00:00",
            "color": "green", "body": [{"type": "TextualBody", "purpose": "commenting",
                                        "format": "text/markdown", "value": "중요한 대목"}],
            "target": {"source": f"urn:article-viewer:article:{first['id']}", "selector": [
                {"type": "TextQuoteSelector", "exact": quote, "prefix": "", "suffix": ""},
                {"type": "TextPositionSelector", "start": max(start, 0), "end": max(start, 0) + len(quote)}]},
        })
        doc["corrections"].append({"surface": "구름시", "type": "PLACE",
                                   "created": "2026-01-01T00:00:00+00:00"})
        backup.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        lib2 = str(tmp / "restored.sqlite")
        run("--library", lib2, "import", str(backup))
        for fmt in ("md", "vault", "digest", "json", "html"):
            target = tmp / "export" / fmt
            target.parent.mkdir(exist_ok=True)
            name = {"md": "", "vault": "", "digest": "digest.md", "json": "backup.json",
                    "html": "export.html"}[fmt]
            dest = target / name if name else target
            dest.parent.mkdir(parents=True, exist_ok=True)
            run("--library", lib2, "export", "--format", fmt, "--out", str(dest))
        for path in sorted((tmp / "export").rglob("*")):
            if path.is_file():
                rel = path.relative_to(tmp)
                (out / rel).parent.mkdir(parents=True, exist_ok=True)
                text = normalise(path.read_text(encoding="utf-8"), tmp_name)
                (out / rel).write_text(text, encoding="utf-8")
        with (out / "search.jsonl").open("w", encoding="utf-8") as f:
            for q in QUERIES:
                f.write(f"# {q}\n" + run("--library", lib2, "search", "--json", q))
        (out / "list.jsonl").write_text(normalise(run("--library", lib2, "list", "--json"), tmp_name),
                                        encoding="utf-8")
    print(f"{sum(1 for p in out.rglob('*') if p.is_file())} files written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
