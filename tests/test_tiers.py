"""extract_tiers against the hand-read gold (tests/data/gold/<doc>.tiers.json) of both policies."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
MANIFEST = tomllib.loads((ROOT / "policies_raw" / "manifest.toml").read_text(encoding="utf-8"))
DOCS = [(d["id"], ROOT / "policies_raw" / d["file"]) for d in MANIFEST["document"]]


@pytest.mark.parametrize(("doc_id", "path"), DOCS, ids=[d[0] for d in DOCS])
def test_tiers_match_gold(doc_id, path):
    from extractors.entities import key
    from extractors.tiers import extract_tiers
    from pipeline import parse_file

    doc = parse_file(path, doc_id)
    gold = json.loads((GOLD / f"{doc_id}.tiers.json").read_text(encoding="utf-8"))["tiers"]
    got = extract_tiers(doc)
    failures = []
    if len(got) != len(gold):
        failures.append(f"{len(got)} tiers, gold has {len(gold)}: {[t.name for t in got]}")
    for g, t in zip(gold, got, strict=False):
        row = (key(t.name), t.rank, t.target, t.unit, t.year, t.next)
        want = (key(g["name"]), g["rank"], g["target"], g["unit"], g["year"], g["next"])
        if row != want:
            failures.append(f"tier {g['rank']}: got {row}, gold {want}")
        members = [(key(m.name), m.target) for m in t.members]
        want_members = [(key(m["name"]), m["target"]) for m in g["members"]]
        if members != want_members:
            failures.append(f"tier {g['name']} members: got {members}, gold {want_members}")
        if doc.text[t.span.start : t.span.end] != t.quote:
            failures.append(f"tier {t.name}: quote is not the text at its span")
    assert not failures, "\n".join(failures)


def test_no_ladders_in_texts_that_define_none():
    """Regulations full of 所称…是指 definitions and work reports with 其中 lists define no enterprise ladder
    (checked by reading: none of these texts sets up ranked enterprise tiers)."""
    from extractors.tiers import extract_tiers
    from pipeline import parse_file

    corpus = ROOT / "tests" / "data" / "corpus"
    names = [
        "state_council/guoling_707.txt",
        "state_council/guoling_706.txt",
        "gov_work_reports_2026/jilin.txt",
        "gov_work_reports_2026/jiangsu.txt",
        "state_council/guobanfa_2018_108.txt",
    ]
    fired = {n: [t.name for t in extract_tiers(parse_file(corpus / n))] for n in names}
    assert not any(fired.values()), fired
