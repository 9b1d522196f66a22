"""Readers: encodings, HTML-as-TXT, Markdown, DOCX (tables, headers/footers, styles) and real PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.normalize import normalize
from pipeline.read import read

DATA = Path(__file__).parent / "data"
FORMATS = DATA / "formats"
TZ_2024 = (
    Path(__file__).parents[1] / "policies_raw" / "taizhou-2024-draft-quality-enterprise-matrix-2025-2029.txt"
)
NOTICE = FORMATS / "txt" / "guobanfa_2018_126.txt"
PDFS = sorted((FORMATS / "pdf").glob("*.pdf"))

CJK = re.compile(r"[\u4e00-\u9fff]")
CJK_DIGIT_SPACE = re.compile(r"[\u4e00-\u9fff] +\d|\d +[\u4e00-\u9fff]")
# a page number as printed in a footer; bare numbers are not checked (table cells are bare numbers)
PAGE_FOOTER = re.compile(r"^[-—–－]\s*\d{1,3}\s*[-—–－]$|^第\s*\d+\s*页")


@pytest.mark.parametrize(
    "name,encoding",
    [("gbk", "gb18030"), ("utf8bom", "utf-8-sig"), ("utf16", "utf-16")],
    ids=["gbk", "bom", "utf16"],
)
def test_encodings_are_detected(name, encoding):
    """The 2024 draft saved as GBK (CRLF), UTF-8 with BOM and UTF-16 reads as the UTF-8 original."""
    raw = read(FORMATS / "txt" / f"tz-2024.{name}.txt")
    assert raw.encoding == encoding
    assert normalize(raw).text == normalize(read(TZ_2024)).text


@pytest.mark.parametrize(
    "path", [FORMATS / "txt" / "guobanfa_2018_126.html.txt", FORMATS / "md" / "guobanfa_2018_126.md",
             FORMATS / "docx" / "guobanfa_2018_126.docx"], ids=["html", "md", "docx"],
)  # fmt: skip
def test_same_notice_in_other_formats(path):
    """国办发〔2018〕126号 as HTML saved as .txt, as Markdown and as DOCX gives the text of the TXT,
    and its table rows (the lines with TABs in the TXT) as ``table_row`` paragraphs."""
    base = normalize(read(NOTICE))
    doc = normalize(read(path))
    assert doc.text == base.text
    rows = [ln for ln in NOTICE.read_text(encoding="utf-8").split("\n") if "\t" in ln]
    got = [p.span.of(doc.text) for p in doc.paragraphs if p.kind == "table_row"]
    assert len(got) == len(rows) == 18
    assert got[0] == "序号\t改革举措\t主要内容\t指导部门\t推广范围"


def test_html_entities_and_scripts():
    raw = read(FORMATS / "txt" / "guobanfa_2018_126.html.txt")
    text = "\n".join(ln.text for ln in raw.lines)
    assert "&ldquo;" not in text and "&nbsp;" not in text and "&#12289;" not in text
    assert "“" in text and "not text" not in text and "<p" not in text


def test_docx_headers_footers_and_title_style():
    raw = read(FORMATS / "docx" / "guobanfa_2018_126.docx")
    text = "\n".join(ln.text for ln in raw.lines)
    # the fixture's header and footer text (tests/data/formats/make_formats.py) must not be read
    assert "页眉" not in text and "页脚" not in text and "PAGE" not in text
    first = raw.lines[0]
    assert first.hint.get("heading") == 1 and first.line == 1
    doc = normalize(raw)
    assert doc.paragraphs[0].kind == "heading" and doc.paragraphs[0].level == 1
    # source line = body block number: the first table row comes after the 22 paragraphs before it
    first_row = next(ln for ln in raw.lines if ln.kind == "table_row")
    assert first_row.line == 23


def test_docx_rendition_hints():
    """The office-made DOCX: title centred and bold, body indented, footer page field not read."""
    raw = read(DATA / "renditions" / "tz-2019-58.docx")
    assert raw.lines[0].hint.get("center") and raw.lines[0].hint.get("bold")
    body = next(ln for ln in raw.lines if ln.text.startswith("以习近平"))
    assert body.hint.get("indent") and not body.hint.get("bold")
    assert not any(re.fullmatch(r"—\s*\d+\s*—", ln.text.strip()) for ln in raw.lines)


@pytest.mark.parametrize("path", PDFS, ids=[p.stem for p in PDFS])
def test_real_pdfs(path):
    """The six district budget/final-account PDFs: read, CJK text, no page footers, no space
    between CJK and digits, table rows kept, every paragraph traced to a page."""
    raw = read(path)
    doc = normalize(raw)
    problems = []
    cjk = len(CJK.findall(doc.text))
    if cjk < 3000:  # each has 5k-9k CJK characters in its text layer (pdftotext)
        problems.append(f"only {cjk} CJK characters")
    footers = [p.span.of(doc.text) for p in doc.paragraphs if PAGE_FOOTER.match(p.span.of(doc.text))]
    if footers:
        problems.append(f"page footers kept: {footers[:5]}")
    spaced = CJK_DIGIT_SPACE.findall(doc.text)
    if spaced:
        problems.append(f"spaces between CJK and digits: {spaced[:5]}")
    rows = [p for p in doc.paragraphs if p.kind == "table_row"]
    if len(rows) < 20:
        problems.append(f"only {len(rows)} table rows")
    if any(p.source.page is None or not 1 <= p.source.page <= raw.pages for p in doc.paragraphs):
        problems.append("a paragraph without its page")
    assert not problems, f"{path.name}: " + "; ".join(problems)


def test_pdf_anchors_point_at_the_right_page():
    """Each anchored segment of the rendition PDF is found (spaces ignored) in pdfplumber's own
    text of the page the anchor names; every paragraph reflowed from n lines has n anchors."""
    import pdfplumber

    path = DATA / "renditions" / "tz-2019-58.pdf"
    with pdfplumber.open(path) as pdf:
        pages = [re.sub(r"\s", "", p.extract_text()) for p in pdf.pages]
    doc = normalize(read(path))
    ends = [a.offset for a in doc.anchors[1:]] + [len(doc.text)]
    problems = []
    for a, end in zip(doc.anchors, ends, strict=True):
        seg = re.sub(r"\s", "", doc.text[a.offset : end])
        if seg not in pages[a.page - 1]:
            problems.append(f"page {a.page} line {a.line}: {seg[:30]!r}")
    assert not problems, "\n".join(problems[:10])
    assert len(doc.anchors) > 2 * len(doc.paragraphs)  # most paragraphs span several PDF lines


def test_pdf_page_footers_dropped_and_page_breaks_reflowed():
    """The rendition PDF has '— N —' footers (in pdfplumber's own text) that must not survive,
    and paragraphs running over a page break are one paragraph."""
    import pdfplumber

    path = DATA / "renditions" / "tz-2019-58.pdf"
    with pdfplumber.open(path) as pdf:
        assert "— 1 —" in pdf.pages[0].extract_text()
    doc = normalize(read(path))
    assert not re.search(r"—\s*\d+\s*—", doc.text)
    pages = {p.span.of(doc.text): {a.page for a in doc.anchors if p.span.start <= a.offset < p.span.end}
             for p in doc.paragraphs}  # fmt: skip
    assert any(len(v) == 2 for v in pages.values())


def test_pdf_letter_spaced_heading_and_toc():
    raw = read(FORMATS / "pdf" / "putuo_district_gov_office_2025_budget.pdf")
    doc = normalize(raw)
    paras = [p.span.of(doc.text) for p in doc.paragraphs]
    assert "目录" in paras  # printed as 目   录
    toc = [p for p in paras if p.startswith(("一、部门主要职能", "二、部门机构设置"))]
    assert len(toc) >= 2 and all(p.count("、") == 1 for p in toc[:2])  # one TOC entry per paragraph


def test_docx_automatic_numbering():
    """The 2024 draft with its outline labels made by Word's list numbering (not typed): the labels
    are computed from numbering.xml and the text equals the clean rendition text."""
    clean = (DATA / "renditions" / "tz-2024-matrix-draft.clean.txt").read_text(encoding="utf-8").rstrip("\n")
    doc = normalize(read(FORMATS / "docx" / "tz-2024.numbered.docx"))
    assert doc.text == clean


def test_libreoffice_prints_the_same_numbering():
    """LibreOffice's own rendering of that numbered DOCX (a ragged-right PDF without indents) shows
    the same labels in the same places, and the reflowed text is >= 99% the clean text."""
    from rapidfuzz.fuzz import ratio

    clean = (DATA / "renditions" / "tz-2024-matrix-draft.clean.txt").read_text(encoding="utf-8").rstrip("\n")
    doc = normalize(read(FORMATS / "pdf_made" / "tz-2024.numbered.pdf"))
    label = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)")
    want = [m.group(0) for ln in clean.split("\n") if (m := label.match(ln))]
    got = [m.group(0) for p in doc.paragraphs if (m := label.match(p.span.of(doc.text)))]
    assert got == want
    assert ratio(doc.text, clean) >= 99.0
    # the running header (make_formats.RUNNING_HEADER) and the 第 N 页 共 M 页 footer printed on
    # every page are furniture: dropped
    assert "台州市经济和信息化局文件（征求意见稿）" not in doc.text
    assert not re.search(r"第\s*\d+\s*页", doc.text)


def test_docx_tracked_changes_content_controls_and_fields():
    """A reviewed draft (tests/data/formats/make_formats.py TRACKED): 5000万元 deleted and 1亿元
    inserted as tracked changes, the 文号 in a content control, the 印发 date in a DATE field. It
    reads as the clean text (changes accepted); python-docx's Paragraph.text would lose all three."""
    clean = (DATA / "renditions" / "tz-2019-58.clean.txt").read_text(encoding="utf-8").rstrip("\n")
    doc = normalize(read(FORMATS / "docx" / "tz-2019.tracked.docx"))
    assert doc.text == clean
    assert "5000万元" not in doc.text


def test_pdf_glyphs_drawn_twice():
    """Shadowed (or fake-bold) text is printed as every glyph twice (pdfplumber's own text reads
    台台州州…); the reader removes the duplicates and the ten paragraphs equal the clean text."""
    import pdfplumber

    path = FORMATS / "pdf_made" / "tz-2019.shadowed.pdf"
    with pdfplumber.open(path) as pdf:
        assert "台台州州" in pdf.pages[0].extract_text()
    clean = (DATA / "renditions" / "tz-2019-58.clean.txt").read_text(encoding="utf-8").split("\n")[:10]
    assert normalize(read(path)).text.split("\n") == clean


def test_unmapped_glyph_share():
    """Fonts without a Unicode map give pdfminer's (cid:N) codes: counted one per glyph."""
    from knowledge_base.model import RawLine
    from pipeline.read_pdf import MAX_UNMAPPED_SHARE, unmapped_share

    readable = [RawLine("上海市普陀区财政局2024年度部门决算", 1, 1)]
    garbled = [RawLine("(cid:1234)(cid:88)(cid:3021)局2024", 1, 1)]
    assert unmapped_share(readable) == 0.0
    assert unmapped_share(garbled) == 3 / 8 > MAX_UNMAPPED_SHARE


def test_html_page_by_extension(tmp_path):
    """A web page saved as .html/.htm is read like HTML in a .txt: the same text as the TXT."""
    page = tmp_path / "guobanfa_2018_126.htm"
    page.write_bytes((FORMATS / "txt" / "guobanfa_2018_126.html.txt").read_bytes())
    raw = read(page)
    assert raw.format == "txt" and raw.lines[0].hint.get("html")
    assert normalize(raw).text == normalize(read(NOTICE)).text


def _pdf_paragraph_cases() -> list[dict[str, str]]:
    import csv

    with (FORMATS / "pdf_paragraphs.tsv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


PDF_PARAGRAPHS = _pdf_paragraph_cases()


def test_pdf_paragraphs_read_from_the_page():
    """Paragraphs of the real budget PDFs as read from the page (``pdf_paragraphs.tsv``): the exact
    text (cells joined by TAB, ``\\t`` escaped) and the kind of paragraph. Every failing row is reported."""
    docs = {}
    problems = []
    for case in PDF_PARAGRAPHS:
        doc = docs.get(case["file"]) or docs.setdefault(
            case["file"], normalize(read(FORMATS / "pdf" / case["file"]))
        )
        want = case["paragraph"].replace("\\t", "\t")
        found = [
            p for p in doc.paragraphs if p.span.of(doc.text) == want and p.source.page == int(case["page"])
        ]
        if not found:
            near = [p.span.of(doc.text)[:60] for p in doc.paragraphs if p.source.page == int(case["page"])]
            problems.append(
                f"{case['file']} p.{case['page']}: no paragraph {want[:40]!r} ({case['note']}); page has {near[:8]}"
            )
        elif found[0].kind != case["kind"]:
            problems.append(
                f"{case['file']} p.{case['page']}: {want[:40]!r} is {found[0].kind}, want {case['kind']}"
            )
    assert not problems, "\n".join(problems)
