"""Headings at a paragraph start, before they are placed in the tree: numbered ones (with the
heading that runs on into the first sentence) and unnumbered ones (headline paragraphs, ``——`` dash
paragraphs, Markdown/DOCX/PDF heading paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge_base.model import Document, Paragraph
from pipeline.outline.numbering import NEXT_ARABIC_RE, SP, YISHI_RE, numbered, ordinal_of, run_in

if TYPE_CHECKING:
    from pipeline.outline.tree import Builder

# ---- rules as data ---------------------------------------------------------------------------

HEADLINE_MAX = 24  # unnumbered headline paragraphs are at most this long
HEADLINE_RELAXED_MAX = 30  # …and at most this long when they hold one comma (in a series only)
HEADLINE_RELAXED_COMMAS = 2
HEADLINE_SERIES = 3  # that many comma headlines…
HEADLINE_SERIES_WINDOW = 8  # …within this many paragraphs of each other
HEADLINE_NOT_END = (
    "以下工作",
    "如下",
    "以下几个方面",
    "以下几点",
)  # an announcement of a list, not a headline
HEADLINE_FORBIDDEN = "，,；;：:！!？?《》\t"
HEADLINE_AFTER = "。！？!?；;：:”’）)"  # a headline follows a finished sentence (or a heading)
NOT_A_START = ("——", "是", "：", ":", "，", "、", "的")  # …nor is it followed by the rest of a sentence
ARTICLE_STYLES = {"article"}  # untitled items: the first sentence is body text, not a heading
UNNUMBERED_STYLES = {"headline", "dash", "md"}
DATE_LINE_RE = re.compile(
    rf"^[\d〇○Ｏ零一二三四五六七八九]{{4}}{SP}*年{SP}*[\d一二三四五六七八九十]{{1,2}}{SP}*月"
    rf"{SP}*[\d一二三四五六七八九十]{{1,3}}{SP}*日(?:{SP}*印发)?$"
)


@dataclass
class Head:
    """A heading found at a paragraph start (before it is placed in the tree)."""

    style: str
    key: str  # style key for level assignment (decimal depth, Markdown level)
    number: str
    ordinal: int | None
    heading: str
    start: int  # offset of the number (or the heading) in doc.text
    heading_end: int
    para: int  # paragraph index


def is_table_row(p: Paragraph, text: str) -> bool:
    return p.kind == "table_row" or "\t" in text


def strip_offset(t: str) -> int:
    return len(t) - len(t.lstrip())


def numbered_head(
    i: int, p: Paragraph, t: str, found: tuple[str, str, re.Match[str]] | None = None
) -> Head | None:
    lead = strip_offset(t)
    body = t[lead:]
    found = found or numbered(body)
    if not found:
        return None
    style, key, m = found
    number_raw = m.group(0)
    n = m.group("n") if m.group("n") is not None else (m.groupdict().get("n2") or "")
    rest = body[m.end() :]
    if not rest.strip() and style not in ("chapter", "part", "jie"):
        return None
    start = p.span.start + lead
    number = number_raw.strip()
    after = start + m.end()
    if style in ARTICLE_STYLES:
        heading, hlen = "", 0
    elif style in ("chapter", "part", "jie"):
        raw = rest.strip().rstrip("。")
        heading, hlen = raw, len(rest.rstrip().rstrip("。"))
    else:
        heading, hlen = run_in(rest)
    number_end = start + len(number_raw.rstrip())
    if style == "decimal":
        n = re.split(r"[.．]", n)[-1]  # 1.2.3 -> 3: the path gives the rest
    return Head(style, key, number, ordinal_of(n), heading, start, max(after + hlen, number_end), i)


def next_in_list(i: int, p: Paragraph, t: str, b: Builder) -> Head | None:
    """``21.5+2就业之家`` right after ``20.…``: a number followed by digits is the next item of an open
    ``1.`` list when it continues the count (alone it would be an amount such as ``1.5万亿元``)."""
    m = NEXT_ARABIC_RE.match(t.strip())
    if not m:
        return None
    open_arabic = [o.section for o in b.ctx.stack if o.key == "arabic"]
    if not open_arabic or open_arabic[-1].ordinal != int(m.group("n")) - 1:
        return None
    return numbered_head(i, p, t, ("arabic", "arabic", m))


def headline_shape(s: str, relaxed: bool = False) -> bool:
    """A short paragraph that reads as a headline: ``生态底色更加亮丽。``; relaxed, one that may hold a
    comma (``聚焦陆海统筹，加快再造一个“海上海南”。``), accepted only in a series (see ``outline``)."""
    core = s.rstrip("。")
    forbidden = HEADLINE_FORBIDDEN.replace("，", "") if relaxed else HEADLINE_FORBIDDEN
    limit = HEADLINE_RELAXED_MAX if relaxed else HEADLINE_MAX
    if not (4 <= len(core) <= limit) or any(c in forbidden for c in core) or "。" in core:
        return False
    if relaxed and core.count("，") > HEADLINE_RELAXED_COMMAS:
        return False
    return not (
        DATE_LINE_RE.match(core)
        or core[0].isdigit()
        or YISHI_RE.match(core)
        or core.endswith(HEADLINE_NOT_END)
    )


def headline_context(i: int, texts: list[str], doc: Document) -> bool:
    """A headline follows a finished sentence and is followed by a longer paragraph of body text."""
    s = texts[i].strip()
    # a line cut out of a sentence (bold text in the original) is not a headline
    prev = texts[i - 1].strip() if i > 0 else ""
    if prev and prev[-1] not in HEADLINE_AFTER and not numbered(prev) and len(prev) > HEADLINE_MAX:
        return False
    nxt = texts[i + 1].strip() if i + 1 < len(texts) else ""
    if len(nxt) < max(40, 2 * len(s)) or "。" not in nxt or numbered(nxt) or nxt.startswith(NOT_A_START):
        return False
    if YISHI_RE.match(nxt):
        return False  # 一年来，我们重点做了以下工作。/ 一是…: an announcement, then the list
    return not (i + 1 < len(doc.paragraphs) and is_table_row(doc.paragraphs[i + 1], nxt))


def headline_series(texts: list[str], doc: Document) -> set[int]:
    """Paragraphs that are headlines with a comma: at least ``HEADLINE_SERIES`` of them close together
    (alternating with their body paragraphs), as bold lead lines are in work reports."""
    cands = [
        i
        for i, t in enumerate(texts)
        if "，" in t and headline_shape(t.strip(), relaxed=True) and headline_context(i, texts, doc)
    ]
    out = set()
    for i in cands:
        near = [j for j in cands if abs(j - i) <= HEADLINE_SERIES_WINDOW]
        if len(near) >= HEADLINE_SERIES:
            out.add(i)
    return out


def unnumbered_head(
    i: int, p: Paragraph, t: str, texts: list[str], doc: Document, series: set[int]
) -> Head | None:
    lead = strip_offset(t)
    s = t.strip()
    start = p.span.start + lead
    level = getattr(p, "level", None)
    if p.kind == "heading":
        return Head("md", f"md{level or 0}", "", None, s, start, start + len(s.rstrip("。")), i)
    if s.startswith("——") and len(s) > 4:
        heading, hlen = run_in(s[2:])
        return Head("dash", "dash", "——", None, heading, start, start + 2 + hlen, i)
    if i not in series and not (headline_shape(s) and headline_context(i, texts, doc)):
        return None
    core = s.rstrip("。")
    return Head("headline", "headline", "", None, core, start, start + len(core), i)
