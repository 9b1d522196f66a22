"""PDF reader (pdfplumber): one ``extract_words`` per page, words grouped into lines by position.

``page`` + ``line`` (1-based on the page, counted from the top, furniture included). Page furniture
(``— 1 —``, ``- 2 -``, ``第1页 共5页``, running headers or footers repeated on most pages) in the
top/bottom 10% of the page is dropped. A gap of more than two character widths inside a line
separates table cells (TAB, ``kind="table_row"``); a letter-spaced heading (``目   录``) is one word,
and so is a heading number set apart from its title (``第一部分   概况``). A ruled table (pdfplumber's
``find_tables``: at least two rows and two columns) makes every line inside it a ``table_row``, even a
row with one filled cell (``十、节能环保支出`` in a budget table is a row, not a heading), its cells those
of the table (a word that runs over a cell border is split there; a cell merged over several columns
is one cell).
A short centred line in larger type is marked as a heading (``hint["heading"] = 1``).
Each line carries its geometry (``x0``, ``x1``, ``top``, ``bottom``, ``size``) and the body margins
(``left``, ``right``) so that the normalizer can reflow lines into paragraphs. Spaces are put only
between Latin words, never next to CJK.

A file without ``%PDF``, a truncated or corrupt file, an encrypted one (password needed) or a scan
without a text layer raises ``ReadError``.
"""

from __future__ import annotations

import re
from pathlib import Path

from knowledge_base.model import RawDocument, RawLine, ReadError
from pipeline.read import latin_char

MIN_PDF_TEXT_CHARS = 20  # fewer characters in the whole text layer: a scan, OCR is needed
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
CID = re.compile(r"\(cid:\d+\)")  # a glyph without a Unicode mapping, as pdfminer writes it
UNMAPPED = re.compile("[\ue000-\uf8ff\ufffd]")
MAX_UNMAPPED_SHARE = 0.3  # more than this share of unmapped glyphs: the text layer is unusable
LINE_TOLERANCE = 0.5  # words whose vertical centres differ by less than this x font size share a line
HEADING_SIZE_RATIO = 1.25  # a centred line in type this much larger than the body is a heading
HEADING_MAX_CHARS = 40
PAGE_MARGIN_MIN_LINES = 3  # lines ending at the same x that make a page's own right margin
TABLE_MIN_ROWS = 2  # a ruled grid with fewer rows or columns is a frame, not a table
TABLE_MIN_COLUMNS = 2
CELL_TOLERANCE = 1.0  # points: a character this close outside a cell's border is still in the cell
# a heading number alone before a wide gap (第一部分   概况, 一、   主要职能) is no table cell
HEADING_NUMBER_CELL = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇\d]+(?:部分|篇|章|节)|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])$"
)


def read_pdf(path: Path) -> RawDocument:
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
                words = page.extract_words(extra_attrs=["size"], return_chars=True)
                if _doubled(words):  # shadowed or fake-bold text: every glyph drawn twice
                    page = page.dedupe_chars()
                    words = page.extract_words(extra_attrs=["size"], return_chars=True)
                tables = _tables(page)
                if tables:
                    words = _split_at_cells(words, tables)
                pages.append(_pdf_lines(words, pageno, float(page.width), tables))
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
    unmapped = unmapped_share(pg for page_lines in pages for pg in page_lines)
    if unmapped > MAX_UNMAPPED_SHARE:
        raise ReadError(
            path,
            f"unreadable text layer: {unmapped:.0%} of the characters have no Unicode mapping; OCR is needed",
        )
    lines = _drop_furniture(pages, heights)
    _add_margins(lines)
    _heading_hints(lines)
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


def unmapped_share(lines) -> float:
    """Share of characters that pdfminer could not map to Unicode: ``(cid:123)`` codes count as one
    character each, private-use code points and U+FFFD too."""
    total = bad = 0
    for ln in lines:
        text = ln.text
        cids = CID.findall(text)
        rest = CID.sub("", text)
        total += len(cids) + len(rest)
        bad += len(cids) + len(UNMAPPED.findall(rest))
    return bad / total if total else 0.0


def _doubled(words: list[dict]) -> bool:
    """Is some word made of doubled characters (台台州州市市)? Then the page draws glyphs twice."""
    for w in words:
        t = w["text"]
        if len(t) >= 6 and len(t) % 2 == 0 and t[::2] == t[1::2]:
            return True
    return False


def _short(e: BaseException) -> str:
    s = str(e).replace("\n", " ").strip()
    return (s[:120] + "…") if len(s) > 120 else (s or "unreadable")


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def _tables(page) -> list[tuple[Box, list[Box]]]:
    """The ruled tables of a page: (bbox, cell boxes), at least two rows and two columns."""
    try:
        found = page.find_tables()
    except Exception:  # a malformed drawing: read the page as text
        return []
    out = []
    for t in found:
        columns = {round(c[0], 1) for c in t.cells}
        if len(t.rows) >= TABLE_MIN_ROWS and len(columns) >= TABLE_MIN_COLUMNS:
            # smallest first: a point inside a merged cell and a cell drawn inside it is in the inner one
            cells = sorted((tuple(c) for c in t.cells), key=lambda c: (c[2] - c[0]) * (c[3] - c[1]))
            out.append((tuple(t.bbox), cells))
    return out


def _table_of(x0: float, x1: float, mid: float, tables) -> list[Box] | None:
    """The cells of the table that holds a word or line (by its vertical centre), if any."""
    for (tx0, ttop, tx1, tbottom), cells in tables:
        if ttop <= mid <= tbottom and x0 < tx1 and x1 > tx0:
            return cells
    return None


def _cell(x: float, y: float, cells: list[Box]) -> int:
    """Index of the (smallest) cell that holds the point; -1 when none does (a gap between cells)."""
    for i, (cx0, ctop, cx1, cbottom) in enumerate(cells):
        if (
            cx0 - CELL_TOLERANCE <= x <= cx1 + CELL_TOLERANCE
            and ctop - CELL_TOLERANCE <= y <= cbottom + CELL_TOLERANCE
        ):
            return i
    return -1


def _centre(w: dict) -> tuple[float, float]:
    return (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2


def _split_at_cells(words: list[dict], tables) -> list[dict]:
    """Cut a word that runs over a cell border of a table (``91,016,775.35一、一般公共服务支出``: a
    right-aligned amount and the next cell's text closer than a space) into one word per cell; a
    word inside a cell merged over several columns stays whole."""
    out = []
    for w in words:
        chars = w.get("chars")
        y = (w["top"] + w["bottom"]) / 2
        cells = _table_of(w["x0"], w["x1"], y, tables)
        if not cells or not chars or _cell(*_centre(chars[0]), cells) == _cell(*_centre(chars[-1]), cells):
            out.append(w)
            continue
        piece: list[dict] = []
        for c in chars:
            if piece and _cell(*_centre(c), cells) != _cell(*_centre(piece[0]), cells):
                out.append(_word(piece, w))
                piece = []
            piece.append(c)
        out.append(_word(piece, w))
    return out


def _word(chars: list[dict], like: dict) -> dict:
    return {
        **like,
        "chars": chars,
        "text": "".join(c["text"] for c in chars),
        "x0": chars[0]["x0"],
        "x1": chars[-1]["x1"],
    }


def _pdf_lines(words: list[dict], pageno: int, width: float, tables=()) -> list[RawLine]:
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
        mid = sum(w["top"] + w["bottom"] for w in g) / (2 * len(g))
        in_table = _table_of(g[0]["x0"], max(w["x1"] for w in g), mid, tables) if tables else None
        if in_table is not None:
            text, cells = _join_cells(g, in_table), 2  # a line of a ruled table is a row, even with one cell
        else:
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


def _join_cells(words: list[dict], cells: list[Box]) -> str:
    """A row of a ruled table: TAB where the next word is in another cell."""
    text = words[0]["text"]
    for prev, w in zip(words, words[1:], strict=False):
        if _cell(*_centre(w), cells) != _cell(*_centre(prev), cells):
            text += "\t"
        elif latin_char(prev["text"][-1]) and latin_char(w["text"][0]):
            text += " "
        text += w["text"]
    return text


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
        elif latin_char(prev["text"][-1]) and latin_char(w["text"][0]):
            seps.append(" ")
        else:
            seps.append("")
        parts.append(w["text"])
    # A letter-spaced heading ("目   录"): single CJK characters far apart are one word, not cells.
    if "\t" in seps and all(len(p) == 1 and not latin_char(p) for p in parts):
        seps = ["" for _ in seps]
    # A heading number set apart from its title (第一部分   概况): one heading, not two cells.
    if seps.count("\t") == 1 and seps[0] == "\t" and HEADING_NUMBER_CELL.match(parts[0]):
        seps[0] = ""
    text = parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=True))
    return text, seps.count("\t") + 1


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


def _heading_hints(lines: list[RawLine]) -> None:
    """A short centred line in type at least ``HEADING_SIZE_RATIO`` times the body size (a title, the
    page title of a budget report: ``名词解释``, ``2025年部门预算编制说明``) gets ``hint["heading"] = 1``."""
    chars: dict[float, int] = {}
    for ln in lines:
        if ln.kind == "text":
            chars[ln.hint["size"]] = chars.get(ln.hint["size"], 0) + len(ln.text)
    if not chars:
        return
    body = max(chars, key=lambda k: chars[k])
    for ln in lines:
        h = ln.hint
        t = ln.text.strip()
        if (
            ln.kind == "text"
            and h["size"] >= HEADING_SIZE_RATIO * body
            and len(t) <= HEADING_MAX_CHARS
            and "。" not in t
            and abs(h["x0"] - (h["pw"] - h["x1"])) < 2 * h["size"]  # centred on the page
        ):
            h["heading"] = 1


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
            # At least PAGE_MARGIN_MIN_LINES lines must end there: a table of contents whose longest
            # entry ends short of the margin has no margin of its own (its entries are not full lines).
            ends = [ln.hint["x1"] for ln in page_lines if ln.kind == "text"]
            own = max(ends, default=right)
            size = max((ln.hint["size"] for ln in page_lines), default=1.0)
            at_own = sum(1 for x in ends if x >= own - 0.5 * size)
            page_right = (
                own
                if left + 0.6 * (right - left) < own < right and at_own >= PAGE_MARGIN_MIN_LINES
                else right
            )
            for ln in page_lines:
                ln.hint["left"] = left
                ln.hint["right"] = page_right
