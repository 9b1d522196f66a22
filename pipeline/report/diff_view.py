"""A ``DiffResult`` as JSON, Markdown, a terminal table or one self-contained HTML page.

The HTML page (``templates/diff.html.j2``) opens with the table of number changes (old → new,
ratio, deadline and qualifier changes, links into the text), an inline SVG chart of old against new
values (log scale when they span orders of magnitude), the targets of both versions paired by
category, moves and renumbered sections, then the aligned clauses side by side with insertions,
deletions and changed numbers marked. No script, no network; all document text is escaped by jinja2.

``write_lineage_reports`` writes the report of every ``succeeds`` pair of a ``manifest.toml``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge_base.model import Change, FactSide, Span, document_json, to_json

# qualifiers written before the number (the others follow it)
PREFIX_QUALIFIERS = frozenset(
    [
        "不少于",
        "不低于",
        "不超过",
        "不高于",
        "超过",
        "高于",
        "低于",
        "最高",
        "最多",
        "最低",
        "至少",
        "约",
        "近",
        "逾",
        "突破",
    ]
)
FOLD_CONTEXT = 2  # unchanged sentences shown either side of an edit; longer runs are folded
LOG_SCALE_SPAN = 30.0  # use a log axis when max/min of the charted values exceeds this
CHART = {"width": 900, "label": 230, "right": 190, "row": 26, "top": 34}


# the change table: changed values first, then removed and added ones; facts before bare numbers
KIND_ORDER = {"changed": 0, "removed": 1, "added": 2}
TYPE_ORDER = {"target": 0, "award": 1, "number": 2}
GENERATIONAL_SHARED = 0.3  # below this share of shared text, two documents are successive policies


def is_generational(result) -> bool:
    """Successive policies rather than versions of one text: little text in common."""
    shared = sum(1 for a in result.text if a.status in ("equal", "changed", "moved"))
    return bool(result.text) and shared / len(result.text) < GENERATIONAL_SHARED


# --- values -------------------------------------------------------------------------------------


def format_value(side: FactSide | None) -> str:
    """``20家以上``, ``100万元``, ``30%``; the number as written when the diff kept it."""
    if side is None:
        return ""
    if side.text:
        return side.text
    if side.value is None:
        return f"{side.year}年" if side.year else ""
    v, unit = side.value, side.unit
    if unit == "元" and abs(v) >= 1e12 and v % 1e10 == 0:
        s = f"{v / 1e12:.12g}万亿元"
    elif unit == "元" and abs(v) >= 1e8 and v % 1e6 == 0:  # 亿 only when at most 2 decimals
        s = f"{v / 1e8:.12g}亿元"
    elif unit == "元" and abs(v) >= 1e4:
        s = f"{v / 1e4:.12g}万元"
    elif unit == "%" and abs(v) < 1 and v != 0:
        s = f"{v * 100:g}%"
    else:
        s = f"{v:g}{unit}"
    q = side.qualifier
    if q:
        s = f"{q}{s}" if q in PREFIX_QUALIFIERS else f"{s}{q}"
    return s


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


def _year(side: FactSide | None) -> str:
    return str(side.year) if side is not None and side.year else ""


# --- JSON -----------------------------------------------------------------------------------------


def change_json(c: Change) -> dict[str, Any]:
    def side(s: FactSide | None):
        if s is None:
            return None
        return {
            "value": to_json(s.value),
            "unit": s.unit,
            "qualifier": s.qualifier,
            "year": s.year,
            "text": s.text,
            "quote": s.quote,
            "span": s.span.to_json(),
            "section": s.section,
            "kind": s.kind,
            "threshold": to_json(s.threshold),
        }

    return {
        "kind": c.kind,
        "fields": list(c.fields),
        "category": c.category,
        "fact_type": c.fact_type,
        "old": side(c.old),
        "new": side(c.new),
    }


def diff_json(result, with_text: bool = True) -> dict[str, Any]:
    """The documented JSON of ``policykb diff --format json``."""
    return {
        "old": document_json(result.old, with_text=with_text),
        "new": document_json(result.new, with_text=with_text),
        "changes": [change_json(c) for c in result.changes],
        "sections": [
            {
                "status": s.status,
                "old": f"{s.old.number}{s.old.heading}" if s.old else None,
                "new": f"{s.new.number}{s.new.heading}" if s.new else None,
            }
            for s in result.sections
        ],
        "categories": [
            {
                "category": cp.category,
                "old": [change_json(Change("x", [], None, s, None))["old"] for s in cp.old],
                "new": [change_json(Change("x", [], None, None, s))["new"] for s in cp.new],
            }
            for cp in result.categories
        ],
        "text": [
            {
                "status": a.status,
                "old_span": to_json(a.old_span),
                "new_span": to_json(a.new_span),
                "old_section": a.old_section,
                "new_section": a.new_section,
                "similarity": a.similarity,
                "ops": [
                    {
                        "op": o.op,
                        "old": o.old,
                        "new": o.new,
                        "old_span": to_json(o.old_span),
                        "new_span": to_json(o.new_span),
                    }
                    for o in a.ops
                ],
            }
            for a in result.text
        ],
    }


# --- Markdown and terminal --------------------------------------------------------------------------


def change_rows(result) -> list[dict[str, str]]:
    """One row per change of a value (targets, awards, numbers): what every format shows."""
    rows = []
    changes = [c for c in result.changes if c.fact_type != "text"]
    changes.sort(key=lambda c: (KIND_ORDER.get(c.kind, 9), TYPE_ORDER.get(c.fact_type, 9)))
    for c in changes:
        side = c.new or c.old
        rows.append(
            {
                "kind": c.kind,
                "type": c.fact_type,
                "fields": ", ".join(c.fields),
                "category": c.category or "",
                "old": format_value(c.old),
                "new": format_value(c.new),
                "ratio": format_ratio(ratio(c)),
                "old_year": _year(c.old),
                "new_year": _year(c.new),
                "section": (side.section or "") if side else "",
                "quote": (c.new or c.old).quote if (c.new or c.old) else "",  # type: ignore[union-attr]
            }
        )
    return rows


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def shown_categories(result) -> list:
    """All categories across generations; for versions of one text only those whose targets differ."""
    if is_generational(result):
        return list(result.categories)

    def key(sides):
        return sorted((s.value or 0, s.unit, s.qualifier, s.year or 0) for s in sides)

    return [cp for cp in result.categories if key(cp.old) != key(cp.new)]


def _md_categories(result) -> list[str]:
    out = ["", "## Targets by category", "", "| category | old | new |", "|---|---|---|"]
    for cp in shown_categories(result):
        old = "; ".join(f"{format_value(s)} ({s.year})" if s.year else format_value(s) for s in cp.old)
        new = "; ".join(f"{format_value(s)} ({s.year})" if s.year else format_value(s) for s in cp.new)
        out.append(f"| {_md_cell(cp.category)} | {_md_cell(old) or '—'} | {_md_cell(new) or '—'} |")
    return out


def diff_markdown(result) -> str:
    o, n = result.old, result.new
    out = [
        f"# {o.metadata.title or o.id} → {n.metadata.title or n.id}",
        "",
        f"`{o.path}` → `{n.path}`",
        "",
    ]
    if result.categories and is_generational(result):
        out += ["Successive policies rather than drafts of one text: targets paired by category first.", ""]
        out += _md_categories(result)[1:] + [""]
    out += [
        "## Number changes",
        "",
        "| change | fields | category | old | new | ratio | year | quote |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in change_rows(result):
        year = r["old_year"] if r["old_year"] == r["new_year"] else f"{r['old_year']}→{r['new_year']}"
        out.append(
            "| "
            + " | ".join(
                _md_cell(x)
                for x in (
                    f"{r['type']} {r['kind']}",
                    r["fields"],
                    r["category"],
                    r["old"],
                    r["new"],
                    r["ratio"],
                    year,
                    r["quote"][:60],
                )
            )
            + " |"
        )
    if shown_categories(result) and not is_generational(result):
        out += _md_categories(result)
    moves = [c for c in result.changes if c.kind == "moved"]
    if moves:
        out += ["", "## Moved", ""]
        for c in moves:
            out.append(f"- {_md_cell(c.old.quote[:50])}… ({c.old.section or '—'} → {c.new.section or '—'})")
    ren = [s for s in result.sections if s.status in ("renumbered", "renamed")]
    if ren:
        out += ["", "## Sections renumbered or renamed", ""]
        out += [f"- {s.old.number}{s.old.heading} → {s.new.number}{s.new.heading}" for s in ren]
    counts = _counts(result)
    out += ["", "## Text", "", ", ".join(f"{k}: {v}" for k, v in counts.items()), ""]
    return "\n".join(out)


def _counts(result) -> dict[str, int]:
    counts: dict[str, int] = {}
    for a in result.text:
        counts[a.status] = counts.get(a.status, 0) + 1
    return counts


def print_table(result, console=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    t = Table(title=f"{result.old.id} → {result.new.id}: number changes", show_lines=False)
    for col in ("change", "fields", "category", "old", "new", "ratio", "year"):
        t.add_column(col, no_wrap=col != "category", min_width=8 if col == "category" else None)
    t.add_column("quote", no_wrap=True, overflow="ellipsis", max_width=24)
    for r in change_rows(result):
        year = r["old_year"] if r["old_year"] == r["new_year"] else f"{r['old_year']}→{r['new_year']}"
        t.add_row(
            f"{r['type']} {r['kind']}",
            r["fields"],
            r["category"],
            r["old"],
            r["new"],
            r["ratio"],
            year,
            " ".join(r["quote"].split()),
        )
    console.print(t)
    moves = sum(1 for c in result.changes if c.kind == "moved")
    ren = sum(1 for s in result.sections if s.status == "renumbered")
    counts = ", ".join(f"{k} {v}" for k, v in _counts(result).items())
    console.print(f"text units: {counts}; moved blocks: {moves}; renumbered sections: {ren}")


# --- HTML -----------------------------------------------------------------------------------------


@dataclass
class ChartRow:
    label: str
    old: float
    new: float
    old_text: str
    new_text: str
    y: float = 0.0
    x_old: float = 0.0
    x_new: float = 0.0


def chart(result) -> dict[str, Any] | None:
    """Coordinates of the old-vs-new dot chart of changed values (None when nothing to draw)."""
    rows: list[ChartRow] = []
    for c in result.changes:
        if c.kind != "changed" or "value" not in c.fields or c.fact_type == "text":
            continue
        if c.old is None or c.new is None or not c.old.value or not c.new.value:
            continue
        if c.old.value <= 0 or c.new.value <= 0:
            continue
        label = c.category or _short(c.new.quote)
        rows.append(ChartRow(label, c.old.value, c.new.value, format_value(c.old), format_value(c.new)))
    for cp in result.categories:
        if cp.old and cp.new and cp.old[0].value and cp.new[0].value and cp.old[0].unit == cp.new[0].unit:
            o, n = cp.old[0], cp.new[0]
            if (
                o.value > 0  # type: ignore[operator]
                and n.value > 0  # type: ignore[operator]
                and o.value != n.value
                and not any(r.label == cp.category for r in rows)
            ):
                rows.append(ChartRow(cp.category, o.value, n.value, format_value(o), format_value(n)))  # type: ignore[arg-type]
    if not rows:
        return None
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
    return {"rows": rows, "log": log, "ticks": ticks, "height": height, "x0": x0, "x1": x1, **CHART}


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


def _clause_index(result) -> tuple[list[tuple[Span, int]], list[tuple[Span, int]]]:
    old = [(a.old_span, k) for k, a in enumerate(result.text) if a.old_span is not None]
    new = [(a.new_span, k) for k, a in enumerate(result.text) if a.new_span is not None]
    return old, new


def _find(index: list[tuple[Span, int]], span: Span | None) -> int | None:
    if span is None:
        return None
    for s, k in index:
        if s.overlaps(span) or s.contains(span):
            return k
    return None


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

    old_idx, new_idx = _clause_index(result)
    rows = []
    for c in result.changes:
        if c.fact_type == "text":
            continue
        r = ratio(c)
        rows.append(
            {
                "c": c,
                "old": format_value(c.old),
                "new": format_value(c.new),
                "ratio": format_ratio(r),
                "up": r is not None and r > 1,
                "down": r is not None and r < 1,
                "old_year": _year(c.old),
                "new_year": _year(c.new),
                "old_q": c.old.qualifier if c.old else "",
                "new_q": c.new.qualifier if c.new else "",
                "anchor": _find(new_idx, c.new.span if c.new else None)
                if c.new
                else _find(old_idx, c.old.span if c.old else None),
                "quote": (c.new or c.old).quote if (c.new or c.old) else "",  # type: ignore[union-attr]
            }
        )
    moves = [
        {"c": c, "anchor": _find(new_idx, c.new.span if c.new else None)}
        for c in result.changes
        if c.kind == "moved"
    ]
    cats = [
        {
            "category": cp.category,
            "old": [(format_value(s), s.year, s.quote) for s in cp.old],
            "new": [(format_value(s), s.year, s.quote) for s in cp.new],
        }
        for cp in shown_categories(result)
    ]
    rows.sort(key=lambda r: (KIND_ORDER.get(r["c"].kind, 9), TYPE_ORDER.get(r["c"].fact_type, 9)))
    return render(
        "diff.html.j2",
        old=result.old,
        new=result.new,
        generational=is_generational(result),
        rows=rows,
        moves=moves,
        cats=cats,
        sections=[s for s in result.sections if s.status != "same"],
        chart=chart(result),
        blocks=clause_blocks(result.text),
        counts=_counts(result),
    )


# --- lineage --------------------------------------------------------------------------------------


def lineage_pairs(manifest: str | Path) -> list[tuple[Path, Path, str, str]]:
    """``(old_file, new_file, old_id, new_id)`` for every ``succeeds`` entry of a policy folder's
    ``manifest.toml`` (give the folder or the manifest file)."""
    from pipeline.manifest import MANIFEST_NAME, load_manifest

    path = Path(manifest)
    folder = path.parent if path.name == MANIFEST_NAME else path
    by_id = {e.id: e for e in load_manifest(folder).entries.values()}
    return [
        (folder / by_id[e.succeeds].file, folder / e.file, e.succeeds, e.id)
        for e in by_id.values()
        if e.succeeds in by_id
    ]


def write_lineage_reports(
    pairs, out_dir: str | Path, formats: tuple[str, ...] = ("html", "json", "md")
) -> list[Path]:
    """Diff every ``(old_file, new_file, old_id, new_id)`` pair and write its reports into
    ``out_dir`` as ``diff-<old_id>--<new_id>.<format>``. Returns the files written."""
    import json

    from pipeline import parse_file
    from pipeline.diff import diff_documents
    from pipeline.extract import extract

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for old_path, new_path, old_id, new_id in pairs:
        od, nd = parse_file(old_path, doc_id=old_id), parse_file(new_path, doc_id=new_id)
        result = diff_documents(od, nd, extract(od), extract(nd))
        stem = out_dir / f"diff-{old_id}--{new_id}"
        for fmt in formats:
            path = stem.with_suffix(f".{fmt}")
            if fmt == "html":
                path.write_text(diff_html(result), encoding="utf-8")
            elif fmt == "json":
                path.write_text(json.dumps(diff_json(result), ensure_ascii=False, indent=1), encoding="utf-8")
            elif fmt == "md":
                path.write_text(diff_markdown(result), encoding="utf-8")
            written.append(path)
    return written
