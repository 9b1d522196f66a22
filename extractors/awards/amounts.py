"""Sums of money and thresholds as written, in base units (through ``extractors.quantities``), and what a sum
is paid per (给予每人1万元 -> 元/人)."""

from __future__ import annotations

from extractors.awards.rules import ITEM_UNIT, rules
from knowledge_base.model import Threshold


def money(written: str) -> float | None:
    """An amount as written (``6万元``, ``1200万元``) in 元."""
    from extractors.quantities import find_quantities

    for q in find_quantities(written):
        if q.unit == "元" and q.value is not None:
            return float(q.value)
    return None


def threshold(written: str, unit_hint: str) -> Threshold | None:
    """A threshold item (``10亿元``, ``2`` with the list's unit ``级``) as value + base unit."""
    from extractors.quantities import find_quantities

    text = written if ITEM_UNIT.search(written) else written + unit_hint
    for q in find_quantities(text):
        if q.value is not None:
            return Threshold(float(q.value), q.unit)
    return None


def per_unit(text: str, start: int, end: int) -> str:
    """``元`` with what the sum is paid per, written with 每 between the condition and the money:
    给予每人1万元 -> 元/人, 按每亩200元 -> 元/亩, 每人每月给予300元 -> 元/人/月."""
    per = [m.group(1) for m in rules().per_unit.finditer(text, start, end)]
    return "/".join(["元", *per])
