"""Outline (``pipeline.structure.outline``) against outlines read by hand from real documents.

* ``tests/data/structure/<doc>.json``: the expected sections ``[level, number, heading]`` in document
  order, made by reading the text (``read_from`` says where and what was decided). ``scope.max_level``
  limits the comparison to the upper levels of a long document. Every missing or unexpected row is
  reported.
* ``tests/data/structure/negatives.tsv``: real paragraphs that must not start a section.
* Invariants over every text of ``tests/data/corpus`` and both policies: no crash, unique ids, the
  heading inside its heading span, the heading span inside the section, children inside their parent
  and one level below it, every paragraph assigned to the innermost section containing its start.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
from functools import cache
from pathlib import Path

import pytest

from pipeline import parse_file
from pipeline.structure import numbering

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "structure"
GOLD = sorted(DATA.glob("*.json"))
CORPUS = sorted((ROOT / "tests" / "data" / "corpus").glob("*/*.txt")) + sorted(
    (ROOT / "policies_raw").glob("*.txt")
)
_WS = re.compile(r"\s+")
NUMBERED = {
    "han",
    "paren_han",
    "arabic",
    "paren_arabic",
    "circled",
    "chapter",
    "part",
    "jie",
    "article",
    "decimal",
    "yishi",
}
# the numbers are compared as written, up to the width of brackets and dots (the normalizer may fold them)
_FOLD = str.maketrans({"（": "(", "）": ")", "．": ".", "\u3000": None, " ": None})


@cache
def parsed(rel: str):
    return parse_file(ROOT / rel)


def _row(level: int, number: str, heading: str) -> tuple[int, str, str]:
    return level, number.translate(_FOLD), _WS.sub("", heading)


@pytest.mark.parametrize("gold_path", GOLD, ids=[p.stem for p in GOLD])
def test_outline_matches_reading(gold_path: Path) -> None:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc = parsed(gold["file"])
    max_level = gold.get("scope", {}).get("max_level")
    got = [
        _row(s.level, s.number, s.heading) for s in doc.sections if max_level is None or s.level <= max_level
    ]
    want = [_row(*r) for r in gold["sections"]]
    problems = []
    sm = difflib.SequenceMatcher(a=want, b=got, autojunk=False)
    for op, a0, a1, b0, b1 in sm.get_opcodes():
        if op == "equal":
            continue
        problems += [f"missing  {r}" for r in want[a0:a1]]
        problems += [f"extra    {r}" for r in got[b0:b1]]
    assert not problems, f"{gold_path.name}: {len(problems)} rows differ\n" + "\n".join(problems)


def _negatives() -> list[dict[str, str]]:
    with (DATA / "negatives.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.parametrize("row", _negatives(), ids=lambda r: f"{Path(r['file']).stem}:{r['line']}")
def test_not_a_heading(row: dict[str, str]) -> None:
    doc = parsed(row["file"])
    paras = [p for p in doc.paragraphs if p.source.line == int(row["line"])]
    assert paras, f"no paragraph from line {row['line']}"
    p = paras[0]
    assert _WS.sub("", p.span.of(doc.text)).startswith(_WS.sub("", row["starts_with"])), p.span.of(doc.text)[
        :40
    ]
    starting = [
        s for s in doc.sections if p.span.start <= s.span.start < p.span.start + len(row["starts_with"])
    ]
    assert not starting, f"{row['why']}: got section(s) {[(s.id, s.number, s.heading) for s in starting]}"


@pytest.mark.parametrize("path", CORPUS, ids=[f"{p.parent.name}/{p.stem}" for p in CORPUS])
def test_outline_invariants(path: Path) -> None:
    doc = parsed(str(path.relative_to(ROOT)))
    by_id = {s.id: s for s in doc.sections}
    problems = []
    if len(by_id) != len(doc.sections):
        dup = [i for i in by_id if sum(s.id == i for s in doc.sections) > 1]
        problems.append(f"duplicate ids {dup}")
    for s in doc.sections:
        if not s.span.contains(s.heading_span):
            problems.append(f"{s.id}: heading span {s.heading_span} outside section {s.span}")
        if _WS.sub("", s.heading) not in _WS.sub("", s.heading_span.of(doc.text)):
            problems.append(f"{s.id}: heading {s.heading!r} not in {s.heading_span.of(doc.text)!r}")
        if s.number and not s.heading_span.of(doc.text).startswith(s.number):
            problems.append(f"{s.id}: heading span does not start with the number {s.number!r}")
        if s.style in NUMBERED and not (isinstance(s.ordinal, int) and s.ordinal >= 1):
            problems.append(f"{s.id}: numbered {s.number!r} without an ordinal ({s.ordinal!r})")
        if s.parent is not None:
            parent = by_id.get(s.parent)
            if parent is None:
                problems.append(f"{s.id}: parent {s.parent} missing")
            elif not parent.span.contains(s.span) or s.level != parent.level + 1:
                problems.append(f"{s.id}: not nested in {parent.id}")
        elif s.level != 1:
            problems.append(f"{s.id}: level {s.level} without a parent")
    for p in doc.paragraphs:
        inner = doc.section_at(p.span.start)
        if (inner.id if inner else None) != p.section:
            problems.append(
                f"paragraph at {p.span.start}: section {p.section}, innermost is {inner and inner.id}"
            )
    assert not problems, f"{path.name}: " + "\n".join(problems[:20])


def test_ids_are_stable_across_rebuilds() -> None:
    a = parse_file(ROOT / "policies_raw" / "taizhou-2019-58-manufacturing-hq-plan-2020-2025.txt")
    b = parse_file(ROOT / "policies_raw" / "taizhou-2019-58-manufacturing-hq-plan-2020-2025.txt")
    assert [s.id for s in a.sections] == [s.id for s in b.sections]
    by_number = {(s.parent, s.number): s.id for s in a.sections}
    # ids come from the numbers: 二、 -> s2, its （三） -> s2.3, 三是 in it -> s2.3.y3
    assert by_number[(None, "二、")] == "s2"
    assert by_number[("s2", "（三）")] == "s2.3"
    assert by_number[("s2.3", "三是")] == "s2.3.y3"


def _starts() -> list[dict[str, str]]:
    with (DATA / "paragraph_starts.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.parametrize("row", _starts(), ids=lambda r: r["text"][:12])
def test_numbering_at_paragraph_start(row: dict[str, str]) -> None:
    want = (row["style"], row["number"]) if row["style"] else None
    assert numbering(row["text"]) == want, row["source"]


def test_ids_of_parts_and_annexes() -> None:
    """A numbering that starts again without 附件 opens part p2; an annex is a1 and its 一、 is a1.1."""
    regs = parsed("tests/data/corpus/state_council/guobanfa_2018_124.txt")
    top = [s.id for s in regs.sections if s.level == 1]
    assert top[:2] == ["s1", "s2"] and top[9:11] == ["p2.1", "p2.2"], top
    reply = parsed("tests/data/corpus/state_council/guobanhan_2004_080.txt")
    assert [s.id for s in reply.sections][:3] == ["a1", "a1.1", "a1.2"]


def _ends() -> list[dict[str, str]]:
    with (DATA / "section_ends.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("row", _ends(), ids=lambda r: r["section"][:12])
def test_section_ends_where_read(row: dict[str, str]) -> None:
    """``section_ends.tsv``: where a section ends, read from the source (the section is found by its
    number and heading; its text must end with ``ends_with``)."""
    doc = parsed(row["file"])
    found = [s for s in doc.sections if s.number + s.heading == row["section"]]
    assert found, f"no section {row['section']!r}"
    body = doc.text[found[0].span.start : found[0].span.end]
    assert body.endswith(row["ends_with"]), f"{row['why']}: section ends with {body[-40:]!r}"
