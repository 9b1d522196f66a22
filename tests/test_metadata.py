"""Metadata (``extractors.metadata.extract_metadata``) against values read from real documents.

* ``tests/data/metadata/<doc>.json``: every field of ``Metadata`` as read from the document
  (``read_from`` says where; State Council 文号, issuer and 成文日期 agree with the corpus manifest).
  Each differing field is reported.
* The State Council manifest (``tests/data/corpus/state_council/manifest.tsv``, taken from gov.cn's own
  metadata table) for all 60 documents: 文号, issuer, 成文日期 and title (the notice's title).
* ``dates.tsv`` and ``doc_numbers.tsv``: date and 文号 strings as written -> normalized values.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from extractors.metadata import normalize_doc_number, parse_date
from knowledge_base.model import metadata_json
from pipeline import parse_file

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "metadata"
GOLD = sorted(DATA.glob("*.json"))
SC = ROOT / "tests" / "data" / "corpus" / "state_council"


@cache
def meta(rel: str) -> dict:
    return metadata_json(parse_file(ROOT / rel).metadata)


def _tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.parametrize("gold_path", GOLD, ids=[p.stem for p in GOLD])
def test_metadata_matches_reading(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    got = meta(gold["file"])
    wrong = [f"{k}: want {v!r}, got {got.get(k)!r}" for k, v in gold["expected"].items() if got.get(k) != v]
    missing = sorted(set(got) - set(gold["expected"]))
    assert not missing, f"gold lacks fields {missing}"
    assert not wrong, f"{gold_path.name}:\n" + "\n".join(wrong)


def _manifest() -> list[dict[str, str]]:
    with (SC / "manifest.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


# where the printed document and gov.cn's metadata disagree, the document wins (each case read by hand)
EXCEPTIONS = {(r["file"], r["field"]): r["value_in_text"] for r in _tsv("manifest_exceptions.tsv")}


def test_state_council_manifest() -> None:
    """文号, issuer, 成文日期 and title of all 60 State Council documents agree with gov.cn's metadata."""
    failures = []
    rows = _manifest()
    for row in rows:
        m = meta(str((SC / row["file"]).relative_to(ROOT)))
        signed = parse_date(row["written_date"])
        checks = {
            "doc_number": (row["doc_number"], m["doc_number"]),
            "issuer": (row["issuer"], m["issuer"]),
            "signed_on": (signed.isoformat() if signed else None, m["signed_on"]),
            "title": (row["title"], m["notice_title"] or m["title"]),
        }
        for k, (w, g) in checks.items():
            w = EXCEPTIONS.get((row["file"], k), w)
            if w != g:
                failures.append(f"{row['file']} {k}: want {w!r}, got {g!r}")
    assert len(rows) == 60
    assert not failures, f"{len(failures)} fields differ:\n" + "\n".join(failures)


@pytest.mark.parametrize("row", _tsv("dates.tsv"), ids=lambda r: r["text"])
def test_parse_date(row: dict[str, str]) -> None:
    want = date.fromisoformat(row["expected"]) if row["expected"] else None
    assert parse_date(row["text"]) == want, row["source"]


@pytest.mark.parametrize("row", _tsv("doc_numbers.tsv"), ids=lambda r: r["text"])
def test_normalize_doc_number(row: dict[str, str]) -> None:
    assert normalize_doc_number(row["text"]) == (row["expected"] or None), row["source"]


@pytest.mark.parametrize("row", _tsv("report_titles.tsv"), ids=lambda r: r["file"])
def test_work_report_title(row: dict[str, str]) -> None:
    """The 30 work reports: the title as printed (under page residue such as 下载 / 打印 / 【字号：)."""
    m = meta(f"tests/data/corpus/gov_work_reports_2026/{row['file']}")
    assert m["title"] == row["title"], row["why"]
