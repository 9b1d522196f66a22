"""The main job (`policykb run`) on copies of the real policies: base, reports, increments, failures."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from kb_helpers import FILES, ROOT, copy_policies

from pipeline import parse_file
from pipeline.build import code_fingerprint
from pipeline.extract import extract
from pipeline.lint import lint
from pipeline.main_job import STATE_FILE, run_job

OLD, NEW = "tz-2019-58", "tz-2024-matrix-draft"
PAIR = f"diff-{OLD}--{NEW}"


def settled_job(folder: Path, db: Path, reports: Path, **kw):
    """``run_job``, again if the code that makes the rows changed while it ran (the tree is being edited)."""
    for _ in range(3):
        fp = code_fingerprint()
        job = run_job(folder, db, reports, **kw)
        if code_fingerprint() == fp:
            break
    return job


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


@pytest.fixture()
def job(tmp_path):
    folder = copy_policies(tmp_path / "policies")
    db, reports = tmp_path / "kb.db", tmp_path / "reports"
    return folder, db, reports, settled_job(folder, db, reports)


def test_builds_the_base_and_writes_every_report(job):
    folder, db, reports, j = job
    assert not j.failed
    con = sqlite3.connect(db)
    assert {r[0] for r in con.execute("SELECT id FROM documents")} == {OLD, NEW}
    assert j.base_counts["targets"] == con.execute("SELECT count(*) FROM targets").fetchone()[0] > 0
    names = {p.name for p in reports.iterdir()}
    for did in (OLD, NEW):
        assert {f"{did}.html", f"lint-{did}.json"} <= names
    assert {f"{PAIR}.html", f"{PAIR}.json", f"{PAIR}.md", "index.html", STATE_FILE} <= names
    assert not any(n.startswith(".") for n in names), "a temporary file was left behind"


def test_index_links_resolve_and_name_each_document(job):
    _folder, _db, reports, j = job
    index = (reports / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+)"', index)
    assert links and all((reports / link).is_file() for link in links), links
    for d in j.documents:
        assert d.id in index and d.page in links
    assert f"{PAIR}.html" in links


def test_reports_say_what_the_functions_say(job):
    """The lint JSON holds the findings of lint() against the manifest's earlier version; the diff JSON
    pairs the two generations' 小巨人 targets (20家以上 by 2025 → 280家 by 2029)."""
    folder, _db, reports, j = job
    old = extract(parse_file(folder / FILES[OLD], doc_id=OLD))
    new = extract(parse_file(folder / FILES[NEW], doc_id=NEW))
    want = lint(new.document, new, old)
    got = json.loads((reports / f"lint-{NEW}.json").read_text(encoding="utf-8"))["findings"]
    assert [(f["rule"], f["quote"]) for f in got] == [(f.rule, f.quote) for f in want]
    assert {d.id: d.findings for d in j.documents}[NEW] == len(want)
    if want:
        import docx

        comments = docx.Document(str(reports / f"lint-{NEW}.docx")).comments
        assert len(list(comments)) == len(want)

    changes = json.loads((reports / f"{PAIR}.json").read_text(encoding="utf-8"))["changes"]
    small_giant = [
        c for c in changes
        if c["kind"] == "changed" and c["category"] == '国家级专精特新"小巨人"企业' and c["old"]["unit"] == "家"
    ]  # fmt: skip
    assert [(c["old"]["value"], c["old"]["year"], c["new"]["value"], c["new"]["year"]) for c in small_giant] == [
        (20, 2025, 280, 2029)
    ]


def test_second_run_remakes_nothing_and_an_edit_remakes_its_reports(job):
    folder, db, reports, _j = job
    settled_job(folder, db, reports)  # settle, should the tree have changed meanwhile
    before = mtimes(reports)
    again = run_job(folder, db, reports)
    assert not again.build.added and not again.build.updated
    assert [p.name for p in again.written] == ["index.html"]
    after = mtimes(reports)
    assert {n for n in before if before[n] != after[n]} <= {"index.html", STATE_FILE}

    f = folder / FILES[NEW]
    text = f.read_text(encoding="utf-8")
    assert "280家" in text
    f.write_text(text.replace("280家", "300家", 1), encoding="utf-8")
    edited = run_job(folder, db, reports)
    assert edited.build.updated == [NEW]
    assert {p.name for p in edited.written} == {
        f"{NEW}.html", f"lint-{NEW}.json", f"lint-{NEW}.docx", f"{PAIR}.html", f"{PAIR}.json", f"{PAIR}.md",
        "index.html",
    } - ({f"lint-{NEW}.docx"} if not (reports / f"lint-{NEW}.docx").exists() else set())  # fmt: skip
    changes = json.loads((reports / f"{PAIR}.json").read_text(encoding="utf-8"))["changes"]
    assert any(c["new"] and c["new"]["value"] == 300 for c in changes)


def test_a_removed_file_takes_its_reports_with_it(job):
    folder, db, reports, _j = job
    (folder / FILES[NEW]).unlink()
    j = run_job(folder, db, reports)
    assert j.build.removed == [NEW]
    names = {p.name for p in reports.iterdir()}
    assert not {n for n in names if NEW in n}, names
    assert f"{OLD}.html" in names and not j.diffs


def test_cli_reports_a_bad_file_and_still_builds_the_others(tmp_path):
    folder = copy_policies(tmp_path / "policies")
    shutil.copy(ROOT / "tests/data/bad/truncated.pdf", folder / "broken.pdf")
    r = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", str(folder), "--db", str(tmp_path / "kb.db"),
         "--reports", str(tmp_path / "reports")],  # fmt: skip
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    failed = [ln for ln in r.stderr.splitlines() if ln.startswith("failed:")]
    assert len(failed) == 1 and "broken.pdf" in failed[0], r.stderr
    assert f"{tmp_path / 'kb.db'}" in r.stdout and "2 added" in r.stdout
    assert (tmp_path / "reports" / f"{PAIR}.html").is_file()
    for did in (OLD, NEW):
        assert re.search(rf"^{re.escape(did)}\s+\d{{4}}—\d{{4}}", r.stdout, re.M), r.stdout


def test_cli_on_a_missing_folder(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "run", str(tmp_path / "nope"), "--db", str(tmp_path / "kb.db")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "nope" in lines[0] and "not a folder" in lines[0], r.stderr
