"""Parts of a document that are not body outline: the table of contents (no sections from it), annexes
(``附件1`` + title: the outline restarts inside), endnotes (``注释``/``名词解释``) and the closing block
(signature and date, ``抄送：``, ``附件：`` list, web-page residue) that ends the open sections.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from knowledge_base.model import Paragraph, Section, Span
from pipeline.outline.headings import DATE_LINE_RE, strip_offset
from pipeline.outline.numbering import HAN_DIGITS, SP, WS, clean_heading, numbered, ordinal_of

if TYPE_CHECKING:
    from pipeline.outline.tree import Builder

# ---- rules as data ---------------------------------------------------------------------------

ANNEX_RE = re.compile(rf"^(?:附件|附表|附录|附){SP}*(?P<n>[\d{HAN_DIGITS}]*){SP}*[.．:：]?{SP}*$")
ANNEX_LIST_RE = re.compile(  # 附件：1.某某 / 附件1.某某 (the list of annexes under the body), not 附件中的…
    rf"^附件{SP}*(?:[\d{HAN_DIGITS}]+{SP}*[.．:：、]?|[.．:：、]){SP}*\S"
)
NOTES_RE = re.compile(rf"^(?:注{SP}*释|名词解释|名词注释|注{SP}*解)$")  # endnotes of a report
TOC_RE = re.compile(rf"^目{SP}*录$")
# a contents line: dot leaders (not a 2-character …… ellipsis) or a wide gap, then the page number
TOC_LEADER_RE = re.compile(rf"(?:[.…·．⋯_]{{4,}}{SP}*\d{{0,4}}|{SP}{{4,}}\d{{1,4}}){SP}*$")
CLOSING_PREFIXES = ("抄送", "主送", "主题词", "（此件", "(此件", "附件：", "附件:", "附：", "附:")
# web-page residue after a text (相关报道：, （来源：青海日报）, 编辑：…): ends the open sections too
RESIDUE_PREFIXES = (
    "相关报道",
    "相关文档",
    "相关附件",
    "（来源：",
    "(来源：",
    "编辑：",
    "责任编辑",
    "扫一扫",
    "分享到",
)


# ---- table of contents, annexes, notes, closing block ----------------------------------------


def toc_entry(t: str) -> str:
    """A table-of-contents line without its dot leaders and page number: ``一、职能……3`` -> ``一、职能``."""
    return WS.sub("", TOC_LEADER_RE.sub("", t))


def toc_range(texts: list[str]) -> tuple[int, int] | None:
    """Paragraph indexes [first, end) of a table of contents: ``目录`` and the entries after it, up to
    where the body repeats the first entry (or the first line that is no entry: long, or a sentence,
    or a line without dot leaders after entries that all have them)."""
    for i, t in enumerate(texts):
        if TOC_RE.match(t.strip()):
            entries: list[str] = []
            j = i + 1
            while j < len(texts):
                e = toc_entry(texts[j])
                if entries and e == entries[0]:
                    return i, j  # the body starts where the first entry comes again
                leader = TOC_LEADER_RE.search(texts[j])
                if not leader and (len(e) > 40 or "。" in e):
                    break
                if (
                    not leader
                    and len(entries) >= 2
                    and all(TOC_LEADER_RE.search(t) for t in texts[i + 1 : j])
                ):
                    break  # entries with dot leaders, then a line without: the body's first title

                entries.append(e)
                j += 1
            return i, j
    return None


def notes_head(i: int, p: Paragraph, texts: list[str], b: Builder) -> Section | None:
    """``注释`` / ``名词解释`` on a line of its own: the endnotes of a report, a part of its own."""
    t = texts[i]
    if not NOTES_RE.match(t.strip()):
        return None
    start = p.span.start + strip_offset(t)
    end = start + len(t.strip())
    return Section(
        id=b.unique(f"n{sum(1 for s in b.sections if s.style == 'notes') + 1}"),
        level=1,
        number="",
        heading=clean_heading(t),
        span=Span(start, len(b.text)),
        heading_span=Span(start, end),
        parent=None,
        style="notes",
        ordinal=None,
    )


def annex_head(i: int, p: Paragraph, texts: list[str], b: Builder) -> tuple[Section, int] | None:
    """``附件1`` (+ up to three title lines): the annex section and the index of the paragraph after
    its title."""
    t = texts[i]
    m = ANNEX_RE.match(t.strip())
    if not m:
        return None
    lead = strip_offset(t)
    start = p.span.start + lead
    number = t.strip().rstrip(":：").rstrip()
    ordinal = ordinal_of(m.group("n")) if m.group("n") else None
    # the annex's title: up to three short lines after the marker
    parts: list[str] = []
    end = start + len(t.strip())
    j = i + 1
    while j < len(texts) and len(parts) < 3:
        s = texts[j].strip()
        if (
            not s
            or len(s) > 40
            or any(c in "。；，：:\t" for c in s)
            or numbered(s)
            or ANNEX_RE.match(s)
            or b.doc.paragraphs[j].kind == "table_row"
        ):
            break
        parts.append(s)
        end = b.doc.paragraphs[j].span.start + strip_offset(texts[j]) + len(s)
        j += 1
    k = ordinal if ordinal is not None else sum(1 for s in b.sections if s.style == "annex") + 1
    sid = b.unique(f"a{k}")
    sec = Section(
        id=sid,
        level=1,
        number=number,
        heading=clean_heading("".join(parts)),
        span=Span(start, len(b.text)),
        heading_span=Span(start, end),
        parent=None,
        style="annex",
        ordinal=ordinal,
    )
    return sec, j


def is_closing(i: int, texts: list[str]) -> int | None:
    """If paragraph ``i`` starts the closing block, the index where the block starts (the
    signature line before a date line), else None."""
    s = texts[i].strip()
    if s.startswith(CLOSING_PREFIXES + RESIDUE_PREFIXES) or ANNEX_LIST_RE.match(s):
        return i
    if DATE_LINE_RE.match(s):
        if i > 0:
            prev = texts[i - 1].strip()
            if 0 < len(prev) <= 30 and not any(c in "。；，：:" for c in prev) and not numbered(prev):
                return i - 1
        return i
    return None
