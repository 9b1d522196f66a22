"""What every diff report shows the same way: values as a reviewer writes them, ratios, deadlines,
the rows of the change table in their order, the categories worth showing, and the line that says
how the two documents relate."""

from __future__ import annotations

from knowledge_base.model import Change, FactSide
from pipeline.diff.tokens import with_qualifier

# the change table: changed values first, then removed and added ones; facts before bare numbers
KIND_ORDER = {"changed": 0, "removed": 1, "added": 2}
TYPE_ORDER = {"target": 0, "award": 1, "number": 2}


def format_number(v: float, unit: str) -> str:
    """``100万元``, ``30万元/人``, ``1.2亿千瓦``, ``20000家``: 万/亿 as Chinese texts write large
    amounts, never ``1e+09``."""
    money = unit.startswith("元")  # 元, 元/人, 元/亩
    if money and abs(v) >= 1e12 and v % 1e10 == 0:
        return f"{v / 1e12:.12g}万亿{unit}"
    if abs(v) >= 1e8 and v % 1e6 == 0:  # 亿 only when at most 2 decimals
        return f"{v / 1e8:.12g}亿{unit}"
    if money and abs(v) >= 1e4:
        return f"{v / 1e4:.12g}万{unit}"
    return f"{v:.12g}{unit}" if abs(v) < 1e12 else f"{v:,.0f}{unit}"


def format_value(side: FactSide | None) -> str:
    """``20家以上``, ``100万元``, ``30%``; the number as written when the diff kept it."""
    if side is None:
        return ""
    if side.text:
        return side.text
    if side.value is None:
        return f"{side.year}年" if side.year else ""
    return with_qualifier(format_number(side.value, side.unit), side.qualifier)


def ratio(c: Change) -> float | None:
    """new / old value of a changed value (None when the value did not change or has no ratio)."""
    if "value" not in c.fields:
        return None
    if c.old is None or c.new is None or c.old.value in (None, 0) or c.new.value is None:
        return None
    if c.old.unit != c.new.unit:
        return None
    return c.new.value / c.old.value  # type: ignore[operator]


def format_ratio(r: float | None) -> str:
    if r is None:
        return ""
    return f"×{r:.3g} ({(r - 1) * 100:+.0f}%)"


def both_ways(old: str, new: str, c: Change) -> str:
    """``2025→2029`` when the two differ; one value for an added or removed fact or an unchanged one."""
    if c.old is None:
        return new
    if c.new is None or old == new:
        return old
    return f"{old or '—'}→{new or '—'}"


def _year(side: FactSide | None) -> str:
    return str(side.year) if side is not None and side.year else ""


def change_rows(result) -> list[dict]:
    """One row per change of a value (targets, awards, numbers), in table order: what every
    format shows."""
    changes = [c for c in result.changes if c.fact_type != "text"]
    changes.sort(key=lambda c: (KIND_ORDER.get(c.kind, 9), TYPE_ORDER.get(c.fact_type, 9)))
    rows = []
    for c in changes:
        side = c.new or c.old
        assert side is not None
        r = ratio(c)
        old_q, new_q = (c.old.qualifier if c.old else ""), (c.new.qualifier if c.new else "")
        rows.append(
            {
                "c": c,
                "change": f"{c.fact_type} {c.kind}",
                "fields": ", ".join(c.fields),
                "category": c.category or "",
                "old": format_value(c.old),
                "new": format_value(c.new),
                "ratio": format_ratio(r),
                "up": r is not None and r > 1,
                "down": r is not None and r < 1,
                "year": both_ways(_year(c.old), _year(c.new), c),
                "qualifier": both_ways(old_q, new_q, c),
                "section": side.section or "",
                "quote": side.quote,
            }
        )
    return rows


def shown_categories(result) -> list:
    """All categories across generations; for versions of one text only those whose targets differ."""
    if result.relation != "versions":
        return list(result.categories)

    def key(sides):
        return sorted((s.value or 0, s.unit, s.qualifier, s.year or 0) for s in sides)

    return [cp for cp in result.categories if key(cp.old) != key(cp.new)]


def category_cell(sides: list[FactSide]) -> str:
    """``20家以上 (2025); 250家以上 (2025)``"""
    return "; ".join(f"{format_value(s)} ({s.year})" if s.year else format_value(s) for s in sides)


def relation_note(result) -> str:
    """One sentence on how the two documents relate ("" for versions of one text)."""
    alike, total = result.shared
    if result.relation == "successive":
        return (
            f"Successive policies rather than drafts of one text ({alike} of {total} sentences alike): "
            "targets are paired by category; numbers of sentences found in only one are not listed."
        )
    if result.relation == "unrelated":
        return (
            f"Not versions of one policy: {alike} of {total} sentences alike and no target category in "
            "both. Nothing is compared."
        )
    return ""


def counts(result) -> dict[str, int]:
    """Lines of the aligned text by status."""
    out: dict[str, int] = {}
    for a in result.text:
        out[a.status] = out.get(a.status, 0) + 1
    return out
