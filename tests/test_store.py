"""The SQLite store: rows made from the model, one transaction per document, provenance on every fact."""

from __future__ import annotations

import sqlite3

import pytest
from kb_helpers import FILES, copy_policies, extraction_counts, hand_facts, parse_policy

from knowledge_base.rows import document_record
from knowledge_base.schema import DOCUMENT_TABLES
from knowledge_base.store import Store
from pipeline.build import build, load_lexicon, segmenter
from pipeline.extract import extract

FACT_TABLES = ("targets", "awards", "tiers", "citations")


@pytest.fixture(scope="module")
def docs():
    return {did: parse_policy(did) for did in FILES}


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory, docs):
    """A base holding the hand-read facts of both policies."""
    db = tmp_path_factory.mktemp("store") / "hand.db"
    lexicon = load_lexicon()
    with Store(db) as store:
        store.set_lexicon(lexicon, "test")
        for doc in docs.values():
            store.write(document_record(hand_facts(doc), segment=segmenter(), lexicon=lexicon))
    return db


def test_rows_equal_the_facts_written(hand_db, docs):
    failures = []
    with Store(hand_db) as store:
        for did, doc in docs.items():
            want = extraction_counts(hand_facts(doc))
            got = store.counts(did)
            failures += [f"{did} {t}: {got[t]} rows, {n} facts" for t, n in want.items() if got[t] != n]
    assert not failures, failures


def test_every_fact_row_keeps_quote_span_and_source(hand_db, docs):
    conn = sqlite3.connect(hand_db)
    failures = []
    for table in FACT_TABLES:
        for did, quote, start, end, line in conn.execute(
            f"SELECT document_id, quote, start, [end], line FROM {table}"
        ):
            if docs[did].text[start:end] != quote:
                failures.append(f"{table} {did} [{start}:{end}] is not its quote {quote!r}")
            if line is None:
                failures.append(f"{table} {did} {quote!r}: no source line")
    assert not failures, failures
    assert conn.execute("SELECT count(*) FROM targets").fetchone()[0] > 0


def test_keys_and_integrity(hand_db):
    conn = sqlite3.connect(hand_db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.parametrize(
    "table,column",
    [("targets", "category"), ("targets", "year"), ("targets", "document_id"), ("awards", "amount"),
     ("awards", "recipient"), ("awards", "category"), ("citations", "target"), ("documents", "lineage"),
     ("edges", "document_id"), ("paragraphs", "document_id"), ("search_items", "document_id")],
)  # fmt: skip
def test_filtered_columns_are_indexed(hand_db, table, column):
    conn = sqlite3.connect(hand_db)
    plan = " ".join(
        r[-1] for r in conn.execute(f"EXPLAIN QUERY PLAN SELECT * FROM [{table}] WHERE [{column}] = ?", ["x"])
    )
    assert "USING INDEX" in plan or "USING COVERING INDEX" in plan, plan


def test_tier_members_resolve_to_lexicon_categories(hand_db):
    conn = sqlite3.connect(hand_db)
    got = dict(conn.execute("SELECT name, category FROM tier_members"))
    # 国家级专精特新“小巨人”企业 (curly quotes in the text) is the lexicon's 国家级专精特新"小巨人"企业
    assert got["国家级专精特新“小巨人”企业"] == '国家级专精特新"小巨人"企业'
    assert got["省“隐形冠军”企业"] == '省级"隐形冠军"企业'


def test_writing_a_document_again_replaces_its_rows(tmp_path, docs):
    doc = docs["tz-2024-matrix-draft"]
    rec = document_record(hand_facts(doc), segment=segmenter())
    db = tmp_path / "twice.db"
    with Store(db) as store:
        store.write(rec)
        first = store.counts(doc.id)
        store.write(document_record(hand_facts(doc), segment=segmenter()))
        assert store.counts(doc.id) == first
        fts = store.db.execute("SELECT count(*) FROM search_fts").fetchone()[0]
        assert fts == first["search_items"]


def test_a_failing_write_leaves_the_previous_rows(tmp_path, docs):
    """One transaction per document: an error half-way through rolls the whole document back."""
    doc = docs["tz-2019-58"]
    db = tmp_path / "rollback.db"
    with Store(db) as store:
        store.write(document_record(hand_facts(doc), segment=segmenter()))
        before = store.counts(doc.id)
        bad = document_record(hand_facts(doc), segment=segmenter())
        bad.rows["tier_members"] = [{"id": "x", "tier_id": "no-such-tier", "document_id": doc.id}]
        with pytest.raises(sqlite3.IntegrityError):
            store.write(bad)
        assert store.counts(doc.id) == before


def test_build_rows_equal_extractor_output(tmp_path):
    """The base holds, per document, exactly what the pipeline extracts from the file."""
    folder = copy_policies(tmp_path / "policies")
    db = tmp_path / "kb.db"
    report = build(folder, db)
    assert not report.failed, report.failed
    failures = []
    with Store(db) as store:
        for did in FILES:
            facts = extract(parse_policy(did))
            got = store.counts(did)
            for t, n in extraction_counts(facts).items():
                if got[t] != n:
                    failures.append(f"{did} {t}: {got[t]} rows, extractor gave {n}")
            row = store.db["documents"].get(did)
            for t in ("paragraphs", "targets", "awards", "tiers", "citations"):
                if row[f"n_{t}"] != got[t]:
                    failures.append(f"{did} documents.n_{t} = {row[f'n_{t}']}, table holds {got[t]}")
    assert not failures, failures
    assert set(DOCUMENT_TABLES) >= {"paragraphs", "targets", "awards"}


def test_a_base_of_another_schema_version_is_rebuilt(tmp_path):
    folder = copy_policies(tmp_path / "p")
    db = tmp_path / "kb.db"
    build(folder, db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    report = build(folder, db)
    assert sorted(report.added) == sorted(FILES), report


def test_a_file_that_is_not_a_base_is_one_line_error(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import main

    bad = tmp_path / "kb.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    r = CliRunner().invoke(main, ["build", str(copy_policies(tmp_path / "p")), "--db", str(bad)])
    assert r.exit_code == 2 and r.output.startswith("policykb: error:") and str(bad) in r.output, r.output
