"""`pipeline.diff` and `policykb diff`: number tokens, layout invariance, renditions, JSON, CLI.

Cases live in ``tests/data/diff/``: ``tokens.tsv`` (real sentences of the two policies with one
number edited, and the one token pair a reviewer must see), ``unchanged.tsv`` (the same sentence
as PDF extraction, full-width digits or a line break gives it: nothing to report), ``edits.tsv``
(edits applied to the 2024 draft for the PDF-against-DOCX test), ``values.tsv`` (values shown as
their source writes them), ``relations.tsv`` (pairs of real documents read as versions, successive
policies or unrelated texts), ``moves.tsv`` (lines of a policy moved elsewhere).
"""

from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from knowledge_base.model import Document
from pipeline import parse_file
from pipeline.cli import main
from pipeline.diff import diff_documents
from pipeline.report.diff_view import diff_json

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "diff"
RAW = ROOT / "policies_raw"
P2019 = RAW / "taizhou-2019-58-manufacturing-hq-plan-2020-2025.txt"
P2024 = RAW / "taizhou-2024-draft-quality-enterprise-matrix-2025-2029.txt"
RENDITIONS = ROOT / "tests" / "data" / "renditions"


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8") as f:
        return [{k: v.replace("\\n", "\n") for k, v in r.items()} for r in csv.DictReader(f, delimiter="\t")]


def _doc(text: str, name: str) -> Document:
    return Document(id=name, path=name, format="txt", text=text, paragraphs=[])


def _compact(s: str) -> str:
    return "".join(s.split())


def test_a_number_with_its_unit_is_one_token():
    bad = []
    for r in _rows("tokens.tsv"):
        res = diff_documents(_doc(r["old"], "old"), _doc(r["new"], "new"))
        ops = [(_compact(o.old), _compact(o.new)) for a in res.text for o in a.ops if o.op != "equal"]
        nums = [c for c in res.changes if c.fact_type == "number"]
        got = [(_compact(c.old.text), _compact(c.new.text)) for c in nums if c.old and c.new]
        want = (r["old_token"], r["new_token"])
        if ops != [want] or got != [want]:
            bad.append(f"{r['note']}: ops {ops}, number changes {got}, want {want}")
    assert not bad, "\n".join(bad)


def test_layout_is_not_a_change():
    bad = []
    for r in _rows("unchanged.tsv"):
        res = diff_documents(_doc(r["old"], "old"), _doc(r["new"], "new"))
        if res.changes or any(a.status != "equal" for a in res.text):
            bad.append(f"{r['note']}: {[(c.kind, c.fields) for c in res.changes]}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("doc_id", ["tz-2019-58", "tz-2024-matrix-draft"])
def test_pdf_against_docx_of_the_same_policy_reports_nothing(doc_id):
    old, new = parse_file(RENDITIONS / f"{doc_id}.pdf"), parse_file(RENDITIONS / f"{doc_id}.docx")
    res = diff_documents(old, new)
    assert [(c.kind, c.fields, (c.old or c.new).quote[:30]) for c in res.changes] == []


def test_old_pdf_against_edited_new_docx(tmp_path):
    import docx

    edits = _rows("edits.tsv")
    d = docx.Document(str(RENDITIONS / "tz-2024-matrix-draft.docx"))
    todo = {e["old"]: e["new"] for e in edits}
    for p in d.paragraphs:
        for old, new in list(todo.items()):
            if old in p.text:
                p.text = p.text.replace(old, new)
                del todo[old]
    assert not todo, f"edits not found in the DOCX: {list(todo)}"
    new_path = tmp_path / "draft-edited.docx"
    d.save(str(new_path))
    from pipeline.extract import extract

    old_doc, new_doc = parse_file(RENDITIONS / "tz-2024-matrix-draft.pdf"), parse_file(new_path)
    res = diff_documents(old_doc, new_doc, extract(old_doc), extract(new_doc))
    from pipeline.report.diff_view import format_value

    rows = [
        (format_value(c.old), format_value(c.new), c.old.year, c.new.year, c.fact_type)
        for c in res.changes
        if c.old and c.new
    ]
    missing = [
        e
        for e in edits
        if not any(
            (
                (e["reported_old"] in o and e["reported_new"] in n)
                or (e["reported_old"] == str(oy) and e["reported_new"] == str(ny))
            )
            and t == e["fact_type"]  # told as the target or award it belongs to
            for o, n, oy, ny, t in rows
        )
    ]
    assert not missing, f"missing {missing}; got {rows}"
    assert len(res.changes) == len(edits), [(c.fact_type, c.kind, c.fields) for c in res.changes]


@pytest.fixture(scope="module")
def generational():
    from pipeline.extract import extract

    old, new = parse_file(P2019, doc_id="tz-2019-58"), parse_file(P2024, doc_id="tz-2024-matrix-draft")
    return diff_documents(old, new, extract(old), extract(new))


def test_json_is_documented_and_every_quote_is_its_span(generational):
    data = json.loads(json.dumps(diff_json(generational), ensure_ascii=False))
    assert set(data) == {"old", "new", "relation", "changes", "text", "sections", "categories"}
    assert data["relation"]["kind"] == "successive"  # the 2019 plan and the 2024 draft
    side_keys = {
        "value",
        "unit",
        "qualifier",
        "year",
        "text",
        "quote",
        "span",
        "section",
        "kind",
        "threshold",
    }
    bad = []
    for c in data["changes"]:
        assert c["kind"] in {"changed", "added", "removed", "moved"}
        for which in ("old", "new"):
            s = c[which]
            if s is None:
                continue
            assert set(s) == side_keys
            text = data[which]["text"]
            if text[s["span"][0] : s["span"][1]] != s["quote"]:
                bad.append(f"{which} {s['span']}: {s['quote'][:20]!r}")
    for a in data["text"]:
        for o in a["ops"]:
            if o["old_span"] and data["old"]["text"][o["old_span"][0] : o["old_span"][1]] != o["old"]:
                bad.append(f"op old {o['old_span']}")
            if o["new_span"] and data["new"]["text"][o["new_span"][0] : o["new_span"][1]] != o["new"]:
                bad.append(f"op new {o['new_span']}")
    assert not bad, bad[:10]


def test_generations_pair_targets_by_category(generational):
    gold = _rows("generations.tsv")
    from pipeline.report.diff_view import format_value

    got = {
        cp.category: (
            [f"{format_value(s)} ({s.year})" for s in cp.old],
            [f"{format_value(s)} ({s.year})" for s in cp.new],
        )
        for cp in generational.categories
    }
    bad = []
    for g in gold:
        cat = next((c for c in got if g["category_contains"] in c), None)
        if cat is None or g["old"] not in got[cat][0] or g["new"] not in got[cat][1]:
            bad.append(f"{g['category_contains']}: want {g['old']} → {g['new']}, got {got.get(cat)}")
    assert not bad, "\n".join(bad)
    assert any(not cp.new for cp in generational.categories)  # found only in the 2019 plan
    assert any(not cp.old for cp in generational.categories)  # found only in the 2024 draft


@pytest.mark.parametrize("fmt", ["table", "json", "md", "html"])
def test_cli_formats(fmt, tmp_path):
    out = tmp_path / f"d.{fmt}"
    r = CliRunner().invoke(
        main,
        ["diff", str(P2024), str(RENDITIONS / "tz-2024-matrix-draft.docx"), "--format", fmt, "-o", str(out)],
    )
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        assert json.loads(text)["changes"] == []
    elif fmt == "html":
        assert (
            text.startswith("<!DOCTYPE html>")
            and "<script" not in text
            and "http" not in text.split("</style>")[0]
        )
    else:
        assert "equal" in text


def test_cli_missing_file_is_one_line_error(tmp_path):
    r = CliRunner().invoke(main, ["diff", str(tmp_path / "nope.txt"), str(P2024)])
    assert r.exit_code == 2
    assert "nope.txt" in r.output and "Traceback" not in r.output


def test_cli_db_mode(tmp_path):
    import shutil

    from pipeline.build import build

    folder = tmp_path / "policies"
    shutil.copytree(RAW, folder)
    db = tmp_path / "kb.db"
    build(folder, db)
    args = ["diff", "--db", str(db), "tz-2019-58", "tz-2024-matrix-draft", "--format", "json"]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["old"]["id"] == "tz-2019-58" and data["new"]["id"] == "tz-2024-matrix-draft"
    assert any("小巨人" in c["category"] and c["old"] and c["new"] for c in data["categories"])
    # the files are gone: the documents are rebuilt from the paragraphs kept in the base
    shutil.rmtree(folder)
    r2 = CliRunner().invoke(main, args)
    assert r2.exit_code == 0, r2.output
    again = json.loads(r2.output)
    assert again["old"]["text"] == data["old"]["text"] and again["new"]["text"] == data["new"]["text"]
    assert again["changes"] == data["changes"]
    r = CliRunner().invoke(main, ["diff", "--db", str(db), "tz-2019-58", "no-such-id"])
    assert r.exit_code == 2 and "no-such-id" in r.output


@pytest.mark.parametrize("db", ["README.md", "tests", "no-such.db"])
def test_cli_db_that_is_no_knowledge_base_is_one_line_error(db):
    r = CliRunner().invoke(main, ["diff", "--db", str(ROOT / db), "tz-2019-58", "tz-2024-matrix-draft"])
    assert r.exit_code == 2, r.output
    assert db in r.output and "Traceback" not in r.output and len(r.output.strip().splitlines()) == 1


def test_successive_budgets_of_one_office():
    """Two real PDFs: the 2024 and 2025 budgets of 上海市普陀区万里街道办事处 (gold read from both)."""
    rows = _rows("budget.tsv")
    pdfs = ROOT / "tests" / "data" / "formats" / "pdf"
    old, new = parse_file(pdfs / rows[0]["old_file"]), parse_file(pdfs / rows[0]["new_file"])
    res = diff_documents(old, new)
    got = {(c.old.text, c.new.text) for c in res.changes if c.kind == "changed" and c.old and c.new}
    missing = [f"{r['note']}: {r['old']} → {r['new']}" for r in rows if (r["old"], r["new"]) not in got]
    assert not missing, "\n".join(missing)
    assert not [c for c in res.changes if c.kind == "moved" and c.fact_type != "text"]


CJK = re.compile(r"[\u4e00-\u9fff]")


def _reflow(text: str, rng: random.Random) -> str:
    """PDF-like layout of a text: every body line broken every 30-45 characters (between two CJK
    characters) and spaces put between CJK characters and digits. Table rows stay whole."""
    out = []
    for line in text.split("\n"):
        if "\t" in line or len(line) < 50:
            out.append(line)
            continue
        line = re.sub(r"(?<=[\u4e00-\u9fff])(?=\d)|(?<=\d)(?=[\u4e00-\u9fff])", " ", line)
        pieces, start, k = [], 0, rng.randint(30, 45)
        while k < len(line) - 10:
            if CJK.match(line[k - 1]) and CJK.match(line[k]):
                pieces.append(line[start:k])
                start, k = k, k + rng.randint(30, 45)
            else:
                k += 1
        out.append("\n".join([*pieces, line[start:]]))
    return "\n".join(out)


def test_layout_of_90_real_texts_is_not_a_change(tmp_path):
    """Every text of tests/data/corpus against its PDF-like reflowed copy: nothing to report."""
    bad = []
    for f in sorted((ROOT / "tests" / "data" / "corpus").rglob("*.txt")):
        copy = tmp_path / f.name
        copy.write_text(_reflow(f.read_text(encoding="utf-8"), random.Random(f.name)), encoding="utf-8")
        res = diff_documents(parse_file(f), parse_file(copy))
        if res.changes:
            c = res.changes[0]
            bad.append(
                f"{f.name}: {len(res.changes)} changes, first {c.kind} {c.fields} in {(c.old or c.new).quote[:30]!r}"
            )
    assert not bad, "\n".join(bad)


def test_html_escapes_document_text():
    old = _doc("到2025年，培育<script>alert(1)</script>企业20家以上。", "old")
    new = _doc("到2025年，培育<script>alert(1)</script>企业30家以上。", "new")
    from pipeline.report.diff_view import diff_html

    page = diff_html(diff_documents(old, new))
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "20家以上" in page and "30家以上" in page


def test_values_are_shown_as_the_texts_write_them():
    """``values.tsv``: a fact's value in base units, shown as its source writes it (spaces aside)."""
    from knowledge_base.model import FactSide, Span
    from pipeline.report.diff_view import format_value

    bad = []
    for r in _rows("values.tsv"):
        source = _compact((ROOT / r["file"]).read_text(encoding="utf-8"))
        assert r["written"] in source, f"{r['written']} is not in {r['file']}"
        side = FactSide(float(r["value"]), r["unit"], r["qualifier"], None, "", Span(0, 0))
        if format_value(side) != r["written"]:
            bad.append(f"{r['note']}: {format_value(side)!r}, want {r['written']!r}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("row", _rows("relations.tsv"), ids=lambda r: r["note"][:40])
def test_how_two_documents_relate(row):
    """Versions of one text, successive policies, or unrelated texts (read from both): unrelated
    texts report no change and say so in one line; successive policies list no number of their
    unshared sentences."""
    from pipeline.extract import extract
    from pipeline.report.diff_view import diff_markdown

    old, new = parse_file(ROOT / row["old"]), parse_file(ROOT / row["new"])
    res = diff_documents(old, new, extract(old), extract(new))
    assert res.relation == row["relation"]
    page = diff_markdown(res)
    if row["relation"] == "unrelated":
        assert res.changes == [] and "Not versions of one policy" in page
        assert len(page.splitlines()) < 10, page
    if row["relation"] == "successive":
        assert "Successive policies" in page
        removed = [a.old_span for a in res.text if a.status == "removed"]
        added = [a.new_span for a in res.text if a.status == "added"]
        numbers = [c for c in res.changes if c.fact_type == "number"]
        assert not [c for c in numbers if c.old and any(u.contains(c.old.span) for u in removed)]
        assert not [c for c in numbers if c.new and any(u.contains(c.new.span) for u in added)]


@pytest.mark.parametrize("row", _rows("moves.tsv"), ids=lambda r: r["line"])
def test_a_moved_line_is_one_move(row, tmp_path):
    """``moves.tsv``: a line of a real policy moved before another line: one ``moved`` change of
    exactly that line, and nothing else."""
    old = RAW / row["policy"]
    lines = old.read_text(encoding="utf-8").split("\n")
    moved = lines.pop(next(k for k, line in enumerate(lines) if line == row["line"]))
    lines.insert(next(k for k, line in enumerate(lines) if line.startswith(row["before"])), moved)
    new = tmp_path / "moved.txt"
    new.write_text("\n".join(lines), encoding="utf-8")
    res = diff_documents(parse_file(old), parse_file(new))
    got = [(c.kind, c.old.quote, c.new.quote) for c in res.changes if c.old and c.new]
    assert got == [("moved", row["line"], row["line"])] and len(res.changes) == 1, res.changes
