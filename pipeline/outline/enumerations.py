"""Inline enumerations ``一是…二是…``: sections inside paragraphs, from ``一是`` to just before ``二是``;
the enumeration may continue in the following paragraphs and its last item ends with its paragraph
(or takes as many body paragraphs as the items before it when each is a heading paragraph of its own).
``一是`` alone (no ``二是`` after it in the same section) is not an enumeration.
"""

from __future__ import annotations

from knowledge_base.model import Document, Section, Span
from pipeline.outline.headings import is_table_row
from pipeline.outline.numbering import YISHI_RE, clean_heading, ordinal_of, run_in
from pipeline.outline.tree import Builder


def yishi(doc: Document, b: Builder, skip: set[int]) -> list[Section]:
    text = doc.text
    marks: list[tuple[int, int, int, int, str]] = []  # (para, start, end_of_marker, ordinal, number)
    for i, p in enumerate(doc.paragraphs):
        if i in skip:
            continue
        t = p.span.of(text)
        if is_table_row(p, t):
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
        for n, (_pi, start, mend, o, number) in enumerate(seq):
            if n + 1 < len(seq):
                end = seq[n + 1][1]
            else:
                end = doc.paragraphs[_last_paragraph(doc, seq, block)].span.end
            end_limit = parent.span.end if parent else len(text)
            end = min(end, end_limit)
            while end > mend and text[end - 1].isspace():
                end -= 1
            heading, hlen = run_in(text[mend:end])
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


def _last_paragraph(doc: Document, seq: list[tuple[int, int, int, int, str]], block: list[Section]) -> int:
    """The paragraph where the last item ends: its own, unless every item is a heading paragraph of
    its own followed by the same number of body paragraphs (``一是…。`` / body / ``二是…。`` / body …
    ``六是全力保障和改善民生。`` / body): then the last item takes as many, up to the next section."""
    last = seq[-1][0]
    starts = [pi for pi, *_ in seq]
    if any(doc.paragraphs[pi].span.start != start for pi, start, *_ in seq):
        return last  # an item inside a running paragraph
    gaps = {b - a for a, b in zip(starts, starts[1:], strict=False)}
    if len(gaps) != 1 or (k := gaps.pop()) < 2:
        return last
    text = doc.text
    p = doc.paragraphs[last]
    heading, _ = run_in(text[seq[-1][2] : p.span.end])
    if not heading or len(text[seq[-1][2] : p.span.end].rstrip("。；; ")) > len(heading):
        return last  # the last item has a body of its own in its paragraph
    nxt = min((s.span.start for s in block if s.span.start > p.span.start), default=len(text))
    end = last
    while end + 1 < min(last + k, len(doc.paragraphs)) and doc.paragraphs[end + 1].span.start < nxt:
        end += 1
    return end

