"""What holds a numeral but is not a quantity, or is a name: masked phrases (一次性, 十四五, sessions,
document and phone numbers, outline markers), dates, codes (5G, “1+X”) and numbers inside short quotations
and 《》 titles."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace

from extractors.quantities.rules import (
    CODE_RE,
    DATE_RE,
    MASK_RES,
    NOT_QUANTITY_RE,
    QUOTE_RE,
    SESSION_RE,
    TITLE_RE,
)
from extractors.quantities.scan import Scan
from knowledge_base.model import Quantity, Span


def mask(scan: Scan) -> None:
    """Mark set phrases, sessions, document numbers, phones, times and outline markers as used."""
    for rx in (NOT_QUANTITY_RE, SESSION_RE, *MASK_RES):
        for m in rx.finditer(scan.text):
            scan.take(m.start(), m.end())


def dates_and_codes(scan: Scan) -> None:
    """Dates (value None, never a count of 2024) and codes such as 5G, IPv6, 1+X."""
    for m in DATE_RE.finditer(scan.text):
        if scan.free(m.start(), m.end()):
            scan.emit(m.start(), m.end(), value=None, unit="", role="date")
    for m in CODE_RE.finditer(scan.text):
        if scan.free(m.start(), m.end()) and re.search(r"\d", m.group()):
            scan.emit(m.start(), m.end(), value=None, unit="", role="code")


def mark_codes(text: str, out: list[Quantity], offset: int) -> None:
    """Numbers inside a short quotation are names: role code (value kept only with a unit)."""
    if not out:
        return
    out.sort(key=lambda q: (q.span.start, q.span.end))
    starts = [q.span.start for q in out]
    for m in TITLE_RE.finditer(text):  # 《哪吒2》, 《中国制造2025》: a bare number in a title is a name
        inside = Span(m.start() + offset, m.end() + offset)
        for k in range(bisect_left(starts, inside.start), bisect_left(starts, inside.end)):
            if inside.contains(out[k].span) and out[k].role == "index":
                out[k] = replace(out[k], role="code", value=None, qualifier="", bound="exact")
    for m in QUOTE_RE.finditer(text):
        inside = Span(m.start() + offset, m.end() + offset)
        for k in range(bisect_left(starts, inside.start), bisect_left(starts, inside.end)):
            q = out[k]
            if inside.contains(q.span) and q.role != "code":
                keep = q.unit != "" and q.role not in ("index", "year", "period", "date")
                out[k] = replace(
                    q,
                    role="code",
                    value=q.value if keep else None,
                    low=None,
                    high=None,
                    bound="exact",
                    qualifier="",
                )
