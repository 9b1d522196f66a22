"""Bad input through the real CLI: exit code 2, one line on stderr naming the file and the cause,
never a traceback. Cases: ``tests/data/bad/cases.tsv`` (fixtures made by ``make_bad.py``)."""

from __future__ import annotations

import csv
import os
import shlex
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


# --- every command that takes a file, on every bad fixture (in one process: click's CliRunner) ---------

# {f} is the bad file, {good} a short real policy, {tmp} a scratch folder (must stay empty)
COMMANDS = [
    "parse {f}",
    "parse {f} --format text",
    "extract {f}",
    "extract {f} --format table",
    "show {f} -o {tmp}/page.html",
    "lint {f}",
    "lint {f} --format json",
    "lint {f} --docx-out {tmp}/reviewed.docx",
    "lint {good} --against {f}",
    "lint {good} --against {f} --format json --docx-out {tmp}/reviewed.docx",
    *(f"diff {{f}} {{good}} --format {fmt} -o {{tmp}}/diff.{fmt}" for fmt in ("table", "json", "md", "html")),
    *(f"diff {{good}} {{f}} --format {fmt}" for fmt in ("table", "json", "md", "html")),
]

with (BAD / "cli_cases.tsv").open(encoding="utf-8") as f:
    CLI_CASES = list(csv.DictReader(f, delimiter="\t"))


def _invoke(args: list[str]):
    from click.testing import CliRunner

    from pipeline.cli import main

    r = CliRunner().invoke(main, args)
    crashed = r.exception is not None and not isinstance(r.exception, SystemExit)
    return r, crashed


def _one_line_problems(r, crashed: bool, exit_code: int, words: list[str]) -> list[str]:
    problems = []
    if crashed:
        problems.append(f"crashed: {type(r.exception).__name__}: {r.exception}")
    if r.exit_code != exit_code:
        problems.append(f"exit code {r.exit_code}, expected {exit_code}")
    lines = r.stderr.strip().splitlines()
    if len(lines) != 1 or not lines[0].startswith("policykb: error: "):
        problems.append(f"stderr is not one error line: {r.stderr[-300:]!r}")
    else:
        problems += [f"stderr {lines[0]!r} lacks {w!r}" for w in words if w not in lines[0]]
    return problems


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> dict[str, Path]:
    """A short real policy, an earlier version of it, a DOCX, links, a folder named like a file, a huge
    sparse file."""
    tmp = tmp_path_factory.mktemp("cli")
    text = POLICY.read_text(encoding="utf-8")
    (tmp / "policy.txt").write_text(text[:1500], encoding="utf-8")
    (tmp / "earlier.txt").write_text(text[:1500].replace("3000亿元", "2500亿元"), encoding="utf-8")
    shutil.copy(ROOT / "tests/data/renditions/tz-2019-58.docx", tmp / "policy.docx")
    os.link(tmp / "policy.docx", tmp / "hardlink.docx")
    (tmp / "link.txt").symlink_to(tmp / "policy.txt")
    (tmp / "loop.txt").symlink_to(tmp / "loop.txt")
    (tmp / "gone.txt").symlink_to(tmp / "nowhere.txt")
    (tmp / "folder.txt").mkdir()
    with (tmp / "huge.txt").open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    return {"tmp": tmp, "good": tmp / "policy.txt"}


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_on_every_bad_file(command, scratch, tmp_path):
    """Each bad fixture: exit 2, one line naming the file and the cause, no traceback, nothing written."""
    failures = []
    for case in CASES:
        args = [a.format(f=BAD / case["file"], good=scratch["good"], tmp=tmp_path) for a in command.split()]
        r, crashed = _invoke(args)
        problems = _one_line_problems(r, crashed, 2, [case["file"], case["cause"]])
        left = sorted(p.name for p in tmp_path.iterdir())
        if left:
            problems.append(f"left files behind: {left}")
        if problems:
            failures.append(f"{case['file']}: " + "; ".join(problems))
    assert not failures, f"policykb {command}:\n" + "\n".join(failures)


@pytest.mark.parametrize("case", CLI_CASES, ids=[c["what"] for c in CLI_CASES])
def test_cli_case(case, scratch):
    """``cli_cases.tsv``: odd but readable input works (``!word``: must not be in the output); bad paths
    and outputs are one line, exit 2; an input file is never overwritten."""
    before = {p: p.read_bytes() for p in scratch["tmp"].iterdir() if p.is_file() and p.name != "huge.txt"}
    args = [a.format(bad=BAD, tmp=scratch["tmp"]) for a in shlex.split(case["args"])]
    r, crashed = _invoke(args)
    words = [w.replace("\\t", "\t") if case["stream"] == "stderr" else w for w in case["words"].split("|")]
    if case["stream"] == "stderr":
        problems = _one_line_problems(r, crashed, int(case["exit"]), words)
    else:
        problems = [f"crashed: {r.exception!r}"] if crashed else []
        if r.exit_code != int(case["exit"]):
            problems.append(f"exit code {r.exit_code}: {r.stderr[-300:]!r}")
        problems += [f"output lacks {w!r}" for w in words if w[:1] != "!" and w not in r.stdout]
        problems += [f"output has {w[1:]!r}" for w in words if w[:1] == "!" and w[1:] in r.stdout]
    for p, data in before.items():
        if p.read_bytes() != data:
            problems.append(f"{p.name} was overwritten")
    assert not [p for p in scratch["tmp"].rglob("*.part*")], "a temporary file was left behind"
    assert not problems, f"policykb {case['args']} ({case['what']}): " + "; ".join(problems)


def test_build_goes_on_after_bad_files(tmp_path):
    """A folder of every bad fixture and one good policy: the good one is built, each bad one reported
    once on stderr (also a second file with the same document id), exit 2, no traceback."""
    folder = tmp_path / "policies"
    folder.mkdir()
    for c in CASES:
        shutil.copy(BAD / c["file"], folder / c["file"])
    shutil.copy(POLICY, folder / POLICY.name)
    (folder / "folder.txt").mkdir()
    r, crashed = _invoke(["build", str(folder), "--db", str(tmp_path / "kb.db"), "--quiet"])
    assert not crashed, r.exception
    assert r.exit_code == 2, r.output
    failed = [ln for ln in r.stderr.splitlines() if ln.startswith("failed: ")]
    readable = [c for c in CASES if Path(c["file"]).suffix in (".txt", ".md", ".html", ".docx", ".pdf")]
    for c in readable:
        hits = [ln for ln in failed if f"/{c['file']}:" in ln]
        assert len(hits) == 1 and c["cause"] in hits[0] or "also the id of" in "".join(hits), (c, failed)
    assert len(failed) == len(readable), failed
    import sqlite3

    con = sqlite3.connect(tmp_path / "kb.db")
    assert [r[0] for r in con.execute("SELECT file FROM documents")] == [POLICY.name]


@pytest.mark.parametrize(
    "error, words",
    [
        (
            ValueError("unexpected value"),
            ["parse", "internal error (ValueError: unexpected value)", "--debug"],
        ),
        (IsADirectoryError(21, "Is a directory", "manifest.toml"), ["manifest.toml: Is a directory"]),
    ],
)
def test_unexpected_error_is_one_line(monkeypatch, error, words):
    """A bug or an OSError below the CLI is still one line naming what was given, exit 2; --debug
    lets the exception through."""
    import pipeline

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(pipeline, "parse_file", broken)
    r, crashed = _invoke(["parse", str(POLICY)])
    assert not _one_line_problems(r, crashed, 2, words)
    r, crashed = _invoke(["--debug", "parse", str(POLICY)])
    assert r.exception is error
