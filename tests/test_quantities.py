"""extractors.quantities against real sentences (cases.tsv) and other parsers' expected values (specs/).

Every failing row is reported. The spec tables run through ``benchmarks/eval_quantities.py`` (the same
loaders print the pass rate per table); cases outside our scope are excluded with a reason in
``spec_exclusions.tsv``, and the in-scope cases we still get wrong are listed in
``spec_known_failures.tsv``: that list must not grow (and a case that starts passing must leave it).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

from extractors.quantities import find_quantities, parse_number
from knowledge_base.model import Span

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "quantities"
sys.path.insert(0, str(ROOT / "benchmarks"))
import eval_quantities as ev  # noqa: E402

FIELDS = ["text", "value", "unit", "qualifier", "bound", "role", "low", "high", "per"]


def _num(s: str) -> float | None:
    return None if s == "" else float(s)


def _expected(cell: str) -> list[dict]:
    if cell.strip() == "-":
        return []
    out = []
    for item in cell.split(" ;; "):
        parts = item.split("|")
        parts += [""] * (len(FIELDS) - len(parts))
        d = dict(zip(FIELDS, parts, strict=True))
        d["value"], d["low"], d["high"] = _num(d["value"]), _num(d["low"]), _num(d["high"])
        d["per"] = d["per"] or None
        out.append(d)
    return out


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)
    return a == b


def _rows():
    for i, line in enumerate((DATA / "cases.tsv").read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        sentence, expected, note = line.split("\t")
        yield pytest.param(sentence, _expected(expected), id=f"line{i}:{note[:30]}")


CASES = list(_rows())


def test_cases_table_is_big_enough():
    negatives = sum(1 for c in CASES if not c.values[1])
    assert len(CASES) >= 60 and negatives >= 5, (len(CASES), negatives)


@pytest.mark.parametrize("sentence,expected", CASES)
def test_sentence(sentence, expected):
    got = find_quantities(sentence)
    problems = []
    for q in got:
        if q.span.of(sentence) != q.text:
            problems.append(f"span {q.span} does not quote {q.text!r}")
    if len(got) != len(expected):
        problems.append(f"{len(got)} quantities, expected {len(expected)}: {[q.text for q in got]}")
    for q, e in zip(got, expected, strict=False):
        for f in FIELDS:
            if not _same(getattr(q, f), e[f]):
                problems.append(f"{q.text!r}.{f} = {getattr(q, f)!r}, expected {e[f]!r}")
    assert not problems, "\n".join(problems)


def test_offset_shifts_spans():
    para = "到2029年，力争培育上市“种苗”企业300家，上市企业突破100家。"
    doc = "前言。\n" + para
    got = find_quantities(para, offset=4)
    assert [q.span.of(doc) for q in got] == ["2029年", "300家", "100家"]
    assert got[0].span == Span(5, 10)


@pytest.mark.parametrize(
    "s,value",
    [
        ("3,500", 3500),
        ("1.5亿", 1.5e8),
        ("二百", 200),
        ("1万600", 10600),
        ("两千万", 2e7),
        ("二〇二五", 2025),
    ],
)
def test_parse_number(s, value):
    assert parse_number(s) == value


@pytest.mark.parametrize("s", ["", "十四五", "千亿", "万一", "abc", "10..1万"])
def test_parse_number_rejects(s):
    assert parse_number(s) is None


# --- other parsers' tables -----------------------------------------------------------------------


RESULTS = ev.evaluate()


def test_every_spec_table_was_loaded():
    assert {r.table for r in RESULTS} >= set(ev.TABLES), "a spec table has no cases"


def test_exclusions_have_reasons_and_match_something():
    rules = ev.exclusions()
    assert all(r.category and r.reason for r in rules)
    used = {(c.excluded_by.table, c.excluded_by.pattern) for c in RESULTS if c.excluded_by}
    unused = [f"{r.table} {r.pattern}" for r in rules if (r.table, r.pattern) not in used]
    assert not unused, f"exclusion rules that match no case: {unused}"


def test_in_scope_spec_cases_pass_or_are_known_failures():
    known = ev.known_failures()
    failing = {(c.table, c.input) for c in RESULTS if c.in_scope and not c.passed}
    new = sorted(failing - known)
    fixed = sorted(known - failing)
    report = "\n".join(
        f"NEW FAILURE {t}: {i!r} -> {c.detail}"
        for t, i in new
        for c in RESULTS
        if (c.table, c.input) == (t, i)
    )
    assert not new, report
    assert not fixed, f"now passing, remove from spec_known_failures.tsv: {fixed}"


# --- invariants over whole real documents ---------------------------------------------------------

ROLES = {
    "amount",
    "count",
    "measure",
    "percent",
    "pp",
    "rate",
    "ordinal",
    "year",
    "period",
    "date",
    "index",
    "code",
}
BOUNDS = {"min", "max", "approx", "exact", "range"}
TEXTS = sorted((ROOT / "policies_raw").glob("*.txt")) + sorted((DATA / "corpus").glob("*.txt"))


@pytest.mark.parametrize("path", TEXTS, ids=[p.name for p in TEXTS])
def test_invariants_on_real_text(path):
    text = path.read_text(encoding="utf-8")
    got = find_quantities(text)
    problems = []
    for a, b in zip(got, got[1:], strict=False):
        if a.span.overlaps(b.span):
            problems.append(f"overlap {a.text!r} {b.text!r}")
    for q in got:
        where = f"{q.text!r}@{q.span.start}"
        if q.span.of(text) != q.text:
            problems.append(f"{where}: span quotes {q.span.of(text)!r}")
        if q.role not in ROLES or q.bound not in BOUNDS:
            problems.append(f"{where}: role {q.role} bound {q.bound}")
        if (q.low is None) != (q.high is None) or (q.low is not None and q.low > q.high):
            problems.append(f"{where}: low {q.low} high {q.high}")
        if q.bound == "range" and q.low is None:
            problems.append(f"{where}: a range without low/high")
        if q.role in ("year", "period") and not 1900 <= q.value <= 2100:
            problems.append(f"{where}: year {q.value}")
        if q.role not in ("date", "code") and q.value is None:
            problems.append(f"{where}: no value")
        if q.text.startswith(("一次性", "第", "一带一路")) or q.text in ("十四五", "一是", "统一"):
            problems.append(f"{where}: a word read as a number")
    assert got and not problems, "\n".join(problems)
