"""PDF lines -> paragraphs by layout (called by ``pipeline.normalize`` for PDF).

A line that reaches the right margin, or stops short only because the next line's first unbreakable
unit (a number, a Latin word, a character with the punctuation that may not start a line) did not fit,
continues into the next line, also across a page break, unless that line is indented; a line that ends
short ends the paragraph. A wrapped centred title in larger type, or a full-width title wrapped onto a
centred line, stays one paragraph. A table-of-contents line (dot leaders), a table row, a change of
type size or a wide vertical gap ends the paragraph.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pipeline.normalize import FULL_STOP, HEADING_START  # the sentence ends and item starts of every format

if TYPE_CHECKING:
    from pipeline.normalize import _Line

# --- rules as data ---------------------------------------------------------------------------

# PDF reflow, in units of the line's font size.
PDF_FULL_TOLERANCE = 1.2  # a line ending closer than this to the right margin reaches it
PDF_INDENT = 1.0  # a line starting further than this from the left margin is indented
LEADER = re.compile(r"(?:…{2,}|\.{4,}|·{4,}|．{4,})\s*\d*$")  # dot leaders of a table of contents
PDF_LINE_GAP = 1.2  # a larger vertical gap between two lines ends the paragraph
# The first unbreakable unit of a line (kinsoku): opening punctuation binds to what follows, closing
# punctuation to what precedes, and a run of Latin letters/digits to the character after it (2029年).
FIRST_UNIT = re.compile(
    r"(?:[“‘（《〔【「『(\[]*(?:[A-Za-z0-9.,%\-]+.?|.))(?:[“‘（《〔【「『(\[]+.)*[，。、；：！？）》”’〕】」』)\]]*"
)


# --- reflow ----------------------------------------------------------------------------------


def reflow_pdf(lines: list[_Line]) -> list[list[tuple[_Line, bool]]]:
    sizes = [ln.raw.hint["size"] for ln in lines if ln.kind == "text"]
    body = max(set(sizes), key=sizes.count) if sizes else 0.0
    groups: list[list[tuple[_Line, bool]]] = []
    for i, ln in enumerate(lines):
        if groups and _continues(lines[i - 1], ln, body):
            groups[-1].append((ln, False))
        else:
            groups.append([(ln, False)])
    return groups


def _continues(a: _Line, b: _Line, body: float) -> bool:
    """Does PDF line ``b`` continue the paragraph of the line ``a`` before it?"""
    if a.kind != "text" or b.kind != "text":
        return False
    if LEADER.search(a.text):
        return False  # a table-of-contents line
    if a.text[-1] in FULL_STOP and HEADING_START.match(b.text):
        return False  # a sentence ends, a numbered item begins
    ha, hb = a.raw.hint, b.raw.hint
    size = max(ha["size"], hb["size"], 1.0)
    if abs(ha["size"] - hb["size"]) > 0.15 * size:
        return False
    if a.raw.page == b.raw.page:
        if hb["top"] - ha["bottom"] > PDF_LINE_GAP * size or hb["top"] < ha["top"]:
            return False
    elif b.raw.page != (a.raw.page or 0) + 1:
        return False
    left, right = ha["left"], ha["right"]
    # The line reaches the right margin, or stops short only because the next line's first unbreakable
    # unit (a number, a Latin word, a character with the punctuation that may not start a line) did
    # not fit in the space left.
    room = right - ha["x1"]
    full = room <= PDF_FULL_TOLERANCE * size or room < _first_unit_width(b.text, hb["size"]) + 0.5 * size
    indented = hb["x0"] > left + PDF_INDENT * size
    if full and not indented:
        return True
    # A title as wide as the line, wrapped onto a centred second line (第三部分…决算 / 情况说明): body
    # text never ends its paragraph on a centred line.
    if full and _centred(hb, size) and "。" not in a.text and b.text[-1] not in "。；":
        return True
    # A wrapped centred title in larger type: both lines centred (or the first one full).
    if ha["size"] > body * 1.1 and a.raw.page == b.raw.page and b.text[-1] not in "。；":
        return (full or _centred(ha, size)) and _centred(hb, size)
    return False


def _first_unit_width(text: str, size: float) -> float:
    """Estimated width of the first unbreakable unit of a line: Latin/digit characters are about
    half as wide as a CJK character."""
    m = FIRST_UNIT.match(text)
    unit = m.group(0) if m else text[:1]
    return sum(0.55 * size if c.isascii() else size for c in unit)


def _centred(h: dict, size: float) -> bool:
    lgap, rgap = h["x0"] - h["left"], h["right"] - h["x1"]
    return lgap > PDF_INDENT * size and abs(lgap - rgap) < 2 * size
