"""Readers: TXT / Markdown / DOCX / PDF -> ``RawDocument`` (physical lines with their source location).

What each reader yields (one ``RawLine`` per physical line, paragraph or table row):

* ``.txt`` / ``.md``: one RawLine per line of the file (1-based ``line``), blank lines kept as
  ``kind="blank"`` (the normalizer uses them to repair page-break splits). The encoding is detected
  without being told: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK, else
  charset-normalizer's best guess; binary content is refused. HTML saved as ``.txt`` is turned into
  text (tags stripped, entities decoded, a line per block element, table cells joined by TAB).
  Markdown ``#`` headings get ``hint={"heading": n}`` (the normalizer strips the markers).
* ``.docx`` (python-docx): body paragraphs and table rows in document order; ``line`` is the
  1-based body block number (a paragraph or a table row). Table rows: cells joined by TAB,
  ``kind="table_row"``. Headers, footers, footnotes and page-number fields are not read. Heading
  styles (Heading N / 标题 N / Title / outline level) become ``{"heading": n}``; ``bold``,
  ``center`` and ``indent`` hints are kept.
* ``.pdf`` (pdfplumber): one ``extract_words`` per page, words grouped into lines by position;
  ``page`` + ``line`` (1-based on the page, counted from the top, furniture included). Page
  furniture (``— 1 —``, ``- 2 -``, ``第1页 共5页``, running headers repeated on most pages) is
  dropped. A gap of more than two character widths inside a line separates table cells (TAB,
  ``kind="table_row"``). Each line carries its geometry (``x0``, ``x1``, ``size``, ``top``,
  ``bottom``) and the body margins of the document (``left``, ``right``) so that the normalizer can
  reflow lines into paragraphs.

Bad input raises ``ReadError`` naming the file and the cause; never a traceback.
"""

from __future__ import annotations

import codecs
import html
import re
import unicodedata
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from knowledge_base.model import RawDocument, RawLine, ReadError, UnsupportedFormat

# --- rules as data ---------------------------------------------------------------------------

SUPPORTED = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf"}

MAX_FILE_BYTES = 200 * 1024 * 1024  # refuse bigger files: no policy document is that large
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # DOCX: total uncompressed size of the archive
MAX_ZIP_RATIO = 100  # DOCX: uncompressed / compressed, checked when the archive expands past 10 MB
ZIP_RATIO_FLOOR = 10 * 1024 * 1024
MIN_PDF_TEXT_CHARS = 20  # fewer characters in the whole text layer: a scan, OCR is needed

# Magic numbers of formats people rename by mistake.
MAGIC = [
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a zip archive (DOCX/XLSX?)"),
    (b"\xd0\xcf\x11\xe0", "an OLE file (legacy .doc/.xls, or an encrypted Office file)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
]

# Markdown heading: up to three spaces, 1-6 '#', a space (or none, as in '#标题').
MD_HEADING = re.compile(r"^ {0,3}(#{1,6})(?=\s|[^#\s])")
# Markdown table separator row: | --- | :---: |
MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")

# A document looks like HTML if it has a doctype / <html> or at least this many block tags.
HTML_SIGNS = re.compile(r"<!doctype html|<html[\s>]|<body[\s>]", re.I)
HTML_BLOCK_TAGS = re.compile(r"<(?:p|div|br|table|tr|td|li|h[1-6])\b[^>]*>", re.I)
HTML_MIN_BLOCK_TAGS = 3
HTML_BLOCK = {
    "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "blockquote", "pre", "title", "dd", "dt", "hr",
}  # fmt: skip
HTML_SKIP = {"script", "style", "head", "noscript", "template"}

# DOCX paragraph style names that mark headings (English and Chinese Word/WPS names).
DOCX_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)
DOCX_TITLE_STYLES = {"title", "标题", "subtitle", "副标题"}

# PDF page furniture: whole lines that are page numbers. Checked only near the top/bottom edge.
PAGE_NUMBER = [
    re.compile(r"^[-—–－―~～·•\s]*\d{1,4}[-—–－―~～·•\s]*$"),
    re.compile(r"^第\s*\d{1,4}\s*页\s*[,，/]?\s*(共\s*\d{1,4}\s*页)?$"),
    re.compile(r"^(共\s*\d{1,4}\s*页\s*)?第\s*\d{1,4}\s*页$"),
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$"),
    re.compile(r"^page\s*\d{1,4}(\s*of\s*\d{1,4})?$", re.I),
]
EDGE_ZONE = 0.10  # top and bottom 10% of the page height hold headers and footers
RUNNING_HEADER_SHARE = 0.6  # a text repeated in the edge zone of this share of pages is a running header
CELL_GAP = 2.0  # a horizontal gap wider than this many character widths separates table cells
TABLE_CELL_GAP = 1.0  # in a line that is a table row, a smaller gap already separates cells
AMOUNT = re.compile(r"^-?[\d,]+(\.\d+)?%?$")  # two amounts side by side in a table row are two cells
LINE_TOLERANCE = 0.5  # words whose vertical centres differ by less than this x font size share a line


# --- entry point -----------------------------------------------------------------------------


def read(path: str | Path) -> RawDocument:
    """Read a supported file into raw lines with their source locations, or raise ``ReadError``."""
    path = Path(path)
    if not path.exists():
        raise ReadError(path, "no such file")
    if path.is_dir():
        raise ReadError(path, "is a directory, not a file")
    fmt = SUPPORTED.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(
            path, f"unsupported file type {path.suffix or '(none)'}: use .txt, .md, .docx or .pdf"
        )
    try:
        size = path.stat().st_size
        if size == 0:
            raise ReadError(path, "empty file")
        if size > MAX_FILE_BYTES:
            raise ReadError(
                path, f"file too large ({size / 2**20:.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB)"
            )
        if fmt in ("txt", "md"):
            return _read_text(path, fmt)
        if fmt == "docx":
            return _read_docx(path)
        return _read_pdf(path)
    except PermissionError:
        raise ReadError(path, "permission denied") from None
    except OSError as e:
        raise ReadError(path, f"cannot read the file: {e.strerror or e}") from None


# --- TXT / Markdown --------------------------------------------------------------------------


def decode_text(data: bytes, path: str | Path) -> tuple[str, str]:
    """Bytes -> (text, encoding name). UTF-8/UTF-16 BOMs, strict UTF-8, GB18030, then
    charset-normalizer. Binary content raises ``ReadError``."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8", path), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path), "utf-16"
    head = data[:8]
    for magic, what in MAGIC:
        if head.startswith(magic):
            raise ReadError(path, f"not a text file: the content is {what}")
    if b"\x00" in data:
        raise ReadError(path, "not a text file: binary content (NUL bytes)")
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text):
            return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if not _looks_binary(text):
            return text, best.encoding
    raise ReadError(
        path, "not a text file: binary or undecodable content (tried UTF-8, GB18030 and detection)"
    )


def _strict(data: bytes, enc: str, path) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as e:
        raise ReadError(
            path, f"invalid {enc.upper()} at byte {e.start} despite its byte-order mark"
        ) from None


def _looks_binary(text: str) -> bool:
    """Control characters (other than tab, newlines, form feed) in more than 1 of 1000 characters."""
    if not text:
        return False
    sample = text[:200_000]
    bad = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\v") + sample.count("\ufffd")
    return bad > max(2, len(sample) // 1000)


def _read_text(path: Path, fmt: str) -> RawDocument:
    text, encoding = decode_text(path.read_bytes(), path)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ReadError(path, "no text: the file holds only whitespace")
    is_html = (
        bool(HTML_SIGNS.search(text[:4000]))
        or len(HTML_BLOCK_TAGS.findall(text[:20000])) >= HTML_MIN_BLOCK_TAGS
    )
    if is_html:
        text = html_to_text(text)
        if not text.strip():
            raise ReadError(path, "no text: an HTML page without text")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    lines: list[RawLine] = []
    for i, t in enumerate(text.split("\n"), 1):
        if not t.strip():
            lines.append(RawLine("", None, i, "blank"))
            continue
        hint: dict = {}
        kind = "text"
        if is_html:
            hint["html"] = True
        if "\t" in t.strip():
            kind = "table_row"  # cells joined by TAB, as in text copied from a web page or a sheet
        m = MD_HEADING.match(t)
        if m and not is_html:
            hint["heading"] = len(m.group(1))
        elif fmt == "md" and t.lstrip().startswith("|") and t.rstrip().endswith("|"):
            if MD_TABLE_SEP.match(t):
                lines.append(RawLine("", None, i, "blank", {"md_table_rule": True}))
                continue
            kind = "table_row"
            hint["md_table"] = True
        lines.append(RawLine(t, None, i, kind, hint))
    return RawDocument(path=str(path), format=fmt, lines=lines, encoding=encoding)


class _HTMLText(HTMLParser):
    """HTML -> text as a browser shows it: a line per block element, cells joined by TAB."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.cell = 0  # inside a table cell, block elements are joined with a space

    def _block(self) -> None:
        self.out.append(" " if self.cell else "\n")

    def handle_starttag(self, tag, attrs):
        if tag in HTML_SKIP:
            self.skip += 1
        elif tag in ("td", "th"):
            self.cell += 1
            self.out.append("\t")
        elif tag in HTML_BLOCK:
            self._block()

    def handle_startendtag(self, tag, attrs):
        if tag in HTML_BLOCK:
            self._block()

    def handle_endtag(self, tag):
        if tag in HTML_SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th"):
            self.cell = max(0, self.cell - 1)
        elif tag in HTML_BLOCK:
            self._block()

    def handle_data(self, data):
        if not self.skip:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(text: str) -> str:
    p = _HTMLText()
    p.feed(text)
    p.close()
    lines = []
    for ln in "".join(p.out).split("\n"):
        cells = [c.strip() for c in ln.split("\t")]
        cells = [c for c in cells if c]
        if cells:
            lines.append("\t".join(cells))
    return html.unescape("\n".join(lines)) if "&" in "".join(lines) else "\n".join(lines)


# --- DOCX ------------------------------------------------------------------------------------


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


def _read_docx(path: Path) -> RawDocument:
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
    runs = p._p.xpath(".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::w:txbxContent)]")
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


# --- PDF -------------------------------------------------------------------------------------


def _read_pdf(path: Path) -> RawDocument:
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise ReadError(path, "not a PDF: no %PDF header (another format renamed?)")
    import pdfplumber

    try:
        pdf = pdfplumber.open(path)
    except Exception as e:
        raise _pdf_error(path, e) from None
    pages: list[list[RawLine]] = []
    heights: list[float] = []
    try:
        with pdf:
            for pageno, page in enumerate(pdf.pages, 1):
                words = page.extract_words(extra_attrs=["size"])
                pages.append(_pdf_lines(words, pageno, float(page.width)))
                heights.append(float(page.height))
    except ReadError:
        raise
    except Exception as e:
        raise _pdf_error(path, e) from None
    if not pages:
        raise ReadError(path, "corrupt or truncated PDF: no pages")
    chars = sum(len(ln.text) for pg in pages for ln in pg)
    if chars < MIN_PDF_TEXT_CHARS:
        raise ReadError(path, "no text layer: OCR is needed (a scanned PDF)")
    lines = _drop_furniture(pages, heights)
    _add_margins(lines)
    return RawDocument(path=str(path), format="pdf", lines=lines, encoding=None, pages=len(pages))


def _pdf_error(path: Path, e: BaseException) -> ReadError:
    """pdfplumber wraps pdfminer's errors (``PdfminerException(PDFPasswordIncorrect())``): unwrap."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = e.__cause__ or (e.args[0] if e.args and isinstance(e.args[0], BaseException) else e)
    if isinstance(cause, PDFPasswordIncorrect):
        return ReadError(path, "encrypted PDF: a password is needed to open it")
    if isinstance(cause, PDFEncryptionError):
        return ReadError(path, f"encrypted PDF: unsupported encryption ({_short(cause)})")
    return ReadError(path, f"corrupt or truncated PDF ({type(cause).__name__}: {_short(cause)})")


def _short(e: BaseException) -> str:
    s = str(e).replace("\n", " ").strip()
    return (s[:120] + "…") if len(s) > 120 else (s or "unreadable")


def _pdf_lines(words: list[dict], pageno: int, width: float) -> list[RawLine]:
    """Group one page's words into lines (top to bottom), then join each line's words."""
    if not words:
        return []
    words = sorted(words, key=lambda w: (w["top"] + w["bottom"]) / 2)
    groups: list[list[dict]] = []
    mid_prev = None
    for w in words:
        mid = (w["top"] + w["bottom"]) / 2
        if mid_prev is None or abs(mid - mid_prev) > LINE_TOLERANCE * max(w["size"], 1.0):
            groups.append([w])
            mid_prev = mid
        else:
            groups[-1].append(w)
    out = []
    for i, g in enumerate(groups, 1):
        g.sort(key=lambda w: w["x0"])
        text, cells = _join_words(g)
        sizes = sorted(w["size"] for w in g)
        hint = {
            "x0": round(g[0]["x0"], 1),
            "x1": round(max(w["x1"] for w in g), 1),
            "top": round(min(w["top"] for w in g), 1),
            "bottom": round(max(w["bottom"] for w in g), 1),
            "size": round(sizes[len(sizes) // 2], 1),
            "pw": round(width),
        }
        out.append(RawLine(text, pageno, i, "table_row" if cells > 1 else "text", hint))
    return out


def _join_words(words: list[dict]) -> tuple[str, int]:
    """Join a line's words: TAB across a cell gap, a space between Latin/digit words, else nothing.
    Returns the text and the number of cells."""
    parts = [words[0]["text"]]
    seps: list[str] = []
    gaps = [w["x0"] - prev["x1"] for prev, w in zip(words, words[1:], strict=False)]
    sizes = [max(w["size"], prev["size"], 1.0) for prev, w in zip(words, words[1:], strict=False)]
    table = any(g > CELL_GAP * s for g, s in zip(gaps, sizes, strict=True))
    for prev, w, gap, size in zip(words, words[1:], gaps, sizes, strict=False):
        amounts = AMOUNT.match(prev["text"]) and AMOUNT.match(w["text"])
        if gap > CELL_GAP * size or (table and (gap > TABLE_CELL_GAP * size or amounts and gap > 0.3 * size)):
            seps.append("\t")
        elif _latin(prev["text"][-1]) and _latin(w["text"][0]):
            seps.append(" ")
        else:
            seps.append("")
        parts.append(w["text"])
    # A letter-spaced heading ("目   录"): single CJK characters far apart are one word, not cells.
    if "\t" in seps and all(len(p) == 1 and not _latin(p) for p in parts):
        seps = ["" for _ in seps]
    text = parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=True))
    return text, seps.count("\t") + 1


def _latin(c: str) -> bool:
    return c.isascii() and c.isalnum() or unicodedata.category(c)[0] in "LN" and ord(c) < 0x2E80


def _is_page_number(text: str) -> bool:
    t = text.replace("\t", " ").strip()
    return len(t) <= 20 and any(p.match(t) for p in PAGE_NUMBER)


def _drop_furniture(pages: list[list[RawLine]], heights: list[float]) -> list[RawLine]:
    """Drop page numbers and running headers/footers found in the top/bottom edge zone."""

    def in_edge(ln: RawLine, h: float) -> bool:
        return ln.hint["bottom"] <= h * EDGE_ZONE or ln.hint["top"] >= h * (1 - EDGE_ZONE)

    def key(ln: RawLine) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", ln.text))

    counts: dict[str, int] = {}
    for pg, h in zip(pages, heights, strict=True):
        for k in {key(ln) for ln in pg if in_edge(ln, h)}:
            counts[k] = counts.get(k, 0) + 1
    repeated = (
        {k for k, c in counts.items() if c >= RUNNING_HEADER_SHARE * len(pages)} if len(pages) >= 3 else set()
    )
    out: list[RawLine] = []
    for pg, h in zip(pages, heights, strict=True):
        for ln in pg:
            if in_edge(ln, h) and (_is_page_number(ln.text) or key(ln) in repeated):
                continue
            out.append(ln)
    return out


def _add_margins(lines: list[RawLine]) -> None:
    """The body's left and right margins, per page width (portrait text pages and landscape table
    pages differ), robust to centred titles and short lines."""
    for pw in {ln.hint["pw"] for ln in lines}:
        same = [ln for ln in lines if ln.hint["pw"] == pw]
        text = [ln for ln in same if ln.kind == "text"] or same
        x0s = sorted(ln.hint["x0"] for ln in text)
        x1s = sorted(ln.hint["x1"] for ln in text)
        left = x0s[len(x0s) // 20]  # 5th percentile: ignores a stray line further out
        right = x1s[min(len(x1s) - 1, len(x1s) * 19 // 20)]  # 95th percentile
        by_page: dict[int | None, list[RawLine]] = {}
        for ln in same:
            by_page.setdefault(ln.page, []).append(ln)
        for page_lines in by_page.values():
            # A page of text narrower than the tables elsewhere (landscape budget pages): its own
            # right margin is where its longest text line ends.
            own = max((ln.hint["x1"] for ln in page_lines if ln.kind == "text"), default=right)
            page_right = own if left + 0.6 * (right - left) < own < right else right
            for ln in page_lines:
                ln.hint["left"] = left
                ln.hint["right"] = page_right


def qn(tag: str) -> str:
    """``w:val`` -> ``{namespace}val`` (python-docx's ``qn``, imported late: fast start)."""
    from docx.oxml.ns import qn as _qn

    return _qn(tag)


# --- shared ----------------------------------------------------------------------------------


def join_broken(text: str) -> str:
    """Join the pieces of a line broken inside a paragraph (DOCX ``<w:br/>``): nothing between CJK,
    one space between Latin words."""
    if "\n" not in text:
        return text
    pieces = [p.strip() for p in text.split("\n")]
    out = pieces[0]
    for p in pieces[1:]:
        if not p:
            continue
        if out and _latin(out[-1]) and _latin(p[0]):
            out += " "
        out += p
    return out
