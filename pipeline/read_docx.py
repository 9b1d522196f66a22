"""DOCX reader (python-docx): body paragraphs and table rows in document order.

``line`` is the 1-based body block number (a paragraph or a table row). Table rows: cells joined by
TAB, ``kind="table_row"`` (a merged cell once). Paragraph text is read with tracked changes accepted,
content controls and field results included, and the labels of Word's automatic list numbering
(``一、`` ``（一）`` ``1.``) computed from ``numbering.xml``. Headers, footers, footnotes, text boxes
and page-number fields are not read. Heading styles (Heading N / 标题 N / Title / outline level)
become ``{"heading": n}``; ``bold``, ``center`` and ``indent`` hints are kept.

Before python-docx opens anything, the zip directory is checked: not a zip, an OLE file (legacy
``.doc`` or a password-protected DOCX), no ``word/document.xml``, or an archive that would expand
past 200 MB or 100:1 (a zip bomb) is refused with a ``ReadError``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from knowledge_base.model import RawDocument, RawLine, ReadError
from pipeline.read import join_broken

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # total uncompressed size of the archive
MAX_ZIP_RATIO = 100  # uncompressed / compressed, checked when the archive expands past 10 MB
ZIP_RATIO_FLOOR = 10 * 1024 * 1024
# DOCX paragraph style names that mark headings (English and Chinese Word/WPS names).
DOCX_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
DOCX_TITLE_STYLES = {"title", "标题", "subtitle", "副标题"}


def check_zip(path: Path) -> None:
    """Refuse a DOCX that is not a zip, is encrypted, or would expand too much (a zip bomb) —
    judged from the zip directory, before anything is decompressed."""
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(path, "not a DOCX: an OLE file (password-protected DOCX or a legacy .doc renamed)")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
    except zipfile.BadZipFile:
        raise ReadError(path, "not a DOCX: not a zip archive (corrupt or another format renamed)") from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNZIPPED_BYTES:
        raise ReadError(
            path,
            f"refused: the archive would expand to {total / 2**20:.0f} MB (limit {MAX_UNZIPPED_BYTES // 2**20} MB; zip bomb?)",
        )
    if total > ZIP_RATIO_FLOOR and total / packed > MAX_ZIP_RATIO:
        raise ReadError(
            path, f"refused: compression ratio {total / packed:.0f}:1 exceeds {MAX_ZIP_RATIO}:1 (zip bomb?)"
        )
    if "word/document.xml" not in names:
        raise ReadError(path, "not a DOCX: the zip has no word/document.xml")


def read_docx(path: Path) -> RawDocument:
    check_zip(path)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    try:
        d = docx.Document(str(path))
    except Exception as e:  # python-docx raises several kinds on a broken package
        raise ReadError(path, f"corrupt DOCX: {type(e).__name__}: {e}") from None
    lines: list[RawLine] = []
    n = 0
    try:
        numbering = _Numbering(d)
        for block in d.iter_inner_content():
            if isinstance(block, DocxParagraph):
                n += 1
                text = join_broken(docx_text(block))
                label = numbering.label(block)
                if label and text.strip():
                    text = label + text.lstrip()
                kind = "text" if text.strip() else "blank"
                lines.append(RawLine(text, None, n, kind, _docx_hint(block) if kind == "text" else {}))
            elif isinstance(block, Table):
                for row in block.rows:
                    n += 1
                    text = _docx_row(row)
                    lines.append(RawLine(text, None, n, "table_row" if text.strip() else "blank"))
    except ReadError:
        raise
    except Exception as e:
        raise ReadError(path, f"corrupt DOCX body: {type(e).__name__}: {e}") from None
    return RawDocument(path=str(path), format="docx", lines=lines, encoding=None)


class _Numbering:
    """Word's automatic numbering (``一、`` ``（一）`` ``1.`` typed by the list feature, not as text):
    python-docx gives the paragraph text without it, so the labels are computed here from
    ``numbering.xml`` — per list, a counter per level, deeper levels restarting — as Word shows them."""

    def __init__(self, d) -> None:
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}  # numId -> ilvl -> (start, fmt, text)
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = d.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for a in root.findall(qn("w:abstractNum")):
            lv = {}
            for lvl in a.findall(qn("w:lvl")):
                lv[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    int(_val(lvl, "w:start") or 1),
                    _val(lvl, "w:numFmt") or "decimal",
                    _val(lvl, "w:lvlText") or "",
                )
            abstract[a.get(qn("w:abstractNumId"))] = lv
        for num in root.findall(qn("w:num")):
            lv = dict(abstract.get(_val(num, "w:abstractNumId"), {}))
            for o in num.findall(qn("w:lvlOverride")):
                i = int(o.get(qn("w:ilvl"), "0"))
                start = _val(o, "w:startOverride")
                if start and i in lv:
                    lv[i] = (int(start), lv[i][1], lv[i][2])
            self.levels[num.get(qn("w:numId"))] = lv

    def label(self, p) -> str:
        if not self.levels:
            return ""
        num_id, ilvl = _num_pr(p)
        lv = self.levels.get(num_id or "")
        if not lv or ilvl not in lv:
            return ""
        start, fmt, text = lv[ilvl]
        if fmt in ("bullet", "none") or not text:
            return ""
        c = self.counters.setdefault(num_id, {})
        c[ilvl] = c[ilvl] + 1 if ilvl in c else start
        for deeper in [k for k in c if k > ilvl]:
            del c[deeper]

        def value(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            return _format_number(c.get(k, lv.get(k, (1,))[0]), lv.get(k, (1, "decimal"))[1])

        return re.sub(r"%(\d)", value, text)


def _val(el, tag: str) -> str | None:
    child = el.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _num_pr(p) -> tuple[str | None, int]:
    """numId and level of a paragraph: its own numPr, else its style's (following basedOn)."""
    ppr = p._p.pPr
    num = ppr.find(qn("w:numPr")) if ppr is not None else None
    style = p.style
    while num is None and style is not None:
        sppr = style.element.pPr
        num = sppr.find(qn("w:numPr")) if sppr is not None else None
        style = style.base_style
    if num is None:
        return None, 0
    return _val(num, "w:numId"), int(_val(num, "w:ilvl") or 0)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand"):  # fmt: skip
        from cn2an import an2cn

        return an2cn(n, "up" if fmt == "chineseLegalSimplified" else "low")
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman") and 1 <= n < 4000:
        vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
        out = ""
        for v, r in vals:
            while n >= v:
                out += r
                n -= v
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalZero" and n < 10:
        return f"0{n}"
    return str(n)


def docx_text(p) -> str:
    """Paragraph text as it reads with tracked changes accepted: runs inside insertions, content
    controls, simple fields (their shown result), hyperlinks and smart tags count; deleted or
    moved-away text and the text of text boxes anchored in the paragraph do not. (python-docx's
    ``Paragraph.text`` reads only the runs directly under the paragraph and in hyperlinks.)"""
    runs = p._p.xpath(
        ".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]"
    )
    return "".join(r.text for r in runs)


def _docx_row(row) -> str:
    cells, seen = [], set()
    for cell in row.cells:  # a merged cell appears once per grid column it spans
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(join_broken(" ".join(docx_text(p) for p in cell.paragraphs)).replace("\t", " ").strip())
    return "\t".join(cells)


def _docx_hint(p) -> dict:
    hint: dict = {}
    style = p.style
    name = (style.name or "").strip() if style is not None else ""
    m = DOCX_HEADING_STYLE.match(name)
    if m:
        hint["heading"] = int(m.group(1))
    elif name.lower() in DOCX_TITLE_STYLES:
        hint["heading"] = 1
        hint["title"] = True
    else:
        lvl = p._p.xpath("./w:pPr/w:outlineLvl/@w:val")
        if lvl and lvl[0].isdigit() and int(lvl[0]) < 9:
            hint["heading"] = int(lvl[0]) + 1
    runs = [r for r in p.runs if r.text.strip()]
    if runs and all(r.bold or (r.bold is None and style is not None and style.font.bold) for r in runs):
        hint["bold"] = True
    align = p.paragraph_format.alignment
    if align is None and style is not None:
        align = style.paragraph_format.alignment
    if align is not None and int(align) == 1:  # WD_ALIGN_PARAGRAPH.CENTER
        hint["center"] = True
    indent = p.paragraph_format.first_line_indent
    if indent is None and style is not None:
        indent = style.paragraph_format.first_line_indent
    if indent:
        hint["indent"] = True
    return hint


def qn(tag: str) -> str:
    """``w:val`` -> ``{namespace}val`` (python-docx's ``qn``, imported late: fast start)."""
    from docx.oxml.ns import qn as _qn

    return _qn(tag)
