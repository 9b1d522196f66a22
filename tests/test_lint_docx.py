"""Findings as Word comments: a DOCX draft made of real paragraphs (several runs per paragraph, a table
before them) and the 2019 TXT are linted with --docx-out; the output is reopened and every comment is
checked against its finding (anchor text = quote, message, author). The draft itself is never changed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import docx
from click.testing import CliRunner
from docx.shared import Pt

from pipeline.cli import main
from pipeline.lint.docx_out import AUTHOR, read_comments

ROOT = Path(__file__).parent.parent
POLICY_2019 = ROOT / "policies_raw" / "taizhou-2019-58-manufacturing-hq-plan-2020-2025.txt"
POLICY_2024 = ROOT / "policies_raw" / "taizhou-2024-draft-quality-enterprise-matrix-2025-2029.txt"
# real paragraphs of the 2024 draft (source lines), with its real defects (〞, “…“, 一 and - as dashes)
LINES_2024 = (21, 22, 24, 36, 40, 43, 64, 75, 76)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _make_docx(path: Path) -> None:
    """The paragraphs as a Word file, each cut into runs of 7 characters, every other run bold, after a
    small table (so body paragraph numbers and python-docx's paragraph list differ)."""
    lines = POLICY_2024.read_text(encoding="utf-8").splitlines()
    d = docx.Document()
    table = d.add_table(rows=2, cols=2)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{'单位' if r == 0 else '家'}{c}"
    for n in LINES_2024:
        text = lines[n - 1].strip()
        p = d.add_paragraph()
        for k in range(0, len(text), 7):
            run = p.add_run(text[k : k + 7])
            run.bold = (k // 7) % 2 == 1
            run.font.size = Pt(14)
    d.save(str(path))


def _lint_json(runner: CliRunner, *args: str) -> list[dict]:
    res = runner.invoke(main, ["lint", *args, "--format", "json"])
    assert res.exit_code == 1, res.output
    return json.loads(res.stdout)["findings"]


def _check_comments(out: Path, findings: list[dict]) -> list[str]:
    comments = read_comments(out)
    problems = []
    if len(comments) != len(findings):
        problems.append(f"{len(comments)} comments for {len(findings)} findings")
    for f, (author, text, anchor) in zip(findings, comments, strict=False):
        if author != AUTHOR:
            problems.append(f"author {author!r}")
        if anchor != f["quote"].replace("\n", ""):
            problems.append(f"{f['rule']}: anchored on {anchor!r}, quote {f['quote']!r}")
        if not text.startswith(f"[{f['rule']}] {f['message']}"):
            problems.append(f"{f['rule']}: comment {text!r}")
    return problems


def test_docx_draft_gets_one_comment_per_finding_on_its_quote(tmp_path):
    draft = tmp_path / "draft.docx"
    _make_docx(draft)
    before = _sha(draft)
    out = tmp_path / "draft.reviewed.docx"
    runner = CliRunner()
    findings = _lint_json(runner, str(draft), "--docx-out", str(out), "--ignore", "outline")
    assert _sha(draft) == before, "the draft itself was modified"
    rules = {f["rule"] for f in findings}
    assert {"quote-mismatch", "dash-stray", "dash-halfwidth"} <= rules, rules
    problems = _check_comments(out, findings)
    assert not problems, problems
    # the runs cut for the comments keep their formatting
    reviewed = docx.Document(str(out))
    sizes = {r.font.size for p in reviewed.paragraphs for r in p.runs if r.text}
    assert sizes == {Pt(14)}, sizes
    original_text = [p.text for p in docx.Document(str(draft)).paragraphs]
    assert [p.text for p in reviewed.paragraphs] == original_text


def test_txt_draft_gets_a_new_docx_with_comments(tmp_path):
    out = tmp_path / "2019.reviewed.docx"
    before = _sha(POLICY_2019)
    findings = _lint_json(CliRunner(), str(POLICY_2019), "--docx-out", str(out))
    assert _sha(POLICY_2019) == before
    assert {"page-break-split", "punct-halfwidth", "outline-level"} <= {f["rule"] for f in findings}
    problems = _check_comments(out, findings)
    assert not problems, problems


def test_docx_out_refuses_to_overwrite_the_draft(tmp_path):
    draft = tmp_path / "draft.docx"
    _make_docx(draft)
    before = _sha(draft)
    res = CliRunner().invoke(main, ["lint", str(draft), "--docx-out", str(draft)])
    assert res.exit_code == 2, res.output
    assert _sha(draft) == before


def test_docx_heading_style_of_the_wrong_level(tmp_path):
    """（二） in style Heading 1 under 一、 (Heading 1), where （一） is Heading 2: a level mix-up."""
    lines = POLICY_2024.read_text(encoding="utf-8").splitlines()
    d = docx.Document()
    d.add_paragraph("一、总体要求", style="Heading 1")
    d.add_paragraph("（一）指导思想", style="Heading 2")
    d.add_paragraph(lines[21].strip().removeprefix("（一）指导思想。"))
    d.add_paragraph("（二）培育目标", style="Heading 1")
    d.add_paragraph(lines[23].strip().removeprefix("（二）培育目标。"))
    d.add_paragraph("二、重点任务和路径", style="Heading 1")
    d.add_paragraph("（一）持续推进“小升规”", style="Heading 2")
    draft = tmp_path / "levels.docx"
    d.save(str(draft))
    findings = _lint_json(CliRunner(), str(draft), "--rules", "outline")
    assert [(f["rule"], f["quote"], f["source"]["line"]) for f in findings] == [
        ("outline-level", "（二）", 4)
    ]


def _wrapped_run(paragraph, tag: str, text: str) -> None:
    """A run inside ``<w:tag>`` (a hyperlink, a tracked insertion or deletion) at the end of ``paragraph``."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    outer = OxmlElement(tag)
    if tag == "w:hyperlink":
        outer.set(qn("w:anchor"), "list")
    else:
        outer.set(qn("w:id"), str(len(paragraph._p)))
        outer.set(qn("w:author"), "drafter")
    r = OxmlElement("w:r")
    t = OxmlElement("w:delText" if tag == "w:del" else "w:t")
    t.text = text
    r.append(t)
    outer.append(r)
    paragraph._p.append(outer)


def test_comments_on_text_in_hyperlinks_and_tracked_changes(tmp_path):
    """Lines 40 and 76 of the 2024 draft as a Word file under review: “隐形冠军 is a hyperlink, 得地 a
    tracked insertion and a deleted word sits inside “亩效得地“. The comments cover exactly the quotes."""
    lines = POLICY_2024.read_text(encoding="utf-8").splitlines()
    d = docx.Document()
    text = lines[39].strip()
    k = text.index("“隐形冠军〞")
    p = d.add_paragraph()
    p.add_run(text[:k])
    _wrapped_run(p, "w:hyperlink", text[k : k + 5])
    p.add_run(text[k + 5 :])
    text = lines[75].strip()
    k = text.index("“亩效得地“")
    p = d.add_paragraph()
    p.add_run(text[: k + 3])
    _wrapped_run(p, "w:ins", text[k + 3 : k + 5])
    _wrapped_run(p, "w:del", "用地")
    p.add_run(text[k + 5 :])
    draft = tmp_path / "review.docx"
    d.save(str(draft))
    out = tmp_path / "review.reviewed.docx"
    findings = _lint_json(CliRunner(), str(draft), "--docx-out", str(out), "--rules", "quote-mismatch")
    assert [f["quote"] for f in findings] == ["“隐形冠军〞", "“亩效得地“"], findings
    problems = _check_comments(out, findings)
    assert not problems, problems


def test_a_finding_on_an_automatic_number_is_commented_on_its_paragraph(tmp_path):
    """The 2024 draft with Word's automatic numbering (tests/data/formats): （一）指导思想 set in Heading 1
    like its parent 一、. The number is not in the Word text, so the comment covers the paragraph and
    names the quote."""
    fixture = ROOT / "tests" / "data" / "formats" / "docx" / "tz-2024.numbered.docx"
    d = docx.Document(str(fixture))
    heading = next(p for p in d.paragraphs if p.text.startswith("总体要求"))
    first = next(p for p in d.paragraphs if p.text.startswith("指导思想"))
    heading.style = d.styles["Heading 1"]
    first.style = d.styles["Heading 1"]
    draft = tmp_path / "levels.docx"
    d.save(str(draft))
    out = tmp_path / "levels.reviewed.docx"
    findings = _lint_json(CliRunner(), str(draft), "--docx-out", str(out), "--rules", "outline-level")
    assert [(f["rule"], f["quote"]) for f in findings] == [("outline-level", "（一）")], findings
    [(author, text, anchor)] = read_comments(out)
    assert author == AUTHOR and anchor == first.text
    assert text.startswith(f"「（一）」[outline-level] {findings[0]['message']}"), text


def test_comments_on_text_in_table_cells(tmp_path):
    """Rows of the Putuo justice bureau's 2026 budget tables (tests/data/formats/pdf, pages 20-21) as a Word
    table after a sentence of its text: the half-width brackets in the cells get their comments there."""
    d = docx.Document()
    d.add_paragraph("编制部门：上海市普陀区司法局")
    rows = [["合计", "因公出国(境)费", "公务接待费"], ["302", "13", "维修(护)费"]]
    table = d.add_table(rows=2, cols=3)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.rows[r].cells[c].text = text
    d.add_paragraph("注:本部门2026年无政府性基金预算财政拨款安排的预算，故本表为空表。")
    draft = tmp_path / "budget.docx"
    d.save(str(draft))
    out = tmp_path / "budget.reviewed.docx"
    findings = _lint_json(CliRunner(), str(draft), "--docx-out", str(out), "--rules", "punct-halfwidth")
    assert [f["quote"] for f in findings] == ["(境)", "(护)", ":"], findings
    problems = _check_comments(out, findings)
    assert not problems, problems
