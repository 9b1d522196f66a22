"""Align two versions of a document: outline sections, then sentence-sized units, then tokens.

Supports
    * Units: the document text cut after 。；！？ (closing quotes stay with their sentence) and at
      paragraph breaks that start an outline item (``一、`` ``（二）`` ``3.``), follow a finished
      sentence or follow a short outline heading (``（四）深入推进“市做大”``). Any other line break is a reflow break (a PDF line end, a paragraph split in two)
      and is ignored, so reflowed, split and merged paragraphs give the same units. Only the text
      decides (not heading styles, which differ between a PDF and a DOCX of the same document).
    * Keys: each unit is compared by its *key* — width-folded (NFKC), whitespace removed
      (``到 2025 年`` = ``到2025年``; only a space between two numbers or Latin words is kept as
      one space: table cells ``42.60 43.83``) and the outline marker dropped, so a renumbered section
      (``二、主要任务`` → ``三、主要任务``) still matches. ``Unit.pos`` maps each key character back to
      its ``Document.text`` offset.
    * Alignment in four passes, ~O(n log n) in practice: (1) difflib's matching blocks on unit keys
      (exact, in order); (2) exact keys left over anywhere else -> ``moved``; (3) inside each gap
      between in-order anchors, rapidfuzz similarity >= ``CHANGED_MIN`` -> ``changed``; (4) what is
      still unmatched, across the whole document, similarity >= ``MOVED_MIN`` -> ``moved``.
    * Sections first: headings matched by their text without the number (a changed number is
      reported as ``renumbered``); the fuzzy passes then prefer units of paired sections.

Avoids
    * Character diffs: tokens (see ``pipeline.diff``) keep a number and its unit together.
    * Quadratic blow-up on long documents: fuzzy matching only runs inside gaps, and a gap larger
      than ``WINDOW`` units on both sides is compared within a sliding window.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Generic, TypeVar

from knowledge_base.model import Document, Section, Span

# --- rules as data ------------------------------------------------------------------------------

SENTENCE_ENDERS = frozenset("。！？；!?;")
TRAILERS = frozenset("”’」』）)】〕》〉\"'")
# an outline marker at the start of a paragraph: a unit boundary, and not part of the unit's key
OUTLINE_MARKER = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百零〇\d]+[章节条部分款]"
    r"|[一二三四五六七八九十]{1,3}[、．.]"
    r"|[（(][一二三四五六七八九十]{1,3}[)）]"
    r"|\d{1,2}[.．、](?![\d.．])"
    r"|[（(]\d{1,2}[)）]"
    r"|[①-⑳])\s*"
)
_ENDERS = "。！？；!?;"
_TRAILERS = "”’」』）)】〕》〉\"'"
# a sentence with its enders and closing marks, or a run without any ender (up to the paragraph end)
_CHUNK = re.compile(rf"[^{_ENDERS}]*[{_ENDERS}]+[\s{_TRAILERS}]*|[^{_ENDERS}]+")
_ENDER = re.compile(f"[{_ENDERS}]")
_HEADING_STOP = re.compile(f"[{_ENDERS}，,：:]")
_SPACE = re.compile(r"\s+")
_HAS_WORD = re.compile(r"\w")
_JOINED = frozenset("0123456789.%ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
SHORT_LINE = 30  # a line shorter than this without an ender is a heading, not a reflowed line
HEADING_MAX = 20  # an outline item this short without an ender or a comma is a complete heading
_CLOSERS = frozenset("）)】〕》」』”：:")  # （发展改革委负责） and 如下： close a paragraph as an ender does
SECTION_BONUS = 5.0  # added to the similarity of two units whose outline sections are paired
CHANGED_MIN = 60.0  # rapidfuzz ratio (0-100) for two units in the same gap to be one changed unit
MOVED_MIN = 85.0  # ... and for two units far apart to be one moved (and edited) unit
MAX_UNIT = 400  # a unit longer than this (key characters) is cut at the next paragraph break
WINDOW = 300  # gaps larger than this on both sides are fuzzy-matched within a sliding window


@dataclass
class Unit:
    """A sentence-sized stretch of one document, with its comparison key."""

    index: int
    key: str  # folded text without whitespace and outline marker
    pos: list[int]  # Document.text offset of each key character
    span: Span  # in Document.text, outline marker included
    marker: str = ""
    section: str | None = None

    def doc_span(self, start: int, end: int) -> Span:
        """The Document.text span of key characters ``[start, end)``."""
        if start >= end:
            p = self.pos[start] if start < len(self.pos) else self.span.end
            return Span(p, p)
        return Span(self.pos[start], self.pos[end - 1] + 1)


T = TypeVar("T")


@dataclass
class Matched(Generic[T]):
    """One line of an alignment: ``old`` and ``new`` (None for added / removed), their status and
    similarity (0-100)."""

    old: T | None
    new: T | None
    status: str
    score: float = 100.0


Pair = Matched[int]  # units by index: "equal" | "changed" | "moved" | "added" | "removed"
SectionPair = Matched[Section]  # outline sections: "same" | "renumbered" | "renamed" | "added" | "removed"


@dataclass
class Alignment:
    old_units: list[Unit]
    new_units: list[Unit]
    pairs: list[Pair] = field(default_factory=list)  # in reading order of the new document
    sections: list[SectionPair] = field(default_factory=list)


# --- units --------------------------------------------------------------------------------------


def _fold(ch: str) -> str:
    if ch.isascii():
        return ch
    return unicodedata.normalize("NFKC", ch)


def units(doc: Document) -> list[Unit]:
    """Cut ``doc`` into sentence-sized units (see the module docstring)."""
    text = doc.text
    paragraphs = doc.paragraphs
    if not paragraphs:  # a bare Document: one paragraph per line
        from knowledge_base.model import Paragraph, Source

        paragraphs, pos = [], 0
        for line in text.split("\n"):
            paragraphs.append(Paragraph(Span(pos, pos + len(line)), Source(doc.path, None, None)))
            pos += len(line) + 1
    # where a source line starts: a space there joins two lines (a PDF line break), not two cells
    line_starts = {a.offset for a in doc.anchors}
    out: list[Unit] = []
    key: list[str] = []  # pieces of the current unit's key
    pos_map: list[int] = []
    state = {"start": None, "marker": "", "section": None}

    def flush() -> None:
        k = "".join(key)
        if k and _HAS_WORD.search(k):
            out.append(
                Unit(
                    index=len(out),
                    key=k,
                    pos=list(pos_map),
                    span=Span(state["start"], pos_map[-1] + 1),
                    marker=state["marker"],
                    section=state["section"],
                )
            )
        key.clear()
        pos_map.clear()
        state.update(start=None, marker="")

    prev_done = True  # the previous paragraph ended a sentence
    prev_open = False  # the previous paragraph is a full line that stops mid-sentence (reflow)
    for p in paragraphs:
        t = p.span.of(text)
        m = OUTLINE_MARKER.match(t)
        if m and prev_open:
            m = None  # 随着\n三、四期工程: a line break before 三、 in a sentence is not an outline item
        if m or prev_done or len(pos_map) > MAX_UNIT:
            flush()
        begin = 0
        if m:
            begin = m.end()
            state["marker"] = m.group(0).strip()
            state["start"] = p.span.start + len(t) - len(t.lstrip())
            state["section"] = p.section
        folded = t if t.isascii() else unicodedata.normalize("NFKC", t)
        fpos: list[int] | None = None  # folded index -> index in t (None: one to one)
        if len(folded) != len(t):
            pieces: list[str] = []
            fpos = []
            for k, c in enumerate(t):
                f = _fold(c)
                pieces.append(f)
                fpos.extend([k] * len(f))
            folded = "".join(pieces)
            begin = bisect.bisect_left(fpos, begin)
        base = p.span.start
        pending = False
        for cm in _CHUNK.finditer(folded, begin):
            chunk = cm.group(0)
            if chunk.isspace():
                continue
            last, c0 = 0, cm.start()
            if pending:
                flush()
                mk = OUTLINE_MARKER.match(chunk)  # an outline item after a sentence, in one paragraph
                if mk:
                    state["marker"] = mk.group(0).strip()
                    lead = len(chunk) - len(chunk.lstrip())
                    state["start"] = base + (c0 + lead if fpos is None else fpos[c0 + lead])
                    state["section"] = p.section
                    last = mk.end()
            for ws in [*_SPACE.finditer(chunk, last), None]:
                a, b = last, (ws.start() if ws else len(chunk))
                if b > a:
                    key.append(chunk[a:b])
                    if fpos is None:
                        pos_map.extend(range(base + c0 + a, base + c0 + b))
                    else:
                        pos_map.extend(base + fpos[k] for k in range(c0 + a, c0 + b))
                if ws is None:
                    break
                last = ws.end()
                # a space (not a line break, nor where two source lines were joined) between two
                # numbers or Latin words separates them: table cells 42.60 43.83, list items
                # 1. 2024年; any other whitespace is layout
                if (
                    "\n" not in ws.group()
                    and ws.start() > 0
                    and ws.end() < len(chunk)
                    and chunk[ws.start() - 1] in _JOINED
                    and chunk[ws.end()] in _JOINED
                    and pos_map
                    and base + (c0 + ws.end() if fpos is None else fpos[c0 + ws.end()]) not in line_starts
                ):
                    key.append(" ")
                    pos_map.append(base + (c0 + ws.start() if fpos is None else fpos[c0 + ws.start()]))
            if state["start"] is None and pos_map:
                state["start"] = pos_map[0]
                state["section"] = p.section
            pending = _ENDER.search(chunk) is not None
        tail = t.rstrip()
        # a short outline heading (（四）深入推进“市做大”) is complete: what follows starts a new unit
        prev_done = pending or (m is not None and len(tail) <= HEADING_MAX and not _HEADING_STOP.search(tail))
        prev_open = (
            not pending
            and len(tail) >= SHORT_LINE
            and not m
            and tail[-1:] not in _CLOSERS
            and "\t" not in tail
            and p.kind != "table_row"
        )
    flush()
    return out


# --- alignment ----------------------------------------------------------------------------------


def similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def _fuzzy_pairs(
    old: list[Unit], new: list[Unit], cutoff: float, paired: dict[str, str] | None = None
) -> list[tuple[int, int, float]]:
    """Greedy best-first one-to-one matching of ``old`` to ``new`` units with score >= cutoff;
    ``paired`` maps old to new outline section ids (see ``SECTION_BONUS``)."""
    if not old or not new:
        return []
    from rapidfuzz import fuzz, process

    cands: list[tuple[float, int, int]] = []
    if len(old) <= WINDOW or len(new) <= WINDOW:
        m = process.cdist(
            [u.key for u in old], [u.key for u in new], scorer=fuzz.ratio, score_cutoff=cutoff, workers=1
        )
        for i, row in enumerate(m):
            for j in row.nonzero()[0]:
                cands.append((float(row[j]), i, int(j)))
    else:  # sliding window along the diagonal of the gap
        ratio = len(new) / len(old)
        new_keys = [u.key for u in new]
        for i, u in enumerate(old):
            c = int(i * ratio)
            lo, hi = max(0, c - WINDOW // 2), min(len(new), c + WINDOW // 2)
            for _, score, j in process.extract(
                u.key, new_keys[lo:hi], scorer=fuzz.ratio, score_cutoff=cutoff, limit=5
            ):
                cands.append((float(score), i, lo + j))

    def rank(c: tuple[float, int, int]) -> tuple[float, int, int]:
        # structure first: units of paired outline sections are preferred (by SECTION_BONUS)
        score, i, j = c
        if paired and old[i].section is not None and paired.get(old[i].section) == new[j].section:
            score += SECTION_BONUS
        return (-score, i, j)

    cands.sort(key=rank)
    used_o: set[int] = set()
    used_n: set[int] = set()
    out = []
    for score, i, j in cands:
        if i in used_o or j in used_n:
            continue
        used_o.add(i)
        used_n.add(j)
        out.append((old[i].index, new[j].index, score))
    return out


def align_units(old: list[Unit], new: list[Unit], paired: dict[str, str] | None = None) -> list[Pair]:
    """Pairs of old and new units in the reading order of the new document (removed ones where
    they stood in the old one)."""
    a = [u.key for u in old]
    b = [u.key for u in new]
    of_old: dict[int, Pair] = {}
    of_new: dict[int, Pair] = {}

    def link(i: int, j: int, status: str, score: float = 100.0) -> None:
        p = Pair(i, j, status, score)
        of_old[i] = p
        of_new[j] = p

    sm = SequenceMatcher(None, a, b, autojunk=False)
    for blk in sm.get_matching_blocks():
        for k in range(blk.size):
            link(blk.a + k, blk.b + k, "equal")
    # (2) the same text elsewhere: moved
    waiting: dict[str, deque[int]] = defaultdict(deque)
    for j in range(len(b)):
        if j not in of_new:
            waiting[b[j]].append(j)
    for i in range(len(a)):
        if i not in of_old and waiting.get(a[i]):
            link(i, waiting[a[i]].popleft(), "moved")
    # (3) edited in place: fuzzy inside the gaps between in-order anchors
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        go = [old[i] for i in range(i1, i2) if i not in of_old]
        gn = [new[j] for j in range(j1, j2) if j not in of_new]
        for i, j, score in _fuzzy_pairs(go, gn, CHANGED_MIN, paired):
            link(i, j, "changed", score)
    # (4) edited and moved far away
    go = [u for u in old if u.index not in of_old]
    gn = [u for u in new if u.index not in of_new]
    for i, j, score in _fuzzy_pairs(go, gn, MOVED_MIN, paired):
        link(i, j, "moved", score)
    return _reading_order(len(a), len(b), of_old, of_new)


def _reading_order(n_old: int, n_new: int, of_old: dict[int, Pair], of_new: dict[int, Pair]) -> list[Pair]:
    out: list[Pair] = []
    next_old = 0

    def removed_upto(limit: int) -> None:
        nonlocal next_old
        while next_old < limit:
            if next_old not in of_old:
                out.append(Pair(next_old, None, "removed", 0.0))
            next_old += 1

    for j in range(n_new):
        p = of_new.get(j)
        if p is None:
            out.append(Pair(None, j, "added", 0.0))
            continue
        if p.status != "moved" and p.old is not None and p.old >= next_old:
            removed_upto(p.old)
            next_old = p.old + 1
        out.append(p)
    removed_upto(n_old)
    return out


# --- sections -----------------------------------------------------------------------------------


def _heading_key(s: Section) -> str:
    return "".join(_fold(c) for c in s.heading if not c.isspace()).rstrip("。.：:")


def align_sections(old: Document, new: Document) -> list[SectionPair]:
    """Match outline sections by heading text (numbers ignored); report renumbering."""
    a = [_heading_key(s) for s in old.sections]
    b = [_heading_key(s) for s in new.sections]
    if not a and not b:
        return []
    of_old: dict[int, tuple[int, float]] = {}
    sm = SequenceMatcher(None, a, b, autojunk=False)
    for blk in sm.get_matching_blocks():
        for k in range(blk.size):
            of_old[blk.a + k] = (blk.b + k, 100.0)
    used = {j for j, _ in of_old.values()}
    go = [Unit(i, a[i], [], Span(0, 0)) for i in range(len(a)) if i not in of_old]
    gn = [Unit(j, b[j], [], Span(0, 0)) for j in range(len(b)) if j not in used]
    for i, j, score in _fuzzy_pairs(go, gn, 70.0):
        of_old[i] = (j, score)
        used.add(j)
    by_new = {j: (i, score) for i, (j, score) in of_old.items()}
    out: list[SectionPair] = []
    shown: set[int] = set()
    for j, s in enumerate(new.sections):
        if j not in by_new:
            out.append(SectionPair(None, s, "added", 0.0))
            continue
        i, score = by_new[j]
        for k in range(len(a)):
            if k < i and k not in of_old and k not in shown:
                out.append(SectionPair(old.sections[k], None, "removed", 0.0))
                shown.add(k)
        o = old.sections[i]
        status = "same"
        if score < 100.0:
            status = "renamed"
        elif (o.ordinal, o.style) != (s.ordinal, s.style) and o.number.strip() != s.number.strip():
            status = "renumbered"
        out.append(SectionPair(o, s, status, score))
    for k in range(len(a)):
        if k not in of_old and k not in shown:
            out.append(SectionPair(old.sections[k], None, "removed", 0.0))
    return out


def align(old: Document, new: Document) -> Alignment:
    sections = align_sections(old, new)
    paired = {p.old.id: p.new.id for p in sections if p.old is not None and p.new is not None}
    ou, nu = units(old), units(new)
    return Alignment(ou, nu, align_units(ou, nu, paired), sections)
