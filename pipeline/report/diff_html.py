"""A ``DiffResult`` as one self-contained HTML page (``templates/diff.html.j2``).

The page opens with the table of number changes (old → new, ratio, deadline and qualifier
changes, each linked to its sentence), then an inline SVG chart of old against new values (log
scale when they span orders of magnitude), the targets of both versions paired by category, moves
and renumbered sections, and the aligned clauses side by side with insertions, deletions and
changed numbers marked (long runs of unchanged sentences folded). No script, no network; all
document text is escaped by jinja2 (autoescape on).
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Any

from knowledge_base.model import Span
from pipeline.report.diff_format import change_rows, counts, format_value, relation_note, shown_categories

FOLD_CONTEXT = 2  # unchanged sentences shown either side of an edit; longer runs are folded
LOG_SCALE_SPAN = 30.0  # use a log axis when max/min of the charted values exceeds this
CHART = {"width": 900, "label": 230, "right": 190, "row": 26, "top": 34}


@dataclass
class ChartRow:
    label: str
    unit: str
    old: float
    new: float
    old_text: str
    new_text: str
    y: float = 0.0
    x_old: float = 0.0
    x_new: float = 0.0


def _chart_rows(result) -> list[ChartRow]:
    """Changed values of targets, awards and numbers, then categories of both versions."""
    rows: list[ChartRow] = []
    for c in result.changes:
        if c.kind != "changed" or "value" not in c.fields or c.fact_type == "text":
            continue
        if c.old is None or c.new is None or not c.old.value or not c.new.value:
            continue
        if c.old.value > 0 and c.new.value > 0 and c.old.unit == c.new.unit:
            label = c.category or _short(c.new.quote)
            rows.append(
                ChartRow(
                    label, c.new.unit, c.old.value, c.new.value, format_value(c.old), format_value(c.new)
                )
            )
    for cp in result.categories:
        if not (cp.old and cp.new):
            continue
        o, n = cp.old[0], cp.new[0]
        if (
            o.value
            and n.value
            and o.unit == n.unit
            and o.value > 0
            and n.value > 0
            and o.value != n.value
            and not any(r.label == cp.category for r in rows)
        ):
            rows.append(ChartRow(cp.category, o.unit, o.value, n.value, format_value(o), format_value(n)))
    return rows


def chart(result) -> list[dict[str, Any]]:
    """The old-vs-new dot charts of changed values, one per unit (values of different units never
    share an axis); empty when nothing to draw."""
    by_unit: dict[str, list[ChartRow]] = {}
    for r in _chart_rows(result):
        by_unit.setdefault(r.unit, []).append(r)
    return [_panel(unit, rows) for unit, rows in by_unit.items()]


def _panel(unit: str, rows: list[ChartRow]) -> dict[str, Any]:
    """Coordinates of one chart: a linear axis, or a log axis when the values span more than
    ``LOG_SCALE_SPAN``."""
    values = [v for r in rows for v in (r.old, r.new)]
    lo, hi = min(values), max(values)
    log = hi / lo > LOG_SCALE_SPAN
    x0, x1 = CHART["label"], CHART["width"] - CHART["right"]
    if log:
        llo, lhi = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
        lhi = max(lhi, llo + 1)

        def x(v: float) -> float:
            return x0 + (math.log10(v) - llo) / (lhi - llo) * (x1 - x0)

        ticks = [(x(10.0**e), _tick(10.0**e)) for e in range(llo, lhi + 1)]
    else:
        top = _nice(hi)

        def x(v: float) -> float:
            return x0 + v / top * (x1 - x0)

        ticks = [(x(top * k / 4), _tick(top * k / 4)) for k in range(5)]
    for k, r in enumerate(rows):
        r.y = CHART["top"] + k * CHART["row"] + CHART["row"] / 2
        r.x_old, r.x_new = x(r.old), x(r.new)
    height = CHART["top"] + len(rows) * CHART["row"] + 10
    return {
        "unit": unit,
        "rows": rows,
        "log": log,
        "ticks": ticks,
        "height": height,
        "x0": x0,
        "x1": x1,
        **CHART,
    }


def _nice(v: float) -> float:
    e = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * e >= v:
            return m * e
    return 10 * e


def _tick(v: float) -> str:
    for div, suffix in ((1e8, "亿"), (1e4, "万")):
        if v >= div:
            return f"{v / div:g}{suffix}"
    return f"{v:g}"


def _short(s: str, n: int = 18) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


class _Clauses:
    """The aligned clause holding a span of either version (for links from the change table)."""

    def __init__(self, clauses):
        self.index = {}
        for which in ("old", "new"):
            spans = [(getattr(a, f"{which}_span"), k) for k, a in enumerate(clauses)]
            self.index[which] = sorted(((s, k) for s, k in spans if s is not None), key=lambda t: t[0].start)

    def find(self, which: str, span: Span | None) -> int | None:
        if span is None:
            return None
        spans = self.index[which]
        k = bisect.bisect_right(spans, span.start, key=lambda t: t[0].end)  # the first clause ending after it
        if k < len(spans) and (spans[k][0].overlaps(span) or spans[k][0].contains(span)):
            return spans[k][1]
        return None

    def anchor(self, c) -> int | None:
        if c.new is not None:
            return self.find("new", c.new.span)
        return self.find("old", c.old.span if c.old is not None else None)


def clause_blocks(clauses, context: int = FOLD_CONTEXT) -> list[dict[str, Any]]:
    """The side-by-side rows in blocks: runs of unchanged sentences longer than ``2 * context + 2``
    are folded (a closed ``<details>``), keeping ``context`` sentences either side of each edit."""
    blocks: list[dict[str, Any]] = []
    k, n = 0, len(clauses)
    while k < n:
        if clauses[k].status != "equal":
            blocks.append({"folded": False, "rows": [(k, clauses[k])]})
            k += 1
            continue
        end = k
        while end < n and clauses[end].status == "equal":
            end += 1
        run = list(range(k, end))
        head = run[:context] if k > 0 else []
        tail = run[-context:] if end < n else []
        middle = run[len(head) : len(run) - len(tail)]
        if len(middle) > 2:
            blocks.append({"folded": False, "rows": [(j, clauses[j]) for j in head]})
            blocks.append({"folded": True, "rows": [(j, clauses[j]) for j in middle]})
            blocks.append({"folded": False, "rows": [(j, clauses[j]) for j in tail]})
        else:
            blocks.append({"folded": False, "rows": [(j, clauses[j]) for j in run]})
        k = end
    return [b for b in blocks if b["rows"]]


def diff_html(result) -> str:
    from pipeline.report import render

    where = _Clauses(result.text)
    rows = change_rows(result)
    for r in rows:
        r["anchor"] = where.anchor(r["c"])
    moves = [{"c": c, "anchor": where.anchor(c)} for c in result.changes if c.kind == "moved"]
    cats = [
        {
            "category": cp.category,
            "old": [(format_value(s), s.year, s.quote) for s in cp.old],
            "new": [(format_value(s), s.year, s.quote) for s in cp.new],
        }
        for cp in shown_categories(result)
    ]
    unrelated = result.relation == "unrelated"
    return render(
        "diff.html.j2",
        old=result.old,
        new=result.new,
        relation=result.relation,
        note=relation_note(result),
        rows=rows,
        moves=moves,
        cats=[] if unrelated else cats,
        sections=[] if unrelated else [s for s in result.sections if s.status != "same"],
        charts=[] if unrelated else chart(result),
        blocks=[] if unrelated else clause_blocks(result.text),
        counts=counts(result),
    )
