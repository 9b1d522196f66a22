"""extract_targets over real sentences (tests/data/extract/target_cases.tsv), one test per row."""

from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path

import pytest
from fact_cases import document

CASES = Path(__file__).parent / "data" / "extract" / "target_cases.tsv"


def _rows() -> list[dict[str, str]]:
    lines = [ln for ln in CASES.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _fold(s: str) -> str:
    from extractors.entities import key

    return key(s)


def _expected(cell: str) -> list[tuple[str, float, str, int | None, str]]:
    out = []
    for item in filter(None, (x.strip() for x in cell.split(";;"))):
        subject, value, unit, year, kind = (x.strip() for x in item.split("|"))
        out.append((_fold(subject), float(value), unit, int(year) if year else None, kind))
    return out


def _same(a, b) -> bool:
    return a[0] == b[0] and math.isclose(a[1], b[1]) and a[2:] == b[2:]


ROWS = _rows()


def test_table_is_big_enough():
    assert len(ROWS) >= 40
    assert sum(1 for r in ROWS if not r["expected"]) >= 10, "negative rows"


def _param(row: dict[str, str]):
    if row.get("known_issue"):
        return pytest.param(
            row, marks=pytest.mark.xfail(strict=True, reason=row["known_issue"]), id=row["id"]
        )
    return pytest.param(row, id=row["id"])


@pytest.mark.parametrize("row", [_param(r) for r in ROWS])
def test_target_case(row):
    from extractors.targets import extract_targets

    doc = document(*[p for p in (row["context"], row["text"]) if p])
    if row.get("doc_year"):
        doc.metadata.signed_on = date(int(row["doc_year"]), 12, 31)
    if row.get("title"):
        doc.metadata.title = row["title"]
    got = extract_targets(doc)
    got_t = [(_fold(t.subject), t.value, t.unit, t.year, t.kind) for t in got]
    expected = _expected(row["expected"])
    missing = [e for e in expected if not any(_same(e, g) for g in got_t)]
    extra = [g for g in got_t if not any(_same(e, g) for e in expected)]
    for t in got:  # provenance: the quote is exactly the text at the span
        assert doc.text[t.span.start : t.span.end] == t.quote
    assert not missing and not extra, f"{row['id']}: missing {missing}; unexpected {extra}"


def test_stable_ids_and_parents():
    from extractors.targets import extract_targets

    row = next(r for r in ROWS if r["id"] == "tz24-ladder")
    a = extract_targets(document(row["text"]))
    b = extract_targets(document(row["text"]))
    assert [t.id for t in a] == [t.id for t in b]
    by_subject = {t.subject: t for t in a}
    total = by_subject["科技型中小企业"]
    assert by_subject["规上企业"].parent == total.id
    assert by_subject["创新型中小企业"].parent == total.id
    assert by_subject["“雄鹰”企业"].parent == by_subject["领航型企业"].id
    assert total.parent is None


def test_parts_in_a_qizhong_clause_point_at_their_total():
    """其中 without brackets: parts of the total before (like units, or counts), not of a growth rate."""
    from extractors.targets import extract_targets

    def parents(row_id):
        row = next(r for r in ROWS if r["id"] == row_id)
        got = extract_targets(document(row["text"]))
        by_id = {t.id: t.subject for t in got}
        return {t.subject: by_id.get(t.parent) for t in got}

    assert parents("gs-qizhong-counts") == {
        "农村“水盆子”项目": None,
        "小型水库": "农村“水盆子”项目",
        "水池等调蓄设施": "农村“水盆子”项目",
    }
    assert parents("sc-qizhong-clause") == {"全国农机总动力": None, "灌排机械动力": "全国农机总动力"}
