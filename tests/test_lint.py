"""Draft lint on real text: seeded defects all found, clean paragraphs untouched, the reviewed findings
on the two real policies reproduced exactly (precision >= 0.9), and the CLI's exit codes and JSON."""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from knowledge_base.model import Facts
from pipeline import parse_file
from pipeline.cli import main
from pipeline.extract import extract
from pipeline.lint import RULES, lint, select_rules

DATA = Path(__file__).parent / "data" / "lint"
ROOT = Path(__file__).parent.parent
POLICY_2019 = ROOT / "policies_raw" / "taizhou-2019-58-manufacturing-hq-plan-2020-2025.txt"
POLICY_2024 = ROOT / "policies_raw" / "taizhou-2024-draft-quality-enterprise-matrix-2025-2029.txt"


def _rows(name: str) -> list[dict[str, str]]:
    lines = [
        ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _lint_text(tmp_path: Path, text: str, earlier_text: str = "", **kw):
    path = tmp_path / "draft.txt"
    path.write_text(text.replace("\\n", "\n") + "\n", encoding="utf-8")
    doc = parse_file(path)
    earlier = None
    if earlier_text:
        old = tmp_path / "earlier.txt"
        old.write_text(earlier_text.replace("\\n", "\n") + "\n", encoding="utf-8")
        earlier = extract(parse_file(old))
    return doc, lint(doc, extract(doc), earlier, **kw)


SEEDED = _rows("seeded.tsv")
CLEAN = _rows("clean.tsv")


@pytest.mark.parametrize("row", SEEDED, ids=[r["id"] + "-" + r["rule"] for r in SEEDED])
def test_seeded_defect_is_found(tmp_path, row):
    doc, findings = _lint_text(tmp_path, row["text"], row["earlier"])
    expect = row["expect"]
    hits = [f for f in findings if f.rule == row["rule"] and (expect in f.quote or f.quote in expect)]
    got = [(f.rule, f.quote) for f in findings]
    assert hits, f"{row['id']} ({row['origin']}): no {row['rule']} finding quoting {expect!r}; got {got}"
    for f in hits:
        assert doc.text[f.span.start : f.span.end] == f.quote


def test_every_rule_has_seeded_defects():
    seeded = {r["rule"] for r in SEEDED}
    missing = [r.id for r in RULES if r.id not in seeded]
    assert not missing, f"rules without a seeded defect: {missing}"
    assert len(SEEDED) >= 40


@pytest.mark.parametrize("row", CLEAN, ids=[r["id"] for r in CLEAN])
def test_clean_paragraph_has_no_finding(tmp_path, row):
    _, findings = _lint_text(tmp_path, row["text"], ignore=["outline"])
    assert not findings, f"{row['id']} ({row['origin']}): {[(f.rule, f.quote, f.message) for f in findings]}"


def test_enough_clean_paragraphs():
    assert len(CLEAN) >= 40


# --- the two real policies ------------------------------------------------------------------------


@cache
def _real_findings() -> list[tuple[str, str, int, str]]:
    old = parse_file(POLICY_2019, doc_id="tz-2019-58")
    new = parse_file(POLICY_2024, doc_id="tz-2024-matrix-draft")
    old_facts = extract(old)
    out = []
    for doc, facts, earlier in ((old, old_facts, None), (new, extract(new), old_facts)):
        for f in lint(doc, facts, earlier):
            out.append((doc.id, f.rule, f.source.line or 0, f.quote.replace("\n", "⏎")))
    return out


def test_real_policies_match_the_reviewed_list():
    reviewed = {
        (r["document"], r["rule"], int(r["line"]), r["quote"]): r["verdict"]
        for r in _rows("real_findings.tsv")
    }
    got = set(_real_findings())
    unreviewed = sorted(got - set(reviewed))
    missing = sorted(set(reviewed) - got)
    assert not unreviewed and not missing, (
        f"new unreviewed findings: {unreviewed}; reviewed but gone: {missing}"
    )


def test_real_policies_precision():
    rows = _rows("real_findings.tsv")
    assert {r["verdict"] for r in rows} <= {"real", "false"}
    real = sum(r["verdict"] == "real" for r in rows)
    assert rows and real / len(rows) >= 0.9, f"precision {real}/{len(rows)}"


def test_known_defects_of_the_2024_draft_are_found():
    got = {(rule, quote) for doc_id, rule, _, quote in _real_findings() if doc_id == "tz-2024-matrix-draft"}
    for rule, quote in [
        ("quote-mismatch", "“隐形冠军〞"),
        ("quote-mismatch", "“亩效得地“"),
        ("dash-stray", "数字化车间一智能工厂-未来工厂"),
        ("dash-halfwidth", "数字化车间一智能工厂-未来工厂"),
    ]:
        assert (rule, quote) in got, (rule, quote)


# --- the API and the registry ---------------------------------------------------------------------


def test_rules_and_families_select_and_ignore():
    assert {r.id for r in select_rules(["punctuation"])} == {r.id for r in RULES if r.family == "punctuation"}
    assert "dash-stray" not in {r.id for r in select_rules(None, ["dash-stray"])}
    with pytest.raises(ValueError, match="unknown lint rule"):
        select_rules(["no-such-rule"])
    assert all(r.severity in ("error", "warning", "info") and r.description for r in RULES)


def test_lint_without_facts_and_with_rules(tmp_path):
    doc = parse_file(POLICY_2024)
    only = lint(doc, rules=["quote-mismatch"])
    assert [f.rule for f in only] == ["quote-mismatch", "quote-mismatch"]
    assert all(doc.quote(f.span) == f.quote and f.source.line for f in only)
    assert isinstance(
        lint(doc, Facts(document=doc), ignore=["facts", "punctuation", "layout", "outline"]), list
    )


# --- the CLI --------------------------------------------------------------------------------------


def test_cli_exit_codes_and_json(tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, ["lint", str(POLICY_2024), "--format", "json"])
    assert res.exit_code == 1, res.output
    data = json.loads(res.stdout)
    assert set(data) == {"document", "findings"}
    keys = {"rule", "severity", "message", "quote", "span", "section", "source", "suggestion"}
    assert data["findings"] and all(set(f) == keys for f in data["findings"])
    assert all(set(f["source"]) == {"page", "line"} for f in data["findings"])

    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN[0]["text"] + "\n", encoding="utf-8")
    res = runner.invoke(main, ["lint", str(clean), "--ignore", "outline"])
    assert res.exit_code == 0, res.output

    res = runner.invoke(main, ["lint", str(tmp_path / "missing.txt")])
    assert res.exit_code == 2 and "missing.txt" in res.output
    res = runner.invoke(main, ["lint", str(POLICY_2024), "--rules", "no-such-rule"])
    assert res.exit_code == 2 and "no-such-rule" in res.output


def test_cli_against_reports_the_renamed_category():
    res = CliRunner().invoke(
        main, ["lint", str(POLICY_2024), "--against", str(POLICY_2019), "--rules", "name-variant"]
    )
    assert res.exit_code == 1
    assert "中国民营企业制造业500强" in res.stdout


def test_cli_db_without_a_base_is_a_one_line_error(tmp_path):
    res = CliRunner().invoke(main, ["lint", str(POLICY_2024), "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2 and "none.db" in res.output and "Traceback" not in res.output


def test_readme_documents_every_rule_and_option():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("<!-- section: lint -->") :]
    missing = [r.id for r in RULES if f"`{r.id}`" not in section]
    missing += [
        o for o in ("--against", "--db", "--format", "--docx-out", "--rules", "--ignore") if o not in section
    ]
    assert not missing, f"not in the README's lint section: {missing}"


FORMATS = DATA.parent / "formats"
DRAFT_DEFECTS = {
    ("name-variant", "省“隐形冠军”企业"),
    ("name-variant", "国家级高新技术企业"),
    ("quote-mismatch", "“隐形冠军〞"),
    ("dash-halfwidth", "数字化车间一智能工厂-未来工厂"),
    ("dash-stray", "数字化车间一智能工厂-未来工厂"),
    ("dash-halfwidth", "培养-认定-使用-支持"),
    ("quote-mismatch", "“亩效得地“"),
}


@pytest.mark.parametrize(
    "path",
    [POLICY_2024, FORMATS / "docx" / "tz-2024.numbered.docx", FORMATS / "pdf_made" / "tz-2024.numbered.pdf"],
    ids=["txt", "docx", "pdf"],
)
def test_the_2024_draft_gives_the_same_defects_in_every_format(path):
    if not path.exists():
        pytest.skip(f"fixture {path.name} not in the repository")
    doc = parse_file(path)
    got = {(f.rule, f.quote) for f in lint(doc, extract(doc))}
    assert got >= DRAFT_DEFECTS, f"missing in {path.suffix}: {sorted(DRAFT_DEFECTS - got)}"
    pages = {f.source.page for f in lint(doc, rules=["quote-mismatch"])}
    assert (pages == {None}) == (path.suffix != ".pdf"), pages


def test_cli_db_finds_the_earlier_version_through_the_manifest(tmp_path):
    src, new = tmp_path / "base_src", tmp_path / "new"
    src.mkdir()
    new.mkdir()
    (src / POLICY_2019.name).write_bytes(POLICY_2019.read_bytes())
    (src / "manifest.toml").write_text(f'[[document]]\nid = "tz-2019-58"\nfile = "{POLICY_2019.name}"\n')
    (new / "draft.txt").write_bytes(POLICY_2024.read_bytes())
    (new / "manifest.toml").write_text(
        '[[document]]\nid = "tz-draft"\nfile = "draft.txt"\nsucceeds = "tz-2019-58"\n'
    )
    base = tmp_path / "base.db"
    runner = CliRunner()
    res = runner.invoke(main, ["build", str(src), "--db", str(base), "-q"])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["lint", str(new / "draft.txt"), "--db", str(base), "--rules", "name-variant"])
    assert res.exit_code == 1, res.output
    assert "上一版本作“中国民营企业制造业500强企业”" in res.stdout


# --- false findings met on the dev corpus (tests/data/lint/dev_findings.tsv) -----------------------------

CORPUS = ROOT / "tests" / "data" / "corpus"


def _corpus_lines(name: str, first: int, last: int) -> str:
    lines = (CORPUS / name).read_text(encoding="utf-8").split("\n")
    return "\\n".join(lines[first - 1 : last])


def test_a_heading_cut_in_two_by_the_source_is_a_bracket_not_a_gap(tmp_path):
    """yunnan.txt lines 34-41: （三） is cut into （ / 三）改革开放…; the cut bracket is reported, and
    （四） has no gap before it."""
    _, findings = _lint_text(tmp_path, _corpus_lines("gov_work_reports_2026/yunnan.txt", 34, 41))
    got = [(f.rule, f.quote) for f in findings]
    assert got == [("bracket-mismatch", "（")], got


def test_a_question_mark_for_a_lost_character_is_told_as_such(tmp_path):
    """hunan.txt line 20: ``、?水灌区`` — the ? stands for a character the text lost."""
    _, findings = _lint_text(tmp_path, _corpus_lines("gov_work_reports_2026/hunan.txt", 20, 20))
    got = [f for f in findings if f.quote == "?"]
    assert len(got) == 1 and "丢失" in got[0].message, [(f.rule, f.quote, f.message) for f in findings]


def test_dev_findings_are_judged_and_the_sample_is_the_seeded_draw():
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_lint import dev_sample, judged_rows

    rows = judged_rows()
    assert rows and all(r["verdict"] in ("real", "false") and r["before"] in ("0", "1") for r in rows)
    assert all(r["note"] and (CORPUS.parent / r["file"]).exists() for r in rows)
    sample = dev_sample()
    assert len(sample) == 15
    assert all((r["sample"] == "yes") == (r["file"] in sample) for r in rows)


def test_a_text_copied_from_a_printed_page_has_no_layout_findings():
    """tests/data/formats/txt/tz-2019.pdftotext.txt is the 2019 plan as pdftotext gives it: its sentences run
    across printed page breaks (— 3 —) and its spaces come from the page layout — not drafting slips, while
    the same plan as published TXT has real ones."""
    pdftotext = ROOT / "tests" / "data" / "formats" / "txt" / "tz-2019.pdftotext.txt"
    doc = parse_file(pdftotext)
    assert not lint(doc, rules=["layout"]), [(f.rule, f.quote) for f in lint(doc, rules=["layout"])]
    assert {f.rule for f in lint(parse_file(POLICY_2019), rules=["layout"])} == {"page-break-split", "space-stray"}
