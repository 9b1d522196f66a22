"""extractors.text on real sentences: every row of tests/data/quantities/text_cases.tsv is checked."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extractors import text as T

CASES = Path(__file__).parent / "data" / "quantities" / "text_cases.tsv"


def _rows():
    with CASES.open(encoding="utf-8") as f:
        for i, row in enumerate(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if not row or row[0].startswith("#"):
                continue
            func, text, expected, note = row
            yield pytest.param(
                func, text.replace("\\n", "\n"), expected.split(" ‖ "), id=f"{i}-{func}-{note[:20]}"
            )


@pytest.mark.parametrize("func,text,expected", list(_rows()))
def test_split(func, text, expected):
    spans = getattr(T, func)(text)
    assert [s.of(text) for s in spans] == expected


@pytest.mark.parametrize("func", ["sentences", "clauses", "items"])
def test_offsets_shift_and_quote_exactly(func):
    doc = (
        "前文。"
        + "聚焦“两化提升”，打造全国先进制造业集群发展示范区。以实现产业基础高级化、产业链现代化为目标。"
    )
    para = doc[3:]
    local = getattr(T, func)(para)
    shifted = getattr(T, func)(para, offset=3)
    assert local and [s.shift(3) for s in local] == shifted
    assert all(s.of(doc) == t.of(para) for s, t in zip(shifted, local, strict=True))
