"""Chinese full-text search on the real policies: words, lexicon terms, one and two characters."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest
from click.testing import CliRunner
from kb_helpers import built_base, tsv

from knowledge_base.query import connect
from knowledge_base.rows import word_tokens
from knowledge_base.search import fts_queries, search, snippet
from pipeline.build import segmenter
from pipeline.cli import main

CASES = tsv("search_cases.tsv")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return built_base(tmp_path_factory.mktemp("search"))[1]


def _squash(s: str) -> str:
    return re.sub(r"[\W_]", "", s)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['query']}|{c['document']}" for c in CASES])
def test_search_finds_the_clause(db, case):
    hits = search(connect(db), case["query"], segmenter(), limit=20)
    if case["expect"] == "-":
        assert hits == [], [h.text for h in hits]
        return
    found = [h for h in hits if h.document_id == case["document"] and case["expect"] in h.text]
    assert found, f"{case['note']}: first hits {[h.text[:40] for h in hits[:5]]}"
    # every hit holds every term (punctuation aside; a "loose" hit: every word of it), and the snippet
    # marks it
    for h in hits:
        for term in case["query"].split():
            parts = word_tokens(term, segmenter()) if h.mode == "loose" else [term]
            assert all(_squash(p) in _squash(h.text) for p in parts), (term, h.mode, h.text)
    marked = [_squash(m) for h in found for m in re.findall(r"\[([^\]]*)\]", h.snippet())]
    for term in case["query"].split():
        parts = [term] if found[0].mode != "loose" else word_tokens(term, segmenter())
        assert all(any(_squash(p) in m for m in marked) for p in parts), (term, marked)


def test_plain_fts5_would_miss_chinese_words(db):
    """The trap the segmented index avoids: FTS5's default tokenizer takes a run of Han characters as one
    token, so 专精特新 is found only where punctuation happens to surround it."""
    raw = sqlite3.connect(db)
    rows = raw.execute("SELECT text FROM paragraphs").fetchall()
    truth = {r[0] for r in raw.execute("SELECT text FROM paragraphs WHERE text LIKE '%专精特新%'")}
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(text)")
    conn.executemany("INSERT INTO t (text) VALUES (?)", rows)
    plain = conn.execute("SELECT count(*) FROM t WHERE t MATCH '专精特新'").fetchone()[0]
    ours = search(connect(db), "专精特新", segmenter(), kinds=["paragraph"], limit=1000)
    # ours finds every paragraph that has it (and 专、精、特、新 written with 、 too)
    assert plain < len(truth) and truth <= {h.text for h in ours}


def test_query_and_index_are_segmented_alike():
    words, chars, terms = fts_queries("专精特新 小巨人", segmenter())
    assert terms == ["专精特新", "小巨人"]
    assert words == 'tokens : ("专精特新" AND "小巨人")'  # lexicon words stay whole
    assert chars == 'chars : ("专 精 特 新" AND "小 巨 人")'


def test_fts_syntax_in_user_text_is_quoted(db):
    for q in ['"', "奖励 OR", "NEAR(奖励", "tokens:奖励", "*", "奖励)"]:
        search(connect(db), q, segmenter())  # no FTS5 syntax error


def test_snippet_marks_every_match_and_escapes():
    text = "对新增的国家级专精特新“小巨人”企业给予<100万元>奖励"
    s = snippet(text, [(7, 11)], "<mark>", "</mark>", escape=lambda x: x.replace("<", "&lt;"))
    assert "<mark>专精特新</mark>" in s and "&lt;100万元>" in s


def test_search_filters_by_kind_and_document(db):
    hits = search(connect(db), "小巨人", segmenter(), kinds=["paragraph"], document="tz-2019-58")
    assert hits and all(h.kind == "paragraph" and h.document_id == "tz-2019-58" for h in hits)


@pytest.mark.parametrize("query", ["专精特新 奖励", "小巨人", "奖"])
def test_cli_search(db, query):
    r = CliRunner().invoke(main, ["search", *query.split(), "--db", str(db), "--format", "json"])
    assert r.exit_code == 0, r.output
    hits = json.loads(r.output)
    assert hits and all("<mark>" in h["snippet"] for h in hits)
    r = CliRunner().invoke(main, ["search", *query.split(), "--db", str(db)])
    assert r.exit_code == 0 and f"[{query.split()[0]}]" in r.output
