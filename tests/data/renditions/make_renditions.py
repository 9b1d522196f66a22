"""Make the renditions of both policies: the clean text, a DOCX made the way an office makes it, and
the PDF that LibreOffice prints from that DOCX.

    python tests/data/renditions/make_renditions.py      # writes <id>.clean.txt, <id>.docx, <id>.pdf here

The clean text is the policy as an office would type it, made from the published TXT by the edits
listed below (found by reading the source, not by running the normalizer): blank lines and ``---``
rules dropped, Markdown ``#`` markers dropped, the paragraphs that the source splits across blank
lines (page-break residue) joined, and the spaces typed next to Chinese characters removed.

The DOCX: A4, GB/T 9704 margins, the title centred and bold (22 pt), headings bold, body in FangSong
16 pt with a first-line indent of two characters and a fixed 28 pt line pitch, signature and date
right-aligned, and a ``— N —`` page number in the footer through a PAGE field.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = HERE.parents[2] / "policies_raw"

# For each policy: the source file; the 1-based source lines whose paragraph continues on the next
# non-blank line (the split found by reading); the lines that are the title (centred); the lines
# that are signature or date (right-aligned).
POLICIES = {
    "tz-2019-58": {
        "file": "taizhou-2019-58-manufacturing-hq-plan-2020-2025.txt",
        # 优化升/级, 占有率/第一的产品, 主导/产业集群, 的/“大好高”, 兼并/重组, 可/穿戴, 100 家/管理创新,
        # “园/区大脑”, 收费清单制度，/进一步, and the 抄送 block wrapped after 市监委，
        "joins": [33, 45, 59, 61, 67, 73, 77, 85, 95, 101],
        "title": [3, 9, 21],
        "right": [15, 17, 106, 108],
    },
    "tz-2024-matrix-draft": {
        "file": "taizhou-2024-draft-quality-enterprise-matrix-2025-2029.txt",
        # the two titles, each wrapped over two lines
        "joins": [2, 16],
        "title": [2, 16],
        "right": [12, 14],
    },
}

HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])[^。]{0,28}$")
SPACE_BY_CHINESE = re.compile(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])")


def clean_paragraphs(path: Path, joins: list[int], titles: list[int], right: list[int]) -> list[dict]:
    """The policy as typed: a list of {"text", "line", "role"} (role: title/heading/right/body)."""
    out: list[dict] = []
    pending: dict | None = None
    for no, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        text = line.strip()
        if not text or re.fullmatch(r"-{3,}", text):
            continue
        md = re.match(r"#+\s*", text)
        text = SPACE_BY_CHINESE.sub("", text[md.end() :] if md else text).strip()
        if pending is not None:
            pending["text"] += text
        else:
            role = "title" if no in titles else "right" if no in right else "body"
            if role == "body" and (md or HEADING.match(text)):
                role = "heading"
            pending = {"text": text, "line": no, "role": role}
        if no not in joins:
            out.append(pending)
            pending = None
    if pending is not None:
        out.append(pending)
    return out


def _font(run, name: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def _page_field(paragraph) -> None:
    """``— PAGE —`` as an office writes it: a complex field between two em dashes."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld(kind: str):
        r = paragraph.add_run()
        _font(r, "宋体", 14)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r._element.append(el)

    _font(paragraph.add_run("— "), "宋体", 14)
    fld("begin")
    r = paragraph.add_run()
    _font(r, "宋体", 14)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    r._element.append(instr)
    fld("separate")
    _font(paragraph.add_run("1"), "宋体", 14)
    fld("end")
    _font(paragraph.add_run(" —"), "宋体", 14)


def make_docx(paragraphs: list[dict], out: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    footer = sec.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(footer)
    for p in paragraphs:
        para = d.add_paragraph()
        fmt = para.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28)
        fmt.space_before = fmt.space_after = Pt(0)
        run = para.add_run(p["text"])
        if p["role"] == "title":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.line_spacing = Pt(36)
            _font(run, "方正小标宋简体", 22, bold=True)
        elif p["role"] == "right":
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _font(run, "仿宋_GB2312", 16)
        else:
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            fmt.first_line_indent = Pt(32)
            _font(run, "黑体" if p["role"] == "heading" else "仿宋_GB2312", 16, bold=p["role"] == "heading")
    d.core_properties.author = "台州市人民政府办公室"
    d.save(out)


def make_pdf(docx_path: Path, out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("soffice (LibreOffice) is needed to print the PDF")
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", tmp, str(docx_path)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        shutil.move(Path(tmp) / (docx_path.stem + ".pdf"), out)


def main() -> None:
    for doc_id, spec in POLICIES.items():
        paras = clean_paragraphs(RAW / spec["file"], spec["joins"], spec["title"], spec["right"])
        (HERE / f"{doc_id}.clean.txt").write_text(
            "\n".join(p["text"] for p in paras) + "\n", encoding="utf-8"
        )
        make_docx(paras, HERE / f"{doc_id}.docx")
        make_pdf(HERE / f"{doc_id}.docx", HERE / f"{doc_id}.pdf")
        print(f"{doc_id}: {len(paras)} paragraphs -> {doc_id}.clean.txt, {doc_id}.docx, {doc_id}.pdf")


if __name__ == "__main__":
    main()
