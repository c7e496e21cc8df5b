"""The command line: the inspect contract, import, list and note."""

import json
import subprocess
import sys

from conftest import ROOT, SAMPLES, SEEDS, needs_seeds

from viewer.cli import main

CONTRACT = ["title", "source", "author", "published", "body", "removed", "entities"]


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_inspect_json_prints_one_object_per_file_in_order(capsys):
    files = sorted(str(p) for p in SAMPLES.glob("*.txt"))[:3]
    code, out, _ = run_cli(capsys, "inspect", "--json", *files)
    lines = out.strip().split("\n")
    assert code == 0 and len(lines) == 3
    for path, line in zip(files, lines, strict=True):
        rec = json.loads(line)
        assert list(rec)[: len(CONTRACT)] == CONTRACT
        assert rec["path"] == path
        assert isinstance(rec["removed"], list) and all(isinstance(r, str) for r in rec["removed"])
        assert isinstance(rec["entities"], list)
        assert rec["title"] and rec["body"]


def test_inspect_no_clean_keeps_the_body_as_given(capsys, tmp_path):
    text = "제목\r\n[누리일보 한서연 기자] 본문이다.\r\nCopyright © 누리일보.\r\n"
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode("utf-8"))
    code, out, _ = run_cli(capsys, "inspect", "--json", "--no-clean", str(f))
    assert json.loads(out)["body"] == text


def test_inspect_never_touches_the_library(capsys, tmp_path):
    lib = tmp_path / "lib.sqlite"
    run_cli(capsys, "inspect", "--library", str(lib), "--json", str(next(SAMPLES.glob("*.txt"))))
    assert not lib.exists()


def test_inspect_bad_file_reports_and_keeps_the_line_count(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    good = next(SAMPLES.glob("*.txt"))
    code, out, err = run_cli(capsys, "inspect", "--json", str(bad), str(good))
    lines = out.strip().split("\n")
    assert code == 1 and len(lines) == 2
    assert "empty" in json.loads(lines[0])["error"] and "bad.txt" in err
    assert json.loads(lines[1])["title"]


def test_import_reports_added_duplicate_failed_then_list(capsys, tmp_path):
    lib = str(tmp_path / "lib.sqlite")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    sample = str(next(SAMPLES.glob("ko_*.txt")))
    code, out, _ = run_cli(capsys, "import", "--library", lib, sample, sample, str(bad))
    assert code == 1
    assert "1 added, 1 duplicate, 1 failed" in out and "bad.txt" in out
    code, out, _ = run_cli(capsys, "--library", lib, "list", "--json")
    rows = [json.loads(line) for line in out.strip().split("\n")]
    assert code == 0 and len(rows) == 1 and rows[0]["id"] == 1


def test_note_set_append_show(capsys, tmp_path):
    lib = str(tmp_path / "lib.sqlite")
    run_cli(capsys, "import", "--library", lib, str(next(SAMPLES.glob("*.txt"))))
    run_cli(capsys, "note", "1", "--library", lib, "--set", "첫 생각")
    run_cli(capsys, "note", "1", "--library", lib, "--append", "둘째 생각")
    code, out, _ = run_cli(capsys, "note", "1", "--library", lib, "--show")
    assert out == "첫 생각\n\n둘째 생각\n"
    code, _, err = run_cli(capsys, "note", "99", "--library", lib, "--show")
    assert code == 1 and "#99" in err


def test_python_m_viewer_and_main_py_run(tmp_path):
    sample = str(next(SAMPLES.glob("*.txt")))
    for cmd in ([sys.executable, "-m", "viewer"], [sys.executable, str(ROOT / "main.py")]):
        proc = subprocess.run([*cmd, "inspect", "--json", sample], capture_output=True, text=True,
                              cwd=ROOT, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["title"]


@needs_seeds()
def test_seed_articles_through_inspect(capsys):
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    names = sorted(gold)
    code, out, _ = run_cli(capsys, "inspect", "--json", *(str(SEEDS / n) for n in names))
    assert code == 0

    def fold(s):
        return " ".join((s or "").split()).casefold()

    for name, line in zip(names, out.strip().split("\n"), strict=True):
        g, rec = gold[name], json.loads(line)
        text = fold(rec["title"] + "\n" + rec["body"])
        for snippet in g["must_include"]:
            assert fold(snippet) in text, (name, snippet)
        for snippet in g["must_exclude"]:
            assert fold(snippet) not in text, (name, snippet)
        for field in ("title", "source", "author"):
            if g[field] is not None:
                assert fold(g[field]) in fold(rec[field]), (name, field)
        assert rec["title"] and len(rec["title"]) <= 150


def test_search_command(capsys, tmp_path):
    lib = str(tmp_path / "lib.sqlite")
    run_cli(capsys, "import", "--library", lib, str(SAMPLES))
    code, out, _ = run_cli(capsys, "search", "--library", lib, "--json", "금리", "--limit", "3")
    hits = [json.loads(line) for line in out.strip().split("\n")]
    assert code == 0 and 1 <= len(hits) <= 3
    assert "기준금리" in hits[0]["title"]
    s, e = hits[0]["marks"][0]
    assert hits[0]["snippet"][s:e] == "금리"
    code, out, err = run_cli(capsys, "search", "--library", lib, "존재하지않는낱말")
    assert code == 1 and "nothing found" in err


def test_export_and_restore_through_the_command_line(capsys, tmp_path):
    lib = str(tmp_path / "lib.sqlite")
    run_cli(capsys, "import", "--library", lib, str(SAMPLES))
    run_cli(capsys, "note", "1", "--library", lib, "--set", "복원될 메모")
    backup = tmp_path / "backup.json"
    code, out, _ = run_cli(capsys, "export", "--library", lib, "--format", "json", "--out", str(backup))
    assert code == 0 and backup.is_file()
    code, _, err = run_cli(capsys, "export", "--library", lib, "--format", "json", "--out", str(backup))
    assert code == 1 and "--force" in err
    code, _, _ = run_cli(capsys, "export", "--library", lib, "--format", "json", "--out", str(backup),
                         "--force")
    assert code == 0
    fresh = str(tmp_path / "fresh.sqlite")
    code, out, _ = run_cli(capsys, "import", "--library", fresh, str(backup))
    assert code == 0 and "restored" in out
    code, out, _ = run_cli(capsys, "note", "1", "--library", fresh, "--show")
    assert out.strip() == "복원될 메모"
    vault = tmp_path / "vault"
    code, out, _ = run_cli(capsys, "export", "--library", lib, "--format", "vault", "--out", str(vault),
                           "--article", "1")
    assert code == 0 and (vault / "index.md").is_file()
