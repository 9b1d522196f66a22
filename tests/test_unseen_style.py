"""Awards and targets in other cities' drafting styles (tests/data/extract/unseen_style_cases.tsv), one test per
row, through the real extractors. Rows with a ``known_issue`` are strict expected failures: they turn red when
the extractor starts getting them right, so that the mark is removed and the row guards the fix."""

from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path

import pytest
from fact_cases import document

from extractors.awards import extract_awards
from extractors.entities import key
from extractors.targets import extract_targets

CASES = Path(__file__).parent / "data" / "extract" / "unseen_style_cases.tsv"


def _rows() -> list[dict[str, str]]:
    lines = [ln for ln in CASES.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return [
        {k: (v or "").strip() for k, v in row.items()}
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


ROWS = _rows()


def _items(cell: str) -> list[list[str]]:
    return [[x.strip() for x in item.split("|")] for item in cell.split(";;") if item.strip()]


def _num(s: str) -> float | None:
    return float(s) if s else None


def _award_want(fields: list[str]) -> tuple:
    recipient, amount, cap, one_off, kind, threshold, rate, *unit = fields
    th = None
    if threshold:
        value, th_unit = threshold.split()
        th = (float(value), th_unit)
    return (
        recipient,
        _num(amount),
        unit[0] if unit and unit[0] else "元",
        cap == "1",
        one_off == "1",
        kind,
        th,
        _num(rate),
    )


def _award_got(a) -> tuple:
    th = (a.threshold.value, a.threshold.unit) if a.threshold else None
    return (a.recipient, a.amount, a.unit, a.max, a.one_off, a.kind, th, a.rate)


def _target_want(fields: list[str]) -> tuple:
    subject, value, unit, year, kind = fields
    return (key(subject), float(value), unit, int(year) if year else None, kind)


def _same_target(a: tuple, b: tuple) -> bool:
    return a[0] == b[0] and math.isclose(a[1], b[1]) and a[2:] == b[2:]


def test_table_covers_both_fact_types_and_negatives():
    kinds = {r["fact"] for r in ROWS}
    assert kinds == {"award", "target"}
    assert sum(1 for r in ROWS if not r["expected"]) >= 5, "negative rows"
    assert len({r["id"] for r in ROWS}) == len(ROWS), "ids are unique"


def _param(row: dict[str, str]):
    marks = [pytest.mark.xfail(strict=True, reason=row["known_issue"])] if row["known_issue"] else []
    return pytest.param(row, marks=marks, id=row["id"])


@pytest.mark.parametrize("row", [_param(r) for r in ROWS])
def test_unseen_style_case(row):
    paragraphs = [p for p in (row["context"], row["sentence"]) if p]
    doc = document(*paragraphs)
    if row["doc_year"]:
        doc.metadata.signed_on = date(int(row["doc_year"]), 12, 31)
    if row["fact"] == "award":
        facts, _issues = extract_awards(doc)
        got = [_award_got(a) for a in facts]
        want = [_award_want(f) for f in _items(row["expected"])]
        assert sorted(map(repr, got)) == sorted(map(repr, want)), f"want {want}\ngot  {got}"
    else:
        facts = extract_targets(doc)
        got = [(key(t.subject), t.value, t.unit, t.year, t.kind) for t in facts]
        want = [_target_want(f) for f in _items(row["expected"])]
        missing = [w for w in want if not any(_same_target(w, g) for g in got)]
        extra = [g for g in got if not any(_same_target(w, g) for w in want)]
        assert not missing and not extra, f"missing {missing}; unexpected {extra}"
    for f in facts:  # provenance: every quote is the text at its span
        assert doc.text[f.span.start : f.span.end] == f.quote
