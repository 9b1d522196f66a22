"""The section tree: places each heading found at a paragraph start at its level, ends the sections it
closes, and gives every section its stable id (``s1.2``, ``a1.1``, ``p2.1``, ``s2.h1``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge_base.model import Document, Section, Span
from pipeline.outline.headings import UNNUMBERED_STYLES, Head
from pipeline.outline.numbering import clean_heading


@dataclass
class Open:
    section: Section
    key: str


@dataclass
class Context:
    prefix: str  # id prefix for top-level sections: "s", "p2.", or the annex id + "."
    root: Section | None = None  # the annex section, or None
    stack: list[Open] = field(default_factory=list)
    seen_level: dict[str, int] = field(default_factory=dict)  # style key -> relative level first seen
    started: bool = False  # a numbered heading was seen since the context opened / last closing
    has_sections: bool = False
    last_top: Section | None = None
    closed: bool = False  # a closing block (signature, 抄送…) came after the last heading


class Builder:
    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self.sections: list[Section] = []
        self.ids: set[str] = set()
        self.part = 1
        self.ctx = Context(prefix="s")
        self.sibling_count: dict[tuple[str | None, str], int] = {}

    # -- ids --
    def unique(self, sid: str) -> str:
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
            return self.unique(f"{parent.id}.{comp}")
        return self.unique(f"{self.ctx.prefix}{comp}")

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
        self.ctx = Context(prefix=prefix)

    def open_annex(self, pos: int, sec: Section) -> None:
        self.new_part(pos)
        self.ctx = Context(prefix=f"{sec.id}.", root=sec)
        self.sections.append(sec)

    # -- placing a heading --
    def place(self, h: Head) -> Section:
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
        ctx.stack.append(Open(sec, h.key))
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
