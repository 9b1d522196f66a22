"""Read-only queries: targets, awards, history across a lineage, raw SQL that cannot write."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from kb_helpers import built_base, tsv

from knowledge_base.query import QueryError, awards, connect, history, run_sql, targets
from pipeline.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return built_base(tmp_path_factory.mktemp("query"))[1]


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


HISTORY = tsv("history.tsv")


@pytest.mark.parametrize("query", sorted({r["query"] for r in HISTORY}))
def test_history_across_the_lineage(db, query):
    want = [
        (r["document"], float(r["value"]), r["unit"], r["qualifier"], int(r["year"])) for r in HISTORY
        if r["query"] == query
    ]  # fmt: skip
    rows = history(connect(db), query).dicts()
    got = [(r["document_id"], r["value"], r["unit"], r["qualifier"], r["year"]) for r in rows]
    assert got == want


def test_history_cli_json(db):
    r = cli("history", '国家级专精特新"小巨人"企业', "--db", str(db), "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert [(x["document_id"], x["value"]) for x in rows] == [
        ("tz-2019-58", 20),
        ("tz-2024-matrix-draft", 280),
    ]
    assert all(x["quote"] and x["line"] for x in rows)


def test_history_of_an_unknown_category_is_an_error(db):
    r = cli("history", "没有这个类别", "--db", str(db))
    assert r.exit_code == 2 and "no such category" in r.output


def test_history_of_part_of_several_names_lists_them(db):
    # 小巨人 is in 国家级专精特新"小巨人"企业 (both plans) and 市级专精特新"小巨人"企业 (the 2019 plan)
    r = cli("history", "小巨人", "--db", str(db))
    assert r.exit_code == 2 and r.output.count("\n") == 1, r.output
    assert '国家级专精特新"小巨人"企业' in r.output and '市级专精特新"小巨人"企业' in r.output, r.output


def test_targets_filters(db):
    conn = connect(db)
    rows = targets(conn, year=2029).dicts()
    assert rows and all(r["year"] == 2029 for r in rows)
    assert any(r["value"] == 280 and "小巨人" in r["quote"] for r in rows)
    rows = targets(conn, doc="tz-2019-58").dicts()
    assert rows and {r["document_id"] for r in rows} == {"tz-2019-58"}
    rows = targets(conn, category="国家级专精特新小巨人企业").dicts()  # an alias without quotes
    assert {(r["document_id"], r["value"]) for r in rows} >= {
        ("tz-2019-58", 20),
        ("tz-2024-matrix-draft", 280),
    }


def test_awards_filters(db):
    conn = connect(db)
    rows = awards(conn, min_amount=1_000_000).dicts()
    assert rows and all(r["amount"] >= 1_000_000 for r in rows)
    # gold: 对新增的国家级专精特新“小巨人”企业……分别给予一次性100万元、35万元奖励
    rows = awards(conn, recipient="小巨人").dicts()
    assert any(r["amount"] == 1_000_000 and r["document_id"] == "tz-2024-matrix-draft" for r in rows), rows


def test_user_text_is_only_a_parameter(db):
    conn = connect(db)
    # LIKE's own wildcards in the text are taken literally too: % and _ alone match nothing
    for evil in ["x' OR '1'='1", "%' --", '"); DROP TABLE targets; --', "%", "_", "\\"]:
        assert targets(conn, category=evil).rows == []
        assert awards(conn, recipient=evil).rows == []
    assert run_sql(conn, "SELECT count(*) FROM targets").rows[0][0] > 0


SQL = tsv("sql_cases.tsv")


@pytest.mark.parametrize("case", SQL, ids=[c["statement"][:40] for c in SQL])
def test_sql_is_read_only(db, case):
    before = hashlib.sha256(Path(db).read_bytes()).hexdigest()
    conn = connect(db)
    if case["expect"] == "ok":
        run_sql(conn, case["statement"])
    else:
        with pytest.raises(QueryError, match="^sql: refused: "):
            run_sql(conn, case["statement"])
    conn.close()
    assert hashlib.sha256(Path(db).read_bytes()).hexdigest() == before
    assert not os.path.exists("/tmp/policykb-attack.db")


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_formats(db, fmt):
    r = cli("targets", "--db", str(db), "--year", "2029", "--format", fmt)
    assert r.exit_code == 0, r.output
    if fmt == "json":
        rows = json.loads(r.output)
        assert rows and {"document_id", "value", "quote", "line"} <= rows[0].keys()
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.output)))
        assert rows and all(x["year"] == "2029" for x in rows)
    else:
        assert "row(s)" in r.output and "2029" in r.output


def test_sql_cli_refuses_a_write_in_one_line(db):
    r = cli("sql", "DELETE FROM documents", "--db", str(db))
    assert r.exit_code == 2 and r.output.count("\n") == 1 and "read-only" in r.output


def test_sql_cli_named_parameters(db):
    r = cli(
        "sql",
        "SELECT id FROM documents WHERE id = :d",
        "-p",
        "d=tz-2019-58",
        "--db",
        str(db),
        "--format",
        "csv",
    )
    assert r.exit_code == 0 and r.output.split() == ["id", "tz-2019-58"]


@pytest.mark.parametrize("command", [["targets"], ["search", "奖励"], ["history", "x"], ["sql", "SELECT 1"],
                                     ["graph", "export"], ["serve"]])  # fmt: skip
def test_missing_base_is_one_line(tmp_path, command):
    r = cli(*command, "--db", str(tmp_path / "none.db"))
    assert r.exit_code == 2 and r.output.count("\n") == 1 and "run `policykb build` first" in r.output, (
        r.output
    )
    r = cli(*command, "--db", str(tmp_path))
    assert r.exit_code == 2 and "a folder, not a knowledge base file" in r.output, r.output
