"""Incremental builds: manifest ids, no-op rebuilds, one-number edits, removals, --jobs, and SIGKILL."""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kb_helpers import FILES, ROOT, built_base, copy_policies, dump

from knowledge_base.schema import COUNTED, DOCUMENT_TABLES, FTS_TABLE
from pipeline.build import build, code_fingerprint
from pipeline.manifest import ManifestError, load_manifest


def settled_build(folder: Path, db: Path, **kw):
    """``build``, again if the code that makes the rows changed while it ran (the tree is being edited)."""
    for _ in range(3):
        fp = code_fingerprint()
        report = build(folder, db, **kw)
        if code_fingerprint() == fp:
            break
    return report


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_base(tmp_path_factory.mktemp("build"))


def copy_of(built, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the built folder and base, to change."""
    src_folder, src_db, _ = built
    folder, db = tmp_path / "p", tmp_path / "kb.db"
    shutil.copytree(src_folder, folder)
    shutil.copy(src_db, db)
    return folder, db


def test_manifest_gives_ids_and_lineage(built):
    folder, db, report = built
    assert sorted(report.added) == sorted(FILES)
    docs = dump(db, "documents")
    assert docs["tz-2024-matrix-draft"]["succeeds"] == "tz-2019-58"
    assert (
        docs["tz-2019-58"]["lineage"]
        == docs["tz-2024-matrix-draft"]["lineage"]
        == ("taizhou-manufacturing-enterprise-plans")
    )


def test_a_file_without_manifest_entry_is_known_by_its_stem(tmp_path):
    folder = copy_policies(tmp_path / "p")
    shutil.copy(folder / FILES["tz-2019-58"], folder / "another-copy.txt")
    report = build(folder, tmp_path / "kb.db")
    assert "another-copy" in report.added
    assert dump(tmp_path / "kb.db", "documents")["another-copy"]["lineage"] is None


def test_manifest_errors_name_the_file(tmp_path):
    (tmp_path / "manifest.toml").write_text('[[document]]\nid = "a"\n', encoding="utf-8")
    with pytest.raises(ManifestError, match="manifest.toml"):
        load_manifest(tmp_path)


def test_noop_rebuild_writes_nothing(built):
    folder, db, _ = built
    settled_build(folder, db)  # brings the base in line with the code of this moment
    before, mtime = sha(db), db.stat().st_mtime_ns
    report = settled_build(folder, db)
    assert report.changes == 0, report
    assert sorted(report.unchanged) == sorted(FILES)
    assert not (report.added or report.updated or report.removed)
    assert sha(db) == before and db.stat().st_mtime_ns == mtime


def _rows_by_span(db: Path, table: str, did: str) -> dict:
    rows = dump(db, table, drop=("id", "fact_id", "parent_id", "section_id", "next_id"))
    return {(r["start"], r["end"]): r for r in rows.values() if r["document_id"] == did}


def test_editing_one_number_changes_exactly_that_row(built, tmp_path):
    folder, db = copy_of(built, tmp_path)
    settled_build(folder, db)
    did = "tz-2024-matrix-draft"
    path = folder / FILES[did]
    raw = path.read_text(encoding="utf-8")
    # the 280 of 国家级专精特新“小巨人”企业280家 (gold: the plan's 2029 target), written once in the file
    old = "国家级专精特新“小巨人”企业280家"
    assert raw.count(old) == 1
    path.write_text(raw.replace(old, old.replace("280", "290")), encoding="utf-8")
    before_p = _rows_by_span(db, "paragraphs", did)
    before_t = _rows_by_span(db, "targets", did)
    other = {t: dump(db, t) for t in ("documents", "paragraphs", "targets")}

    report = build(folder, db)
    assert report.updated == [did] and sorted(report.unchanged) == ["tz-2019-58"], report

    after_p = _rows_by_span(db, "paragraphs", did)
    assert before_p.keys() == after_p.keys()
    changed = [k for k in before_p if before_p[k] != after_p[k]]
    assert len(changed) == 1 and "290家" in after_p[changed[0]]["text"], changed

    after_t = _rows_by_span(db, "targets", did)
    assert before_t, "the extractor gives no targets for the 2024 draft"
    changed_t = [k for k in before_t if before_t[k] != after_t.get(k)]
    assert len(changed_t) == 1, [before_t[k]["quote"] for k in changed_t]
    row = after_t[changed_t[0]]
    assert "290" in row["quote"] and row["value"] == 290, row

    # the other document's rows are untouched, ids included
    for t, rows in other.items():
        now = dump(db, t)
        assert {
            k: v for k, v in now.items() if v["document_id" if t != "documents" else "id"] == "tz-2019-58"
        } == {k: v for k, v in rows.items() if v["document_id" if t != "documents" else "id"] == "tz-2019-58"}


def test_a_removed_file_leaves_the_base(built, tmp_path):
    folder, db = copy_of(built, tmp_path)
    (folder / FILES["tz-2019-58"]).unlink()
    report = settled_build(folder, db)
    assert report.removed == ["tz-2019-58"], report
    conn = sqlite3.connect(db)
    for t in (*DOCUMENT_TABLES, "documents"):
        col = "id" if t == "documents" else "document_id"
        n = conn.execute(f"SELECT count(*) FROM [{t}] WHERE {col} = 'tz-2019-58'").fetchone()[0]
        assert n == 0, t
    assert (
        conn.execute(f"SELECT count(*) FROM {FTS_TABLE}").fetchone()[0]
        == (conn.execute("SELECT count(*) FROM search_items").fetchone()[0])
    )


def test_jobs_2_builds_the_same_base(built, tmp_path):
    folder, db1, _ = built
    settled_build(folder, db1)
    db2 = tmp_path / "kb2.db"
    report = settled_build(folder, db2, jobs=2)
    assert not report.failed and sorted(report.added) == sorted(FILES)

    def rows(db: Path, table: str) -> list[tuple]:
        with sqlite3.connect(db) as conn:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])") if r[1] != "item"]
            return sorted(
                conn.execute(f"SELECT {', '.join(f'[{c}]' for c in cols)} FROM [{table}]"), key=repr
            )

    for t in ("documents", *DOCUMENT_TABLES, "entities", "aliases"):
        assert rows(db1, t) == rows(db2, t), t


def check_complete(db: Path) -> tuple[list[str], list[str]]:
    """Documents in the base, and every way in which the base is not whole."""
    conn = sqlite3.connect(db)
    problems = []
    if (ic := conn.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
        problems.append(f"integrity_check: {ic}")
    docs = [r[0] for r in conn.execute("SELECT id FROM documents")]
    for did in docs:
        row = conn.execute(
            "SELECT " + ", ".join(f"n_{t}" for t in COUNTED) + " FROM documents WHERE id = ?", [did]
        ).fetchone()
        for t, n in zip(COUNTED, row, strict=True):
            got = conn.execute(f"SELECT count(*) FROM [{t}] WHERE document_id = ?", [did]).fetchone()[0]
            if got != n:
                problems.append(f"{did}: {t} holds {got} rows, the document row says {n}")
    for t in DOCUMENT_TABLES:
        orphans = conn.execute(
            f"SELECT count(*) FROM [{t}] WHERE document_id NOT IN (SELECT id FROM documents)"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{t}: {orphans} rows of a half-written document")
    fts = conn.execute(f"SELECT count(*) FROM {FTS_TABLE}").fetchone()[0]
    items = conn.execute("SELECT count(*) FROM search_items").fetchone()[0]
    if fts != items:
        problems.append(f"search index holds {fts} rows for {items} items")
    conn.close()
    return docs, problems


def test_sigkill_at_a_random_moment_leaves_a_whole_base(tmp_path):
    seed = int(os.environ.get("POLICYKB_KILL_SEED", time.time_ns() % 100000))
    rng = random.Random(seed)
    folder = tmp_path / "many"
    folder.mkdir()
    n = 16
    for i in range(n):
        did = list(FILES)[i % 2]
        shutil.copy(ROOT / "policies_raw" / FILES[did], folder / f"copy-{i:02d}.txt")
    db = tmp_path / "kb.db"
    # kill once k documents are in, k at random in the first half (so that at least eight documents,
    # about a second of work, are still to come), after a further random delay (often mid-write)
    k = rng.randint(1, n // 2)
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline.cli", "build", str(folder), "--db", str(db), "-q"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=0.1) as c:
                    if c.execute("SELECT count(*) FROM documents").fetchone()[0] >= k:
                        break
            except sqlite3.Error:
                pass
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 0.1))
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, f"seed {seed}: build ended before the kill ({proc.returncode})"

    docs, problems = check_complete(db)
    assert not problems, f"seed {seed}: {problems}"
    assert len(docs) < n, f"seed {seed}: all {n} documents were in before the kill"

    report = build(folder, db)
    assert not report.failed, report.failed
    assert sorted(report.added) == sorted(f"copy-{i:02d}" for i in range(n) if f"copy-{i:02d}" not in docs)
    docs, problems = check_complete(db)
    assert not problems and len(docs) == n, f"seed {seed}: {problems}"


def test_a_file_that_cannot_be_read_is_reported_and_the_rest_built(tmp_path):
    folder = copy_policies(tmp_path / "p")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    report = build(folder, tmp_path / "kb.db")
    assert sorted(report.added) == sorted(FILES)
    assert len(report.failed) == 1 and re.search(r"empty\.txt", report.failed[0]), report.failed


def test_cli_build_with_jobs(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    folder = copy_policies(tmp_path / "p")
    db = tmp_path / "kb.db"
    r = CliRunner().invoke(main, ["build", str(folder), "--db", str(db), "--jobs", "2"])
    assert r.exit_code == 0, r.output
    assert re.search(
        r"2 added, 0 updated, 0 unchanged, 0 removed, 0 failed in [\d.]+ s \(\d+ rows written\)", r.output
    )
    r = CliRunner().invoke(main, ["build", str(tmp_path / "missing"), "--db", str(db)])
    assert r.exit_code == 2 and "not a folder" in r.output


def test_a_folder_without_documents_is_refused_and_the_base_kept(built, tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    _, db = copy_of(built, tmp_path)
    before = dump(db, "documents")
    (tmp_path / "wrong").mkdir()
    (tmp_path / "wrong" / "notes.xlsx").write_bytes(b"x")
    r = CliRunner().invoke(main, ["build", str(tmp_path / "wrong"), "--db", str(db)])
    assert r.exit_code == 2 and r.output.count("\n") == 1 and "without .txt" in r.output, r.output
    assert dump(db, "documents") == before
    r = CliRunner().invoke(main, ["build", str(tmp_path / "p"), "--db", str(tmp_path)])
    assert r.exit_code == 2 and "a folder, not a knowledge base file" in r.output, r.output
