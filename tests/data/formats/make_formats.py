"""Make the reader fixtures from real texts (committed; rerun to regenerate):

    python tests/data/formats/make_formats.py

* ``txt/guobanfa_2018_126.txt``: a State Council notice (国办发〔2018〕126号) with a table, copied
  from the dev corpus (gov.cn text, one paragraph per line, table cells joined by TAB).
* ``txt/guobanfa_2018_126.html.txt``: the same notice as the HTML page it came from would be
  (``<p>`` per paragraph, the table as ``<table>``, quotes and spaces as entities), named ``.txt``.
* ``md/guobanfa_2018_126.md``: the same as Markdown (``#`` title, ``**bold**``, a pipe table).
* ``docx/guobanfa_2018_126.docx``: the same as an office DOCX: Title style, a real table, a page
  header and a footer with text and a PAGE field that must not be read.
* ``docx/tz-2024.numbered.docx``: the 2024 draft (clean rendition text) with its outline labels
  (``一、`` ``（一）`` ``1.``) made by Word's multilevel list numbering instead of typed, and
  ``pdf_made/tz-2024.numbered.pdf``, that DOCX printed by LibreOffice (default template: ragged
  right, no first-line indent), with a running header and a ``第 N 页 共 M 页`` footer on every page.
* ``docx/tz-2019.tracked.docx``: the 2019 plan as a reviewed draft — a tracked deletion and
  insertion, a content control, a DATE field — that must read as the clean text.
* ``docx/tz-2019.shadowed.docx`` and ``pdf_made/tz-2019.shadowed.pdf``: ten paragraphs of the 2019
  plan, two with a shadow effect that LibreOffice prints as every glyph drawn twice.
* ``txt/tz-2019.pdftotext.txt``: the 2019 rendition PDF as ``pdftotext`` (poppler) writes it:
  lines hard-wrapped as printed, ``—1—`` page numbers, form feeds.
* ``txt/state_council/``: the 60 State Council texts of the dev corpus, copied unchanged (one
  paragraph per line, no blank lines).
* ``txt/tz-2024.gbk.txt`` / ``.utf8bom.txt`` / ``.utf16.txt``: the 2024 Taizhou draft in GBK (CRLF
  line ends), UTF-8 with BOM and UTF-16; each must read exactly as the UTF-8 original.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SOURCE = HERE / "txt" / "guobanfa_2018_126.txt"
TZ_2024 = ROOT / "policies_raw" / "taizhou-2024-draft-quality-enterprise-matrix-2025-2029.txt"

HEADER_TEXT = "国务院办公厅文件 页眉"
FOOTER_TEXT = "仅供内部参考 页脚"


def main() -> None:
    lines = SOURCE.read_text(encoding="utf-8").rstrip("\n").split("\n")
    (HERE / "txt" / "guobanfa_2018_126.html.txt").write_text(to_html(lines), encoding="utf-8")
    (HERE / "md").mkdir(exist_ok=True)
    (HERE / "md" / "guobanfa_2018_126.md").write_text(to_markdown(lines), encoding="utf-8")
    (HERE / "docx").mkdir(exist_ok=True)
    to_docx(lines, HERE / "docx" / "guobanfa_2018_126.docx")
    numbered = HERE / "docx" / "tz-2024.numbered.docx"
    to_numbered_docx(HERE.parent / "renditions" / "tz-2024-matrix-draft.clean.txt", numbered)
    sys.path.insert(0, str(HERE.parent / "renditions"))
    from make_renditions import make_pdf

    to_tracked_docx(
        HERE.parent / "renditions" / "tz-2019-58.clean.txt", HERE / "docx" / "tz-2019.tracked.docx"
    )
    (HERE / "pdf_made").mkdir(exist_ok=True)
    make_pdf(numbered, HERE / "pdf_made" / "tz-2024.numbered.pdf")  # LibreOffice shows the labels too
    # the rendition PDF as text copied from it: hard-wrapped lines, — N — page numbers, form feeds
    subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(HERE.parent / "renditions" / "tz-2019-58.pdf"),
         str(HERE / "txt" / "tz-2019.pdftotext.txt")],
        check=True,
    )  # fmt: skip
    shadowed = HERE / "docx" / "tz-2019.shadowed.docx"
    to_shadowed_docx(HERE.parent / "renditions" / "tz-2019-58.clean.txt", shadowed)
    make_pdf(shadowed, HERE / "pdf_made" / "tz-2019.shadowed.pdf")  # each glyph drawn twice
    text = TZ_2024.read_text(encoding="utf-8")
    (HERE / "txt" / "tz-2024.gbk.txt").write_bytes(text.replace("\n", "\r\n").encode("gbk"))
    (HERE / "txt" / "tz-2024.utf8bom.txt").write_bytes(text.encode("utf-8-sig"))
    (HERE / "txt" / "tz-2024.utf16.txt").write_bytes(text.encode("utf-16"))


def _tables(lines: list[str]):
    """Yield ("p", text) and ("table", [rows of cells]) in order."""
    table: list[list[str]] = []
    for ln in lines:
        if "\t" in ln:
            table.append(ln.split("\t"))
            continue
        if table:
            yield "table", table
            table = []
        yield "p", ln
    if table:
        yield "table", table


def to_html(lines: list[str]) -> str:
    def esc(s: str) -> str:
        s = html.escape(s, quote=False).replace("“", "&ldquo;").replace("”", "&rdquo;")
        return s.replace("、", "&#12289;").replace(" ", "&nbsp;")

    out = ["<!DOCTYPE html>", "<html><head><meta charset='utf-8'><title>国务院办公厅</title>",
           "<style>p { text-indent: 2em }</style></head><body>", "<div class='pages_content'>"]  # fmt: skip
    for kind, item in _tables(lines):
        if kind == "p":
            out.append(f"<p style='text-align: justify'>\n  {esc(item)}\n</p>")
        else:
            out.append("<table border='1'>")
            for row in item:
                out.append("<tr>" + "".join(f"<td><p>{esc(c)}</p></td>" for c in row) + "</tr>")
            out.append("</table>")
    out += ["</div>", "<script>var x = '<p>not text</p>';</script>", "</body></html>"]
    return "\n".join(out) + "\n"


def to_markdown(lines: list[str]) -> str:
    out = []
    for i, (kind, item) in enumerate(_tables(lines)):
        if kind == "p":
            out.append(f"# {item}" if i == 0 else item)
        else:
            out.append("| " + " | ".join(item[0]) + " |")
            out.append("|" + "---|" * len(item[0]))
            out += ["| " + " | ".join(row) + " |" for row in item[1:]]
        out.append("")
    return "\n".join(out)


def to_docx(lines: list[str], path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    d = docx.Document()
    sec = d.sections[0]
    sec.header.paragraphs[0].text = HEADER_TEXT
    foot = sec.footer.paragraphs[0]
    foot.text = FOOTER_TEXT + " — "
    for kind in ("begin", None, "end"):
        r = foot.add_run()
        if kind is None:
            instr = OxmlElement("w:instrText")
            instr.text = " PAGE "
            r._element.append(instr)
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            r._element.append(el)
    foot.add_run(" —")
    for i, (kind, item) in enumerate(_tables(lines)):
        if kind == "p":
            if i == 0:
                d.add_paragraph(item, style="Title")
            else:
                p = d.add_paragraph(item)
                p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        else:
            t = d.add_table(rows=len(item), cols=max(len(r) for r in item))
            t.style = "Table Grid"
            for r, row in enumerate(item):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
    d.save(path)


# The 2024 draft's outline typed with Word's list feature: the labels come from numbering.xml.
NUMBERED = [
    (re.compile(r"^[一二三四五六七八九十]+、"), 0),
    (re.compile(r"^（[一二三四五六七八九十]+）"), 1),
    (re.compile(r"^\d+\."), 2),
]
ABSTRACT_NUM = """<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="nothing"/><w:lvlText w:val="%3."/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>"""
NUM = """<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="90"><w:abstractNumId w:val="90"/></w:num>"""


RUNNING_HEADER = "台州市经济和信息化局文件（征求意见稿）"


def _field(paragraph, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind in ("begin", None, "separate", "result", "end"):
        r = paragraph.add_run("1" if kind == "result" else None)
        if kind == "result":
            continue
        if kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            r._element.append(instr)
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            r._element.insert(0, el)


def to_numbered_docx(clean: Path, path: Path) -> None:
    """Paragraphs of the clean 2024 draft; the outline labels (一、 （一） 1.) removed from the text
    and produced by a multilevel list instead, as a drafter using Word's numbering would have it."""
    import docx
    from lxml import etree

    d = docx.Document()
    numbering = d.part.numbering_part.element
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    first_num.addprevious(etree.fromstring(ABSTRACT_NUM))
    numbering.append(etree.fromstring(NUM))
    # a running header and a "第 N 页 共 M 页" footer (PAGE and NUMPAGES fields), on every page
    sec = d.sections[0]
    sec.header.paragraphs[0].text = RUNNING_HEADER
    foot = sec.footer.paragraphs[0]
    foot.add_run("第 ")
    _field(foot, "PAGE")
    foot.add_run(" 页 共 ")
    _field(foot, "NUMPAGES")
    foot.add_run(" 页")
    for line in clean.read_text(encoding="utf-8").rstrip("\n").split("\n"):
        for pattern, level in NUMBERED:
            m = pattern.match(line)
            if m:
                p = d.add_paragraph(line[m.end() :])
                num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = level
                num_pr.get_or_add_numId().val = 90
                break
        else:
            d.add_paragraph(line)
    d.save(path)


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# (text to find in a paragraph, XML that replaces it): a tracked deletion + insertion, a content
# control, a simple DATE field showing its cached result.
TRACKED = [
    ("不少于1亿元",
     f'<w:r {W}><w:t>不少于</w:t></w:r>'
     f'<w:del {W} w:id="1" w:author="审核人" w:date="2019-11-20T09:00:00Z"><w:r><w:delText>5000万元</w:delText></w:r></w:del>'
     f'<w:ins {W} w:id="2" w:author="审核人" w:date="2019-11-20T09:00:00Z"><w:r><w:t>1亿元</w:t></w:r></w:ins>'),
    ("台政办发〔2019〕58号",
     f'<w:sdt {W}><w:sdtPr><w:alias w:val="文号"/></w:sdtPr><w:sdtContent><w:r><w:t>台政办发〔2019〕58号</w:t></w:r></w:sdtContent></w:sdt>'),
    ("2019年12月4日印发",
     f'<w:fldSimple {W} w:instr=" DATE \\@ &quot;yyyy年M月d日&quot; "><w:r><w:t>2019年12月4日</w:t></w:r></w:fldSimple>'
     f'<w:r {W}><w:t>印发</w:t></w:r>'),
]  # fmt: skip


def to_tracked_docx(clean: Path, path: Path) -> None:
    """The 2019 plan as a reviewed draft: one amount changed with tracked changes (5000万元 deleted,
    1亿元 inserted), the document number in a content control, a date in a DATE field. Read with
    the changes accepted, it is the clean text."""
    import docx
    from lxml import etree

    d = docx.Document()
    for line in clean.read_text(encoding="utf-8").rstrip("\n").split("\n"):
        for needle, xml in TRACKED:
            if needle in line:
                before, after = line.split(needle, 1)
                p = d.add_paragraph(before)
                for el in etree.fromstring(f"<root {W}>{xml}</root>"):
                    p._p.append(el)
                if after:
                    p.add_run(after)
                break
        else:
            d.add_paragraph(line)
    d.save(path)


def to_shadowed_docx(clean: Path, path: Path) -> None:
    """The first ten paragraphs of the 2019 plan with a shadow text effect on the title and the
    first body paragraph: LibreOffice prints every such glyph twice (as fake bold does)."""
    import docx
    from docx.oxml import OxmlElement

    d = docx.Document()
    for i, line in enumerate(clean.read_text(encoding="utf-8").split("\n")[:10]):
        run = d.add_paragraph().add_run(line)
        if i in (0, 4):
            run._element.get_or_add_rPr().append(OxmlElement("w:shadow"))
    d.save(path)


if __name__ == "__main__":
    main()
