"""extractors.references on real sentences (tests/data/extract/reference_cases.tsv) and on both
policies against gold read from the texts (tests/data/gold/<id>.references.tsv)."""

from __future__ import annotations

import re

import pytest
from fact_cases import DATA, POLICIES, read_tsv, sentence_doc

from extractors.references import extract_references
from pipeline import parse_file

CASES = read_tsv(DATA / "extract" / "reference_cases.tsv")


def test_case_table_is_big_enough():
    assert len(CASES) >= 15
    assert sum(1 for c in CASES if not c["expected"]) >= 2, "negative rows"


def test_reference_cases():
    failures = []
    for row in CASES:
        doc = sentence_doc(row["sentence"])
        refs = extract_references(doc)
        got = [f"{r.kind}={r.target}" for r in refs]
        want = [x.strip() for x in row["expected"].split("|") if x.strip()]
        if got != want:
            failures.append(f"{row['source']}: {row['sentence'][:40]}…\n   want {want}\n   got  {got}")
        for r in refs:
            if doc.text[r.span.start : r.span.end] != r.quote:
                failures.append(f"{row['source']}: span does not give the quote {r.quote!r}")
    assert not failures, f"{len(failures)} of {len(CASES)} rows fail:\n" + "\n".join(failures)


@pytest.mark.parametrize("doc_id", sorted(POLICIES))
def test_gold_references(doc_id):
    doc = parse_file(POLICIES[doc_id], doc_id=doc_id)
    gold = read_tsv(DATA / "gold" / f"{doc_id}.references.tsv")
    got = extract_references(doc)
    want = sorted((g["kind"], g["target"], g["quote"]) for g in gold)
    have = sorted((r.kind, r.target, r.quote) for r in got)
    missing = [w for w in want if w not in have]
    extra = [h for h in have if h not in want]
    assert not missing and not extra, f"missing {missing}\nextra {extra}"
    for r in got:
        assert doc.text[r.span.start : r.span.end] == r.quote


CORPUS_GOLD = sorted(
    p.name.split(".")[0]
    for p in (DATA / "gold").glob("*.references.tsv")
    if (DATA / "corpus" / "state_council" / f"{p.name.split('.')[0]}.txt").exists()
)


@pytest.mark.parametrize("doc_id", CORPUS_GOLD)
def test_gold_references_on_state_council_documents(doc_id):
    """Gold read from State Council documents: aliases (以下简称《规划》), decrees, nested 〈〉, own number."""
    doc = parse_file(DATA / "corpus" / "state_council" / f"{doc_id}.txt", doc_id=doc_id)
    # quotes compared without spaces: the text is normalized (中共中央办公厅 国务院办公厅 -> no space)
    gold = read_tsv(DATA / "gold" / f"{doc_id}.references.tsv")
    want = sorted((g["kind"], g["target"], re.sub(r"\s", "", g["quote"])) for g in gold)
    have = sorted((r.kind, r.target, re.sub(r"\s", "", r.quote)) for r in extract_references(doc))
    missing = [w for w in want if w not in have or want.count(w) > have.count(w)]
    extra = [h for h in have if h not in want or have.count(h) > want.count(h)]
    assert not missing and not extra, f"missing {missing}\nextra {extra}"


def test_there_is_state_council_gold():
    assert len(CORPUS_GOLD) >= 10
