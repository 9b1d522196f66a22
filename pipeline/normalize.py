"""RawDocument -> Document: one canonical text, paragraphs with spans and sources, an offset map.

What normalization does (the same for every format, so TXT, DOCX and PDF of one policy agree):

* **Lines to paragraphs.** TXT/Markdown: a non-blank line is a paragraph, except where a paragraph
  was split by a page break in the source: a paragraph that ends without sentence-final punctuation
  (``TERMINAL``), followed after blank line(s) by one that does not start like a heading, list item
  or date, is joined to it (``优化升`` / blank / ``级全覆盖`` -> ``优化升级全覆盖``); each such join is
  recorded in ``Document.repairs`` (so that lint can report it). A line ending in ``，`` or ``、``
  followed directly by another line is a hard wrap and is joined too. PDF: lines are reflowed by
  layout — a line that reaches the right margin continues into the next line (also across a page
  break) unless that one is indented; a line that ends short ends the paragraph; a wrapped centred
  title (larger type, or a full line wrapped onto a centred one) stays one paragraph (the rules are
  in ``pipeline.reflow_pdf``). DOCX: a paragraph is a paragraph; table rows stay rows.
* **Characters.** Full-width digits and Latin letters folded to ASCII (``２０２５`` -> ``2025``),
  U+3000 and no-break spaces folded to a space; zero-width characters removed; quotes and
  punctuation kept exactly as written (``“〞（)`` etc.). Spaces next to a CJK character or CJK
  punctuation removed (``到 2025 年`` -> ``到2025年``), a single space kept between Latin words;
  a number cut by a line end inside Chinese text is joined without a space (``1`` / ``0亿元`` ->
  ``10亿元``).
  Markdown ``#`` markers stripped (the level is kept: ``Paragraph.kind == "heading"``,
  ``Paragraph.level``), horizontal rules (``---``) and blank lines dropped.
* **Offsets.** ``Document.text`` is the paragraphs joined by ``"\\n"``. Every source line that
  contributes to a paragraph gets an ``Anchor`` at its offset, so ``Document.source_at(offset)``
  gives the page and line of any character; ``Document.source_text`` keeps the lines as read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from knowledge_base.model import Anchor, Document, Paragraph, RawDocument, RawLine, Source, Span

# --- rules as data ---------------------------------------------------------------------------

# A paragraph ending in one of these is complete (not cut by a page break).
TERMINAL = set("。；！？：…”’）」』】》〕〉)]!?;:")
FULL_STOP = set("。；！？：!?;:")
# A short line ending like this is complete even without punctuation: a document number, or a
# title ending in the name of a document type (……的通知, ……行动方案（2025-2029年）).
NOT_WRAPPED = re.compile(
    r"[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号$"
    r"|(?:通知|意见|办法|方案|决定|规定|细则|报告|批复|公告|通告|纲要|规划|计划|条例|函)(?:[（(][^）)]*[）)])?$"
)
# A document number on a line of its own (国办发〔2018〕126号).
DOC_NUMBER_LINE = re.compile(r"^\S{1,12}[〔\[［(（]\d{4}[〕\]］)）]\s*\d+\s*号$")
# A line ending in one of these, followed directly by another line, continues into it (hard wrap).
SOFT_WRAP = set("，、")
# The start of a heading, list item or numbered paragraph: never glued to the paragraph before it.
HEADING_START = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条部分篇]"
    r"|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十百\d]+[）)]"
    r"|\d{1,3}[.．、](?!\d)"
    r"|[①-⑳⑴-⒇㈠-㈩]"
    r"|[一二三四五六七八九十]是"
    r"|附件|附表|抄送|——)"
)
# Hard-wrapped TXT (display width, CJK = 2): detected when this share of at least this many lines
# have the most common width (at least WRAP_MIN_WIDTH, at most WRAP_MAX_WIDTH), give or take the slack.
WRAP_MIN_LINES = 20
WRAP_MAX_OVER = 0.05  # share of lines allowed to be longer than the width (stray long lines)
WRAP_MIN_WIDTH = 20
WRAP_MAX_WIDTH = 200
WRAP_SLACK = 4  # a line at most two CJK characters short of the width is full (kinsoku, digits)
WRAP_MIN_SHARE = 0.4
RUNNING_MIN_CHARS = 40  # a paragraph at least this long before a blank-line split was cut by a page break
HEADING_MAX_CHARS = 30  # a numbered line this short without 。 is a heading, not a broken sentence
# A date on a line of its own (signature date, 印发 date): never glued to what comes before or after.
DATE_LINE = re.compile(r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")
# A horizontal rule: three or more of one rule character, nothing else.
RULE_LINE = re.compile(r"^\s*([-—_*=─━~])(?:\s*\1){2,}\s*$")
# A printed page number on a line of its own in a TXT (text copied from a PDF): — 12 —, - 3 -, 第2页.
PAGE_NUMBER_LINE = re.compile(
    r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?)\s*$"
)
MD_HEADING_MARKS = re.compile(r"^\s{0,3}#{1,6}\s*|\s+#+\s*$")
MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")

# Characters folded 1:1 (offsets within a line do not move).
FOLD = {
    **{0xFF10 + i: 0x30 + i for i in range(10)},  # ０-９
    **{0xFF21 + i: 0x41 + i for i in range(26)},  # Ａ-Ｚ
    **{0xFF41 + i: 0x61 + i for i in range(26)},  # ａ-ｚ
    0x3000: 0x20,  # ideographic space
    0x00A0: 0x20,  # no-break space
    0x2002: 0x20,
    0x2003: 0x20,
    0x2009: 0x20,
    0x202F: 0x20,
}
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# CJK ideographs, kana, CJK and full-width punctuation, and the punctuation Chinese text uses
# inside sentences (— … “” ‘’ ·): spaces next to any of these are artefacts.
CJK = (
    "\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3200-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u00b7"
    "\U00020000-\U0002ffff"
)
SPACE_NEXT_TO_CJK = re.compile(f"(?<=[{CJK}]) +| +(?=[{CJK}])")
SPACES = re.compile(r" {2,}")
# A number cut by a line end: its digits before and after the break (with , and . inside).
NUMBER_TAIL = re.compile(r"[\d.,]*\d$")
NUMBER_HEAD = re.compile(r"\d[\d.,]*")


# --- entry point -----------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    raw: RawLine
    kind: str  # "text" | "table_row"
    level: int | None = None
    blanks_before: int = 0
    rule_before: bool = False


def normalize(raw: RawDocument) -> Document:
    """Turn the reader's lines into one canonical text with paragraphs, anchors and repairs."""
    lines = _clean_lines(raw)
    if raw.format == "pdf":
        from pipeline.reflow_pdf import reflow_pdf

        groups = reflow_pdf(lines)
    elif raw.format == "docx":
        groups = [[(ln, False)] for ln in lines]
    elif raw.format == "md":
        groups = _markdown_blocks(lines)
    else:
        groups = _join_text_lines(lines)

    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    anchors: list[Anchor] = []
    repairs: list[Span] = []
    pos = 0
    for group in groups:
        if parts:
            pos += 1  # the "\n" between paragraphs
        start = pos
        text = ""
        for i, (ln, repaired) in enumerate(group):
            if i:
                sep = _join_sep(text, ln.text)
                if repaired:
                    repairs.append(Span(start + len(text) - 1, start + len(text) + len(sep) + 1))
                text += sep
            anchors.append(Anchor(start + len(text), ln.raw.page, ln.raw.line))
            text += ln.text
        first = group[0][0]
        kind = "heading" if first.level else first.kind
        paragraphs.append(
            Paragraph(
                Span(start, start + len(text)),
                Source(raw.path, first.raw.page, first.raw.line),
                kind=kind,
                level=first.level,
            )
        )
        parts.append(text)
        pos = start + len(text)
    return Document(
        id="",
        path=raw.path,
        format=raw.format,
        text="\n".join(parts),
        paragraphs=paragraphs,
        anchors=anchors,
        source_text="\n".join(ln.text for ln in raw.lines),
        repairs=repairs,
    )


# --- characters ------------------------------------------------------------------------------


def clean_text(s: str) -> str:
    """Fold widths, drop zero-width characters, remove spaces next to CJK, collapse other spaces."""
    s = ZERO_WIDTH.sub("", s).translate(FOLD).replace("\t", " ")
    s = SPACE_NEXT_TO_CJK.sub("", s)
    return SPACES.sub(" ", s).strip()


def _clean_lines(raw: RawDocument) -> list[_Line]:
    out: list[_Line] = []
    blanks = 0
    rule = False
    markdownish = raw.format in ("txt", "md")
    for ln in raw.lines:
        t = ln.text
        if ln.kind == "blank" or not t.strip():
            blanks += 1
            continue
        if RULE_LINE.match(t):
            rule = True
            continue
        if markdownish and PAGE_NUMBER_LINE.match(t):
            blanks += 1  # a page number left in text copied from a printed page: a page break
            continue
        level = None
        if markdownish and ln.hint.get("heading"):
            level = int(ln.hint["heading"])
            t = MD_HEADING_MARKS.sub("", t)
        elif raw.format in ("docx", "pdf") and ln.hint.get("heading"):
            level = int(ln.hint["heading"])
        if raw.format == "md":
            t = MD_EMPHASIS.sub(r"\2", t)
        if ln.kind == "table_row":
            cells = t.strip().strip("|").split("|") if ln.hint.get("md_table") else t.split("\t")
            t = "\t".join(clean_text(c) for c in cells)
            if not t.strip():
                blanks += 1
                continue
        else:
            t = clean_text(t)
            if not t:
                blanks += 1
                continue
        out.append(_Line(t, ln, ln.kind, level, blanks, rule))
        blanks = 0
        rule = False
    return out


def _latin(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _join_sep(before: str, after: str) -> str:
    """What goes between two lines joined into one paragraph: a space between Latin words
    (``AI`` / ``PC``), nothing else — also not inside a number cut at the line end (``达到1`` /
    ``20亿元`` -> ``达到120亿元``): digits on both sides, and CJK before or after the number."""
    if not (_latin(before[-1]) and _latin(after[0])):
        return ""
    if before[-1].isdigit() and after[0].isdigit():
        head = NUMBER_TAIL.search(before)
        tail = NUMBER_HEAD.match(after)
        prev = before[head.start() - 1] if head and head.start() else ""
        nxt = after[tail.end()] if tail and tail.end() < len(after) else ""
        if (prev and not prev.isascii()) or (nxt and not nxt.isascii()):
            return ""
    return " "


# --- TXT / Markdown: page-break repair -------------------------------------------------------


def _heading_like(ln: _Line) -> bool:
    if ln.level:
        return True
    t = ln.text
    return bool(HEADING_START.match(t)) and len(t) <= HEADING_MAX_CHARS and "。" not in t


def _starts_block(ln: _Line) -> bool:
    return bool(
        ln.level or HEADING_START.match(ln.text) or DATE_LINE.match(ln.text) or DOC_NUMBER_LINE.match(ln.text)
    )


def _blank_line_split(group: list[tuple[_Line, bool]], b: _Line) -> str | None:
    """``"page"``: a running paragraph cut at the foot of a page (long, or with 。，； before the cut);
    ``"wrap"``: a title wrapped over short lines (short on both sides, no full stop);
    None: a short title before the body, not to be joined."""
    before = "".join(ln.text for ln, _ in group)
    if len(before) >= RUNNING_MIN_CHARS or any(c in before for c in "，。；"):
        return "page"  # running text (a title has no commas or full stops)
    if (
        len(b.text) < RUNNING_MIN_CHARS
        and b.text[-1] not in FULL_STOP
        and not NOT_WRAPPED.search(group[-1][0].text)
    ):
        return "wrap"
    return None


def _display_width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _hard_wrap_width(lines: list[_Line]) -> int | None:
    """The line width of a TXT whose paragraphs are hard-wrapped (text copied from a printed page,
    ``pdftotext``): most lines have the same display width (CJK counts 2). None for a file with one
    paragraph per line, whose line lengths vary freely."""
    widths = [_display_width(ln.raw.text.strip()) for ln in lines if ln.kind == "text" and not ln.level]
    if len(widths) < WRAP_MIN_LINES:
        return None
    common = [w for w in widths if w >= WRAP_MIN_WIDTH]
    if not common:
        return None
    width = max(set(common), key=common.count)
    near = sum(1 for w in widths if width - WRAP_SLACK <= w <= width + WRAP_SLACK // 2)
    over = sum(1 for w in widths if w > width + WRAP_SLACK // 2)  # a wrapped file has no longer lines
    return (
        width
        if width <= WRAP_MAX_WIDTH
        and near >= WRAP_MIN_SHARE * len(widths)
        and over <= WRAP_MAX_OVER * len(widths)
        else None
    )


def _join_text_lines(lines: list[_Line]) -> list[list[tuple[_Line, bool]]]:
    groups: list[list[tuple[_Line, bool]]] = []
    wrap = _hard_wrap_width(lines)
    for ln in lines:
        if groups:
            prev = groups[-1][-1][0]
            head = groups[-1][0][0]
            can = (
                prev.kind == "text"
                and ln.kind == "text"
                and not ln.rule_before
                and prev.text[-1] not in TERMINAL
                and not (len(groups[-1]) == 1 and _heading_like(head))
                and not DATE_LINE.match(prev.text)
                and not _starts_block(ln)
            )
            split = _blank_line_split(groups[-1], ln) if can and ln.blanks_before else None
            if split:
                groups[-1].append((ln, split == "page"))  # a page-break split is recorded as a repair
                continue
            if can and prev.text[-1] in SOFT_WRAP:
                groups[-1].append((ln, False))  # a hard wrap inside a sentence
                continue
            if (
                wrap
                and not ln.blanks_before
                and not ln.rule_before
                and prev.kind == ln.kind == "text"
                and not prev.level
                and not _starts_block(ln)
                and _display_width(prev.raw.text.strip()) >= wrap - WRAP_SLACK
            ):
                groups[-1].append((ln, False))  # a full line of a hard-wrapped file continues
                continue
        groups.append([(ln, False)])
    return groups


# --- Markdown: a paragraph is a block of lines between blank lines -------------------------


def _markdown_blocks(lines: list[_Line]) -> list[list[tuple[_Line, bool]]]:
    groups: list[list[tuple[_Line, bool]]] = []
    for ln in lines:
        prev = groups[-1][-1][0] if groups else None
        if (
            prev is not None
            and not ln.blanks_before
            and not ln.rule_before
            and prev.kind == ln.kind == "text"
            and not prev.level
            and not ln.level
        ):
            groups[-1].append((ln, False))
        else:
            groups.append([(ln, False)])
    return groups
