"""Where things are in a document: section labels, the paragraph at an offset, the units under a
span, and the deadline year written before an offset. Lookups are indexed once per document."""

from __future__ import annotations

import bisect
import re

from knowledge_base.model import Document, Span
from pipeline.align import Unit

PARAGRAPH_LOOKBACK = 400  # characters searched back for a deadline year in a reflowed paragraph
CONTEXT_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")

_INDEX: dict[int, tuple[Document, dict[str, str], list[int]]] = {}


def _index(doc: Document) -> tuple[dict[str, str], list[int]]:
    """Section labels by id and paragraph starts of ``doc``."""
    hit = _INDEX.get(id(doc))
    if hit is None or hit[0] is not doc or len(hit[2]) != len(doc.paragraphs):
        labels = {s.id: f"{s.number}{s.heading}".strip() for s in doc.sections}
        hit = (doc, labels, [p.span.start for p in doc.paragraphs])
        if len(_INDEX) > 16:  # a few documents at a time; identity-checked, never stale
            _INDEX.clear()
        _INDEX[id(doc)] = hit
    return hit[1], hit[2]


def section_label(doc: Document, sid: str | None) -> str | None:
    """``（三）主要目标`` for a section id."""
    if sid is None:
        return None
    return _index(doc)[0].get(sid, sid)


def paragraph_at(doc: Document, offset: int):
    starts = _index(doc)[1]
    k = bisect.bisect_right(starts, offset) - 1
    return doc.paragraphs[k] if k >= 0 else None


def units_of(units: list[Unit], span: Span) -> list[int]:
    """Indexes of the units overlapping ``span`` (units are in text order)."""
    first = bisect.bisect_right(units, span.start, key=lambda u: u.span.end)
    out = []
    for k in range(first, len(units)):
        if units[k].span.start >= span.end:
            break
        out.append(k)
    return out


def unit_of(units: list[Unit], span: Span) -> int | None:
    """Index of the unit holding most of ``span``."""
    overlap = {
        k: min(units[k].span.end, span.end) - max(units[k].span.start, span.start)
        for k in units_of(units, span)
    }
    best = max(overlap, key=lambda k: (overlap[k], -k), default=None)
    return best if best is not None and overlap[best] > 0 else None


def text_year(doc: Document, offset: int) -> int | None:
    """The last ``YYYY年`` before ``offset`` in its paragraph as written: reflow line breaks are
    looked through, only a break after a finished sentence (``。`` + line break) ends the paragraph."""
    start = max(0, offset - PARAGRAPH_LOOKBACK)
    window = doc.text[start:offset]
    cut = max(window.rfind("。\n"), window.rfind("；\n"))
    years = CONTEXT_YEAR.findall(window[cut + 1 :] if cut >= 0 else window)
    return int(years[-1]) if years else None
