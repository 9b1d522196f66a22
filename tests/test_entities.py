"""Lexicon, canonical names, the jieba user dictionary and the EntityRuler (cases in tests/data/extract/)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data" / "extract"


def _tsv(name: str) -> list[dict[str, str]]:
    lines = [
        ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


ALIASES = _tsv("aliases.tsv")
SEGMENTS = _tsv("segment_cases.tsv")


def test_aliases():
    from extractors.entities import canonical_category

    failures = []
    for row in ALIASES:
        got = canonical_category(row["name"])
        if got != (row["canonical"] or None):
            failures.append(f"{row['name']}: expected {row['canonical'] or None!r}, got {got!r}")
    assert not failures, "\n".join(failures)


def test_lexicon_re_export():
    from extractors.lexicon import canonical_category

    assert canonical_category("中国民营企业制造业500强") == "中国制造业民营企业500强"


def test_canonical_rows_are_their_own_canonical():
    """Every canonical name a row points to maps to itself: no chains, no dangling targets."""
    from extractors.entities import LEXICONS, canonical, entries

    failures = [
        f"{label}: {e.name} -> {e.canonical} -> {canonical(e.canonical, label)}"
        for label in LEXICONS
        for e in entries(label)
        if canonical(e.canonical, label) != e.canonical
    ]
    assert not failures, "\n".join(failures)


def test_fuzzy_never_crosses_levels():
    from extractors.entities import canonical_category, level_of

    for row in ALIASES:
        got = canonical_category(row["name"])
        if got and level_of(row["name"]) and level_of(got):
            assert level_of(row["name"]) == level_of(got), row


def test_bodies():
    from extractors.entities import canonical_body

    assert canonical_body("市经信局") == "台州市经济和信息化局"
    assert canonical_body("台州市经济和信息化局") == "台州市经济和信息化局"
    assert canonical_body("国务院办公厅") == "国务院办公厅"
    assert canonical_body("市农业农村局") is None


def test_patterns_file_is_generated_from_the_lexicon():
    """lexicon/patterns.jsonl must be regenerated (python -m extractors.entities) after the TSVs change."""
    from importlib import resources

    from extractors.entities import PATTERNS_FILE, patterns_jsonl

    stored = resources.files("extractors.lexicon").joinpath(PATTERNS_FILE).read_text(encoding="utf-8")
    assert stored == patterns_jsonl()
    assert all({"label", "pattern", "id"} <= set(json.loads(ln)) for ln in stored.splitlines())


@pytest.mark.parametrize("row", SEGMENTS, ids=[r["text"][:12] for r in SEGMENTS])
def test_segment_keeps_terms_whole(row):
    from extractors.nlp import segment

    tokens = segment(row["text"])
    assert "".join(tokens) == row["text"]
    split = [w for w in row["words"].split() if not any(w in t for t in tokens)]
    assert not split, f"split across tokens: {split} in {tokens}"


def test_entity_ruler_on_real_sentences():
    from extractors.entities import find_entities

    text = "国家级、市级专精特新“小巨人”企业分别达到 20 家以上、250 家以上；省级“隐形冠军”企业达到 30 家以上"
    found = {(m.label, m.canonical) for m in find_entities(text, offset=100)}
    assert ("CATEGORY", '市级专精特新"小巨人"企业') in found
    assert ("CATEGORY", '省级"隐形冠军"企业') in found
    for m in find_entities(text, offset=100):
        assert text[m.span.start - 100 : m.span.end - 100] == m.text
    found = {
        (m.label, m.canonical)
        for m in find_entities("台州市经信局研究起草了《行动方案》，聚焦生物医药与健康、半导体与集成电路")
    }
    assert ("BODY", "台州市经济和信息化局") in found
    assert ("INDUSTRY", "生物医药与健康") in found


def test_nlp_is_loaded_once():
    from extractors.nlp import nlp

    assert nlp() is nlp()
    assert "entity_ruler" in nlp().pipe_names
