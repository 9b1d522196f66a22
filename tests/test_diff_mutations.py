"""Mutation tests of `policykb diff`: seeded version pairs of the real policies with recorded edits.

Every recorded edit (changed value, year, qualifier, award threshold; added and removed target
sentences; moved paragraphs) must be reported with the right old and new values, and nothing else
may be reported: moves yield one ``moved`` change and no number change, renumbered outlines and
PDF-like reflow yield nothing. The generator and scorer are in ``tests/data/diff/make_mutations.py``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("make_mutations", HERE / "data" / "diff" / "make_mutations.py")
mm = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
sys.modules["make_mutations"] = mm
_spec.loader.exec_module(mm)  # type: ignore[union-attr]

MUTATIONS = mm.generate()


def test_generator_makes_enough_pairs_of_every_kind():
    kinds = {e.kind for m in MUTATIONS for e in m.edits}
    assert len(MUTATIONS) >= 50, len(MUTATIONS)
    expected = {"value", "year", "qualifier", "threshold", "added", "removed", "moved"} | set(mm.LAYOUT)
    assert expected <= kinds, expected - kinds
    assert all(m.new_text != m.old_text for m in MUTATIONS)


def test_generator_is_deterministic():
    again = mm.generate()
    assert [(m.name, m.new_text) for m in again] == [(m.name, m.new_text) for m in MUTATIONS]


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    return list(mm.run(MUTATIONS, tmp_path_factory.mktemp("mutations")))


def test_every_edit_reported_and_nothing_else(rows):
    problems = []
    for m, _result, _found, missed, false in rows:
        for e in missed:
            problems.append(f"MISSED {m.name}: {e.kind} {e.old!r} -> {e.new!r}")
        for c in false:
            side = c.new or c.old
            problems.append(
                f"FALSE {m.name}: {c.fact_type} {c.kind} {c.fields} "
                f"{side.text or side.value!r} in {side.quote[:40]!r}"
            )
    print("\n" + mm.summary(rows))
    assert not problems, "\n".join(problems)


def test_moves_and_layout_changes_report_no_number(rows):
    bad = []
    for m, result, *_ in rows:
        kinds = {e.kind for e in m.edits}
        if kinds <= {"moved", *mm.LAYOUT}:
            nums = [c for c in result.changes if c.fact_type != "text"]
            if nums:
                bad.append(f"{m.name}: {len(nums)} number/fact changes")
        if kinds == {"renumber"}:
            renumbered = [s for s in result.sections if s.status == "renumbered"]
            if result.old.sections and not renumbered:
                bad.append(f"{m.name}: outline renumbering not listed in sections")
    assert not bad, "\n".join(bad)
