"""Outline of Chinese official documents -> ``Section`` tree with spans.

``outline(doc)`` fills ``doc.sections`` (document order, parents before children) and sets each
``Paragraph.section`` to the innermost section containing the paragraph's start.

What it recognises (the patterns are the tables below):

* numbered headings at a paragraph start: ``一、`` (style ``han``), ``（一）``/``(一)`` (``paren_han``),
  ``1.``/``1、``/``1．`` (``arabic``), ``（1）``/``(1)`` (``paren_arabic``), ``①`` (``circled``),
  ``第一章`` (``chapter``), ``第一节`` (``jie``), ``第一部分`` (``part``), ``第一条`` (``article``) and decimal
  outlines ``1　总则`` / ``1.1　…`` / ``5.1.2 …`` (``decimal``);
* headings that run on into their first sentence: ``（一）指导思想。以…`` -> heading ``指导思想``; the
  body text belongs to the section. A first sentence longer than ``HEADING_MAX`` characters gives an
  untitled item (heading ``""``); articles (``第一条``) are always untitled;
* inline enumerations ``一是…二是…`` (style ``yishi``): sections inside a paragraph, from ``一是`` to
  just before ``二是``; the enumeration may continue in the following paragraphs; the last item
  ends with its paragraph. ``一是`` alone (no ``二是`` after it) is not an enumeration;
* unnumbered headings once a numbered outline has started: short headline paragraphs followed by a
  long paragraph (``生态底色更加亮丽。``, style ``headline``), ``——`` dash paragraphs (``dash``) and
  Markdown/DOCX heading paragraphs without a number (``md``);
* ``附件``/``附件1``/``附表2``/``附录``/``附：`` on a line of its own starts an annex (style ``annex``, level 1, id ``a1``);
  the outline restarts inside it: its headings are children of the annex, never of the last body
  section;
* ``注释`` / ``名词解释`` on a line of its own starts the endnotes of a report (style ``notes``, id ``n1``),
  a part of its own like an annex;
* a table of contents (``目　　录`` and the headings repeated) makes no sections;
* the closing block (signature and date, ``抄送：``, ``（此件公开发布）``, ``附件：`` list) and web-page
  residue (``相关报道：``, ``（来源：青海日报）``) end the open sections; a numbering that restarts at 1 after it (a notice, then the plan it transmits) opens a new
  part whose ids start with ``p2.``.

Levels come from the order in which numbering styles first appear (the first style under a parent is
one level below it, as in real documents), not from a fixed table; the numbering style always wins
over a Markdown/DOCX heading level (``## （二）`` is still a sibling of ``（一）``). Numbers are recorded
as written — gaps, repeats and level mix-ups are left for lint to report.

Ids derive from the section path of numbers: ``s1`` (一、), ``s1.2`` (its （二）), ``s1.2.y3`` (三是 in
it), ``s2.h1`` (first unnumbered headline under 二、), ``a1.1`` (一、 in 附件1), ``p2.1`` (一、 after a
restart). A repeated number gets ``~2``, ``~3``… so ids are unique and the same on every rebuild.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from knowledge_base.model import Document, Paragraph, Section, Span

# ---- rules as data -------------------------------------------------------------------------------

HAN_DIGITS = "一二三四五六七八九十百零〇"
_SP = r"[ \t\u3000\u00a0]"
# units / date words after a bare number: ``2025 年``, ``30 万元`` are numbers, not a ``1　总则`` outline
UNIT_CHARS = "年月日时分秒万亿千百元角个家项人户名次倍岁辆台套吨米度天周期批层级类%％‰号期届所座条件只头公平立兆克升微毫厘斤亩艘架株版"

# (style, pattern at paragraph start); group ``n`` is the number. Tried in order.
NUMBERED_STYLES: list[tuple[str, str]] = [
    ("chapter", rf"第(?P<n>[{HAN_DIGITS}\d]+)章"),
    ("part", rf"第(?P<n>[{HAN_DIGITS}\d]+)(?:部分|篇)"),
    ("jie", rf"第(?P<n>[{HAN_DIGITS}\d]+)节"),
    ("article", rf"第(?P<n>[{HAN_DIGITS}\d]+)条(?![、，,和至])"),
    ("paren_han", rf"[（(]{_SP}*(?P<n>[{HAN_DIGITS}]+){_SP}*[）)]"),
    ("paren_arabic", rf"[（(]{_SP}*(?P<n>\d{{1,3}}){_SP}*[）)]"),
    ("circled", r"(?P<n>[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])"),
    # 一、总体要求 / 一、一年接着一年干 ; not 一、二类 / 三、四线城市 (a list of numbers)
    ("han", rf"(?P<n>[{HAN_DIGITS}]+){_SP}*[、．.](?![{HAN_DIGITS}]+[、类级线等期批档])"),
    # 1.1　编制目的 / 5.1.2 … : two or more components, none zero or with a leading zero (2.0工程 is
    # a name, 1.5万亿元 an amount: a unit may not follow)
    ("decimal", rf"(?P<n>[1-9]\d?(?:[.．][1-9]\d?){{1,4}}){_SP}*(?=[^\d.．%％\sA-Za-z{UNIT_CHARS}])"),
    # 1.实行… / 4．2025年部门…预算表 ; not 1.5万亿元
    ("arabic", r"(?P<n>\d{1,3})" + _SP + r"*[.．、](?=(?:19|20)\d\d年|[^\d.．])"),
    # 1　总则 : one component, then a word (not a unit); only on a short title line (see DECIMAL1_MAX)
    ("decimal", rf"(?P<n>[1-9]\d?){_SP}*(?=[^\d\s.．、A-Za-z%％{UNIT_CHARS}])"),
]
_NUMBERED = [(s, re.compile(p)) for s, p in NUMBERED_STYLES]
# 21.5+2就业之家 : digits after the dot; a list item only when it continues an open 1. list (20. before)
NEXT_ARABIC_RE = re.compile(r"(?P<n>\d{1,3})[.．](?=\d)")

YISHI_RE = re.compile(
    rf"(?:(?<=^)|(?<=[。；：，！？、\s（(“]))(?P<n>[{HAN_DIGITS}]{{1,3}})是(?=[^\d，。；]|$)"
)
ANNEX_RE = re.compile(rf"^(?:附件|附表|附录|附){_SP}*(?P<n>[\d{HAN_DIGITS}]*){_SP}*[.．:：]?{_SP}*$")
ANNEX_LIST_RE = re.compile(  # 附件：1.某某 / 附件1.某某 (the list of annexes under the body), not 附件中的…
    rf"^附件{_SP}*(?:[\d{HAN_DIGITS}]+{_SP}*[.．:：、]?|[.．:：、]){_SP}*\S"
)
NOTES_RE = re.compile(rf"^(?:注{_SP}*释|名词解释|名词注释|注{_SP}*解)$")  # endnotes of a report
TOC_RE = re.compile(rf"^目{_SP}*录$")
# a contents line: dot leaders (not a 2-character …… ellipsis) or a wide gap, then the page number
TOC_LEADER_RE = re.compile(rf"(?:[.…·．⋯_]{{4,}}{_SP}*\d{{0,4}}|{_SP}{{4,}}\d{{1,4}}){_SP}*$")
DATE_LINE_RE = re.compile(
    rf"^[\d〇○Ｏ零一二三四五六七八九]{{4}}{_SP}*年{_SP}*[\d一二三四五六七八九十]{{1,2}}{_SP}*月"
    rf"{_SP}*[\d一二三四五六七八九十]{{1,3}}{_SP}*日(?:{_SP}*印发)?$"
)
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
SENTENCE_END = "。；！？：;!?:"
DECIMAL1_MAX = 30  # ``1总则``: a one-component decimal heading is a short title line of its own
HEADING_MAX = 60  # a run-in heading longer than this is body text: the item is untitled
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

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_WS = re.compile(r"\s+")
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")


# ---- numbers --------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def ordinal_of(number: str) -> int | None:
    """The value of an outline number as written: ``一`` -> 1, ``十二`` -> 12, ``3`` -> 3, ``③`` -> 3."""
    n = number.translate(_FULLWIDTH_DIGITS).strip()
    if not n:
        return None
    if n.isdigit():
        return int(n)
    if len(n) == 1 and "①" <= n <= "⑳":
        return ord(n) - ord("①") + 1
    import cn2an

    try:
        return int(cn2an.cn2an(n, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def clean_heading(s: str) -> str:
    """Heading text as a person would write it: letter-spacing between CJK characters removed,
    trailing sentence punctuation dropped."""
    s = _CJK_GAP.sub("", s.strip())
    s = _WS.sub(" ", s)
    return s.rstrip("。；;，,：:").strip()


# ---- heading recognition -----------------------------------------------------------------------


@dataclass
class _Head:
    """A heading found at a paragraph start (before it is placed in the tree)."""

    style: str
    key: str  # style key for level assignment (decimal depth, Markdown level)
    number: str
    ordinal: int | None
    heading: str
    start: int  # offset of the number (or the heading) in doc.text
    heading_end: int
    para: int  # paragraph index


def _title_line(t: str) -> bool:
    s = t.strip()
    return len(s) <= DECIMAL1_MAX and not any(c in s for c in "。，；：,;:")


def numbering(text: str) -> tuple[str, str] | None:
    """The numbering style and the number as written at the start of a paragraph, if any:
    ``（一）指导思想。`` -> ``("paren_han", "（一）")``; ``1.5万亿元`` -> None."""
    found = _numbered(text.strip())
    return (found[0], found[2].group(0).strip()) if found else None


def _numbered(text: str) -> tuple[str, str, re.Match[str]] | None:
    probe = text[:80].translate(_FULLWIDTH_DIGITS)  # numbers are at the start; 1:1 characters
    for style, rx in _NUMBERED:
        m = rx.match(probe)
        if not m:
            continue
        n = m.group("n") if m.group("n") is not None else (m.groupdict().get("n2") or "")
        key = style
        if style == "decimal":
            depth = n.count(".") + n.count("．") + 1
            if depth == 1 and not _title_line(text):
                continue
            key = f"decimal{depth}"
        return style, key, m
    return None


def _run_in(rest: str) -> tuple[str, int]:
    """Heading of a numbered paragraph from the text after its number: the whole text when it is
    one short sentence, else its first sentence. Returns (raw heading, its length in ``rest``)."""
    i = 0
    while i < len(rest) and rest[i] in " \t\u3000\u00a0":
        i += 1
    end = len(rest)
    for j in range(i, len(rest)):
        if rest[j] in SENTENCE_END:
            end = j
            break
    raw = rest[i:end].rstrip()
    if not raw or len(raw) > HEADING_MAX:
        return "", 0
    return raw, i + len(raw)


def _is_table_row(p: Paragraph, text: str) -> bool:
    return p.kind == "table_row" or "\t" in text


# ---- the tree builder ------------------------------------------------------------------------------


@dataclass
class _Open:
    section: Section
    key: str


@dataclass
class _Context:
    prefix: str  # id prefix for top-level sections: "s", "p2.", or the annex id + "."
    root: Section | None = None  # the annex section, or None
    stack: list[_Open] = field(default_factory=list)
    seen_level: dict[str, int] = field(default_factory=dict)  # style key -> relative level first seen
    started: bool = False  # a numbered heading was seen since the context opened / last closing
    has_sections: bool = False
    last_top: Section | None = None
    closed: bool = False  # a closing block (signature, 抄送…) came after the last heading


class _Builder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self.sections: list[Section] = []
        self.ids: set[str] = set()
        self.part = 1
        self.ctx = _Context(prefix="s")
        self.sibling_count: dict[tuple[str | None, str], int] = {}

    # -- ids --
    def _unique(self, sid: str) -> str:
        if sid not in self.ids:
            self.ids.add(sid)
            return sid
        k = 2
        while f"{sid}~{k}" in self.ids:
            k += 1
        self.ids.add(f"{sid}~{k}")
        return f"{sid}~{k}"

    def _component(self, parent: str | None, style: str, ordinal: int | None) -> str:
        if style in UNNUMBERED_STYLES:
            k = self.sibling_count.get((parent, style), 0) + 1
            self.sibling_count[(parent, style)] = k
            return f"h{k}"
        if style == "yishi":
            return f"y{ordinal}"
        return str(ordinal) if ordinal is not None else "x"

    def make_id(self, parent: Section | None, style: str, ordinal: int | None) -> str:
        comp = self._component(parent.id if parent else None, style, ordinal)
        if parent is not None:
            return self._unique(f"{parent.id}.{comp}")
        return self._unique(f"{self.ctx.prefix}{comp}")

    # -- closing sections --
    def _end_at(self, sec: Section, pos: int) -> None:
        end = pos
        while end > sec.heading_span.end and self.text[end - 1].isspace():
            end -= 1
        sec.span = Span(sec.span.start, max(end, sec.heading_span.end))

    def pop_to(self, depth: int, pos: int) -> None:
        while len(self.ctx.stack) > depth:
            self._end_at(self.ctx.stack.pop().section, pos)

    def close_context(self, pos: int) -> None:
        """The closing block (signature, 抄送…): end every open section of the context."""
        self.pop_to(0, pos)
        self.ctx.started = False
        self.ctx.closed = True

    def new_part(self, pos: int) -> None:
        self.close_context(pos)
        if self.ctx.root is not None:
            self._end_at(self.ctx.root, pos)
        if self.ctx.has_sections or self.ctx.root is not None:
            self.part += 1
        prefix = "s" if self.part == 1 else f"p{self.part}."
        self.ctx = _Context(prefix=prefix)

    def open_annex(self, pos: int, sec: Section) -> None:
        self.new_part(pos)
        self.ctx = _Context(prefix=f"{sec.id}.", root=sec)
        self.sections.append(sec)

    # -- placing a heading --
    def place(self, h: _Head) -> Section:
        ctx = self.ctx
        depth = None
        for i in range(len(ctx.stack) - 1, -1, -1):
            if ctx.stack[i].key == h.key:
                depth = i
                break
        if depth is None:
            # a style seen before at level L comes back to L when the open section there has a style
            # that first appeared deeper (一、 … 1. … then （二） under a 一、 without （一）)
            seen = ctx.seen_level.get(h.key)
            if (
                h.style not in UNNUMBERED_STYLES
                and seen is not None
                and seen <= len(ctx.stack)
                and ctx.seen_level.get(ctx.stack[seen - 1].key, 0) > seen
            ):
                depth = seen - 1
            else:
                depth = len(ctx.stack)
        # a top-level numbering that starts again at 1 (no 附件 in between), or any outline after a
        # closing block that ended an outline (the notice's 一、二、, then the plan it issues): a new part
        restart = h.ordinal == 1 and ctx.last_top is not None and ctx.last_top.style == h.style
        if (
            depth == 0
            and ctx.root is None
            and h.style not in UNNUMBERED_STYLES
            and (restart or (ctx.closed and ctx.has_sections))
        ):
            self.new_part(self._para_start(h.para))
            ctx = self.ctx
        self.pop_to(depth, self._para_start(h.para))
        ctx.seen_level.setdefault(h.key, depth + 1)
        parent = ctx.stack[-1].section if ctx.stack else ctx.root
        base = ctx.root.level if ctx.root is not None else 0
        sec = Section(
            id=self.make_id(parent, h.style, h.ordinal),
            level=base + depth + 1,
            number=h.number,
            heading=clean_heading(h.heading),
            span=Span(h.start, len(self.text)),
            heading_span=Span(h.start, h.heading_end),
            parent=parent.id if parent else None,
            style=h.style,
            ordinal=h.ordinal,
        )
        ctx.stack.append(_Open(sec, h.key))
        ctx.has_sections = True
        if depth == 0:
            ctx.last_top = sec
        if h.style not in UNNUMBERED_STYLES:
            ctx.started = True
        self.sections.append(sec)
        return sec

    def _para_start(self, i: int) -> int:
        return self.doc.paragraphs[i].span.start

    def finish(self) -> None:
        self.pop_to(0, len(self.text))
        if self.ctx.root is not None:
            self._end_at(self.ctx.root, len(self.text))


def _para_texts(doc: Document) -> list[str]:
    return [p.span.of(doc.text) for p in doc.paragraphs]


def _strip_offset(t: str) -> int:
    return len(t) - len(t.lstrip())


def _numbered_head(
    i: int, p: Paragraph, t: str, found: tuple[str, str, re.Match[str]] | None = None
) -> _Head | None:
    lead = _strip_offset(t)
    body = t[lead:]
    found = found or _numbered(body)
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
        heading, hlen = _run_in(rest)
    number_end = start + len(number_raw.rstrip())
    if style == "decimal":
        n = re.split(r"[.．]", n)[-1]  # 1.2.3 -> 3: the path gives the rest
    return _Head(style, key, number, ordinal_of(n), heading, start, max(after + hlen, number_end), i)


def _next_in_list(i: int, p: Paragraph, t: str, b: _Builder) -> _Head | None:
    """``21.5+2就业之家`` right after ``20.…``: a number followed by digits is the next item of an open
    ``1.`` list when it continues the count (alone it would be an amount such as ``1.5万亿元``)."""
    m = NEXT_ARABIC_RE.match(t.strip())
    if not m:
        return None
    open_arabic = [o.section for o in b.ctx.stack if o.key == "arabic"]
    if not open_arabic or open_arabic[-1].ordinal != int(m.group("n")) - 1:
        return None
    return _numbered_head(i, p, t, ("arabic", "arabic", m))


def _headline_shape(s: str, relaxed: bool = False) -> bool:
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


def _headline_context(i: int, texts: list[str], doc: Document) -> bool:
    """A headline follows a finished sentence and is followed by a longer paragraph of body text."""
    s = texts[i].strip()
    # a line cut out of a sentence (bold text in the original) is not a headline
    prev = texts[i - 1].strip() if i > 0 else ""
    if prev and prev[-1] not in HEADLINE_AFTER and not _numbered(prev) and len(prev) > HEADLINE_MAX:
        return False
    nxt = texts[i + 1].strip() if i + 1 < len(texts) else ""
    if len(nxt) < max(40, 2 * len(s)) or "。" not in nxt or _numbered(nxt) or nxt.startswith(NOT_A_START):
        return False
    if YISHI_RE.match(nxt):
        return False  # 一年来，我们重点做了以下工作。/ 一是…: an announcement, then the list
    return not (i + 1 < len(doc.paragraphs) and _is_table_row(doc.paragraphs[i + 1], nxt))


def _headline_series(texts: list[str], doc: Document) -> set[int]:
    """Paragraphs that are headlines with a comma: at least ``HEADLINE_SERIES`` of them close together
    (alternating with their body paragraphs), as bold lead lines are in work reports."""
    cands = [
        i
        for i, t in enumerate(texts)
        if "，" in t and _headline_shape(t.strip(), relaxed=True) and _headline_context(i, texts, doc)
    ]
    out = set()
    for i in cands:
        near = [j for j in cands if abs(j - i) <= HEADLINE_SERIES_WINDOW]
        if len(near) >= HEADLINE_SERIES:
            out.add(i)
    return out


def _unnumbered_head(
    i: int, p: Paragraph, t: str, texts: list[str], doc: Document, series: set[int]
) -> _Head | None:
    lead = _strip_offset(t)
    s = t.strip()
    start = p.span.start + lead
    level = getattr(p, "level", None)
    if p.kind == "heading":
        return _Head("md", f"md{level or 0}", "", None, s, start, start + len(s.rstrip("。")), i)
    if s.startswith("——") and len(s) > 4:
        heading, hlen = _run_in(s[2:])
        return _Head("dash", "dash", "——", None, heading, start, start + 2 + hlen, i)
    if i not in series and not (_headline_shape(s) and _headline_context(i, texts, doc)):
        return None
    core = s.rstrip("。")
    return _Head("headline", "headline", "", None, core, start, start + len(core), i)


def _toc_entry(t: str) -> str:
    """A table-of-contents line without its dot leaders and page number: ``一、职能……3`` -> ``一、职能``."""
    return _WS.sub("", TOC_LEADER_RE.sub("", t))


def _toc_range(texts: list[str]) -> tuple[int, int] | None:
    """Paragraph indexes [first, end) of a table of contents: ``目录`` and the entries after it, up to
    where the body repeats the first entry (or the first line that is no entry: long, or a sentence)."""
    for i, t in enumerate(texts):
        if TOC_RE.match(t.strip()):
            entries: list[str] = []
            j = i + 1
            while j < len(texts):
                e = _toc_entry(texts[j])
                if entries and e == entries[0]:
                    return i, j  # the body starts where the first entry comes again
                if not TOC_LEADER_RE.search(texts[j]) and (len(e) > 40 or "。" in e):
                    break
                entries.append(e)
                j += 1
            return i, j
    return None


def _notes_head(i: int, p: Paragraph, texts: list[str], b: _Builder) -> Section | None:
    """``注释`` / ``名词解释`` on a line of its own: the endnotes of a report, a part of its own."""
    t = texts[i]
    if not NOTES_RE.match(t.strip()):
        return None
    start = p.span.start + _strip_offset(t)
    end = start + len(t.strip())
    return Section(
        id=b._unique(f"n{sum(1 for s in b.sections if s.style == 'notes') + 1}"),
        level=1,
        number="",
        heading=clean_heading(t),
        span=Span(start, len(b.text)),
        heading_span=Span(start, end),
        parent=None,
        style="notes",
        ordinal=None,
    )


def _annex_head(i: int, p: Paragraph, texts: list[str], b: _Builder) -> tuple[Section, int] | None:
    """``附件1`` (+ up to three title lines): the annex section and the index of the paragraph after
    its title."""
    t = texts[i]
    m = ANNEX_RE.match(t.strip())
    if not m:
        return None
    lead = _strip_offset(t)
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
            or _numbered(s)
            or ANNEX_RE.match(s)
            or b.doc.paragraphs[j].kind == "table_row"
        ):
            break
        parts.append(s)
        end = b.doc.paragraphs[j].span.start + _strip_offset(texts[j]) + len(s)
        j += 1
    k = ordinal if ordinal is not None else sum(1 for s in b.sections if s.style == "annex") + 1
    sid = b._unique(f"a{k}")
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


def _is_closing(i: int, texts: list[str]) -> int | None:
    """If paragraph ``i`` starts the closing block, the index where the block starts (the
    signature line before a date line), else None."""
    s = texts[i].strip()
    if s.startswith(CLOSING_PREFIXES + RESIDUE_PREFIXES) or ANNEX_LIST_RE.match(s):
        return i
    if DATE_LINE_RE.match(s):
        if i > 0:
            prev = texts[i - 1].strip()
            if 0 < len(prev) <= 30 and not any(c in "。；，：:" for c in prev) and not _numbered(prev):
                return i - 1
        return i
    return None


# ---- inline enumerations 一是…二是… ------------------------------------------------------------------


def _yishi(doc: Document, b: _Builder, skip: set[int]) -> list[Section]:
    text = doc.text
    marks: list[tuple[int, int, int, int, str]] = []  # (para, start, end_of_marker, ordinal, number)
    for i, p in enumerate(doc.paragraphs):
        if i in skip:
            continue
        t = p.span.of(text)
        if _is_table_row(p, t):
            continue
        for m in YISHI_RE.finditer(t):
            o = ordinal_of(m.group("n"))
            if o is not None:
                marks.append((i, p.span.start + m.start(), p.span.start + m.end(), o, m.group(0)))

    block = sorted(b.sections, key=lambda s: (s.span.start, s.level))

    def container(pos: int) -> Section | None:
        best = None
        for s in block:
            if s.span.start <= pos < s.span.end and (best is None or s.level > best.level):
                best = s
        return best

    out: list[Section] = []
    k = 0
    while k < len(marks):
        if marks[k][3] != 1:
            k += 1
            continue
        parent = container(marks[k][1])
        seq = [marks[k]]
        j = k + 1
        while j < len(marks):
            m = marks[j]
            if container(m[1]) is not parent:
                break
            if m[3] == seq[-1][3] + 1:
                seq.append(m)
            elif m[3] == 1:
                break
            j += 1
        if len(seq) < 2:
            k += 1
            continue
        for n, (pi, start, mend, o, number) in enumerate(seq):
            para = doc.paragraphs[pi]
            if n + 1 < len(seq):
                end = seq[n + 1][1]
            else:
                end = para.span.end
            end_limit = parent.span.end if parent else len(text)
            end = min(end, end_limit)
            while end > mend and text[end - 1].isspace():
                end -= 1
            heading, hlen = _run_in(text[mend:end])
            sid = b.make_id(parent, "yishi", o)
            out.append(
                Section(
                    id=sid,
                    level=(parent.level + 1) if parent else 1,
                    number=number,
                    heading=clean_heading(heading),
                    span=Span(start, end),
                    heading_span=Span(start, mend + hlen),
                    parent=parent.id if parent else None,
                    style="yishi",
                    ordinal=o,
                )
            )
        k = j
    return out


# ---- entry point ------------------------------------------------------------------------------------


def outline(doc: Document) -> None:
    """Fill ``doc.sections`` and each paragraph's ``section`` (see the module docstring)."""
    texts = _para_texts(doc)
    b = _Builder(doc)
    toc = _toc_range(texts)
    skip: set[int] = set(range(*toc)) if toc else set()
    any_numbered = any(_numbered(t.strip()) for t in texts)
    series = _headline_series(texts, doc)
    annex_list = False
    title_until = -1
    for i, p in enumerate(doc.paragraphs):
        t = texts[i]
        if i in skip or not t.strip() or _is_table_row(p, t) or TOC_LEADER_RE.search(t):
            continue
        if i < title_until:
            continue  # the title lines of an annex
        found = _annex_head(i, p, texts, b)
        if found is not None:
            b.open_annex(p.span.start, found[0])
            title_until = found[1]
            continue
        notes = _notes_head(i, p, texts, b)
        if notes is not None:
            b.open_annex(p.span.start, notes)
            continue
        s = t.strip()
        if annex_list and _numbered(s) and len(s) <= 80 and "。" not in s:
            continue  # 2.… : the next title in a 附件：1.… list
        annex_list = False
        c = _is_closing(i, texts)
        if c is not None:
            if b.ctx.stack or b.ctx.started:
                b.close_context(doc.paragraphs[c].span.start)
            annex_list = s.startswith(("附件", "附"))
            continue
        h = _numbered_head(i, p, t)
        if (
            h is not None
            and h.key == "decimal2"
            and "decimal1" not in b.ctx.seen_level
            and not _title_line(t)
        ):
            h = None  # 1.5公里…: a two-part decimal with body text needs a decimal outline (1　总则) above it
        if h is None:
            h = _next_in_list(i, p, t, b)
        if h is None and (b.ctx.started or (not any_numbered and p.kind == "heading")):
            h = _unnumbered_head(i, p, t, texts, doc, series)
        if h is not None:
            b.place(h)
    b.finish()
    sections = b.sections + _yishi(doc, b, skip)
    sections.sort(key=lambda s: (s.span.start, s.level))
    doc.sections = sections
    _assign_paragraphs(doc)


def _assign_paragraphs(doc: Document) -> None:
    for p in doc.paragraphs:
        best: Section | None = None
        for s in doc.sections:
            if s.span.start > p.span.start:
                break
            if p.span.start < s.span.end and (best is None or s.level > best.level):
                best = s
        p.section = best.id if best else None
