"""Bad input through the real CLI: exit code 2, one line on stderr naming the file and the cause,
never a traceback. Cases: ``tests/data/bad/cases.tsv`` (fixtures made by ``make_bad.py``)."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge_base.model import ReadError
from pipeline.read import MAX_FILE_BYTES, read

BAD = Path(__file__).parent / "data" / "bad"
ROOT = Path(__file__).parents[1]
POLICY = ROOT / "policies_raw" / "taizhou-2019-58-manufacturing-hq-plan-2020-2025.txt"

with (BAD / "cases.tsv").open(encoding="utf-8") as f:
    CASES = list(csv.DictReader(f, delimiter="\t"))


def policykb(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("policykb")
    cmd = [exe] if exe else [sys.executable, "-m", "pipeline.cli"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, cwd=ROOT, timeout=300)


def _check_one_line_error(r: subprocess.CompletedProcess, name: str, cause: str) -> list[str]:
    problems = []
    lines = r.stderr.strip().splitlines()
    if r.returncode != 2:
        problems.append(f"exit code {r.returncode}")
    if "Traceback" in r.stderr:
        problems.append("a traceback")
    if len(lines) != 1:
        problems.append(f"{len(lines)} lines on stderr: {r.stderr[-300:]!r}")
    elif name not in lines[0] or cause not in lines[0] or not lines[0].startswith("policykb: error: "):
        problems.append(f"stderr {lines[0]!r} lacks {name!r} or {cause!r}")
    return problems


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_file_through_cli(case):
    r = policykb("parse", str(BAD / case["file"]))
    problems = _check_one_line_error(r, case["file"], case["cause"])
    assert not problems, f"{case['file']} ({case['what']}): " + "; ".join(problems)


def test_missing_file():
    r = policykb("parse", "policies_raw/no-such-policy.txt")
    assert not _check_one_line_error(r, "no-such-policy.txt", "no such file")


def test_huge_file_is_refused(tmp_path):
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:  # sparse: no disk space used
        f.truncate(MAX_FILE_BYTES + 1)
    r = policykb("parse", str(big))
    assert not _check_one_line_error(r, "huge.txt", "file too large")


def test_directory_given_to_the_reader(tmp_path):
    folder = tmp_path / "policy.txt"
    folder.mkdir()
    with pytest.raises(ReadError, match="is a directory"):
        read(folder)


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    f = tmp_path / "locked.txt"
    f.write_text("台州", encoding="utf-8")
    f.chmod(0)
    with pytest.raises(ReadError, match="permission denied"):
        read(f)


def test_folder_goes_on_after_failures(tmp_path):
    """`policykb parse DIR`: a summary line per file, the failures on stderr, exit 2."""
    for c in CASES[:4]:
        shutil.copy(BAD / c["file"], tmp_path / c["file"])
    shutil.copy(POLICY, tmp_path / POLICY.name)
    (tmp_path / "notes.csv").write_text("not a policy", encoding="utf-8")  # not a supported type: skipped
    r = policykb("parse", str(tmp_path))
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    out = r.stdout.strip().splitlines()
    assert any(ln.startswith("ok") and POLICY.name in ln for ln in out), r.stdout
    assert sum(ln.startswith("FAIL") for ln in out) == 4, r.stdout
    assert out[-1] == "5 files, 1 parsed, 4 failed"
    errors = r.stderr.strip().splitlines()
    assert len(errors) == 4 and all(ln.startswith("policykb: error: ") for ln in errors)


def test_folder_of_good_files_exits_0():
    r = policykb("parse", "policies_raw")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "2 files, 2 parsed, 0 failed"


def test_html_in_txt_is_read_not_refused(tmp_path):
    """HTML saved as .txt is turned into text (tags stripped, entities decoded), not refused."""
    page = tmp_path / "notice.txt"
    page.write_text(
        "<html><body><p>国务院办公厅关于推广第二批支持创新相关改革举措的通知</p>"
        "<p>国办发&#12308;2018&#12309;126号</p><p>各省、自治区、直辖市人民政府，国务院各部委、各直属机构&#65306;</p>"
        "</body></html>",
        encoding="utf-8",
    )
    r = policykb("parse", str(page), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert "国办发〔2018〕126号" in r.stdout and "<p>" not in r.stdout


def test_folder_without_documents(tmp_path):
    (tmp_path / "policy.pdf").mkdir()  # a directory named like a file is not a document
    (tmp_path / "notes.csv").write_text("not a policy", encoding="utf-8")
    r = policykb("parse", str(tmp_path))
    assert not _check_one_line_error(
        r, tmp_path.name, "a folder without .txt, .md, .html, .docx or .pdf files"
    )
