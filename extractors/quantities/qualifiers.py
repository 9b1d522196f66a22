"""Qualifiers of a number: the cue written before it (超过, 不少于, 最高, 到 …) and after it (以上, 左右 …),
their meaning as a bound, a currency written before an amount, and cues shared by a 、 list.
The cues are data: ``extractors/lexicon/qualifiers.tsv``.
"""

from __future__ import annotations

from dataclasses import replace

from extractors.quantities.rules import (
    CURRENCY_PREFIX,
    PREFIX_BOUNDS,
    PREFIX_RE,
    PREFIX_WINDOW,
    SUFFIX_BOUNDS,
    SUFFIX_RE,
    YEAR_BOUNDS,
    YEAR_RE,
)
from knowledge_base.model import Quantity


def prefix(text: str, start: int, year: bool = False) -> tuple[str, str, int]:
    """The qualifier written just before ``start``: (cue, bound, where it starts)."""
    rx, bounds = (YEAR_RE, YEAR_BOUNDS) if year else (PREFIX_RE, PREFIX_BOUNDS)
    m = rx.search(text, max(0, start - PREFIX_WINDOW), start)
    if not m:
        return "", "exact", start
    return m.group(1), bounds[m.group(1)], m.start()


def suffix(text: str, end: int) -> tuple[str, str, int]:
    m = SUFFIX_RE.match(text, end)
    if not m:
        return "", "exact", end
    w = m.group().strip()
    bound = SUFFIX_BOUNDS[w]
    return w, bound, m.end()


def currency(text: str, start: int, base: str) -> str:
    """港币两千九百六十元: a currency written before an amount in 元 is its unit."""
    if base != "元":
        return base
    p = start - 1 if start > 0 and text[start - 1] == " " else start
    for written, unit in CURRENCY_PREFIX:
        if text.endswith(written, 0, p):
            return unit
    return base


def combine(pre: tuple[str, str, int], suf: tuple[str, str, int]) -> tuple[str, str]:
    if pre[0] and suf[0]:  # 达到25%左右 is approx, 最高…以下 stays a cap
        bound = pre[1] if pre[1] == "max" else suf[1]
        return f"{pre[0]}…{suf[0]}", bound
    if pre[0]:
        return pre[0], pre[1]
    return suf[0], suf[1]


def share_qualifiers(text: str, out: list[Quantity], offset: int) -> None:
    """达到1亿元、2亿元、5亿元 / 分别增长4.5%、5.5%左右: in a 、 list of like quantities the cue before
    the first and the cue after the last belong to every item."""
    i = 0
    while i < len(out):
        j = i
        while (
            j + 1 < len(out)
            and text[out[j].span.end - offset : out[j + 1].span.start - offset] == "、"
            and out[j + 1].unit == out[i].unit
            and out[j + 1].role == out[i].role
        ):
            j += 1
        if j > i and out[i].role not in ("code", "date", "year", "period"):
            first, last = out[i].span.start - offset, out[j].span.end - offset
            pre, suf = prefix(text, first), suffix(text, last)
            if pre[0] or suf[0]:
                q, bound = combine(pre, suf)
                for k in range(i, j + 1):
                    if out[k].bound != "range":
                        out[k] = replace(out[k], qualifier=q, bound=bound)
        i = j + 1
