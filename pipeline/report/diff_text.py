"""A ``DiffResult`` as Markdown and as a terminal table (rich)."""

from __future__ import annotations

from pipeline.report.diff_format import category_cell, change_rows, counts, relation_note, shown_categories

COLUMNS = ("change", "fields", "category", "old", "new", "ratio", "year", "quote")
QUOTE_CHARS = 60  # of the sentence shown in a Markdown row
WIDE = 120  # a terminal this wide shows the sentence of each change


def _cells(r: dict) -> list[str]:
    """The row of the change table as shown in Markdown and in the terminal."""
    return [
        r["change"],
        r["fields"],
        r["category"],
        r["old"],
        r["new"],
        r["ratio"],
        r["year"],
        " ".join(r["quote"].split()),
    ]


def _md_cell(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return out + ["| " + " | ".join(_md_cell(x) for x in row) + " |" for row in rows]


def _md_categories(result) -> list[str]:
    rows = [
        [cp.category, category_cell(cp.old) or "—", category_cell(cp.new) or "—"]
        for cp in shown_categories(result)
    ]
    return ["## Targets by category", "", *_md_table(["category", "old", "new"], rows), ""]


def diff_markdown(result) -> str:
    o, n = result.old, result.new
    out = [f"# {o.metadata.title or o.id} → {n.metadata.title or n.id}", "", f"`{o.path}` → `{n.path}`", ""]
    note = relation_note(result)
    if note:
        out += [note, ""]
    if result.relation == "unrelated":
        return "\n".join(out)
    if result.relation == "successive" and result.categories:
        out += _md_categories(result)
    rows = [_cells(r) for r in change_rows(result)]
    for row in rows:
        row[-1] = row[-1][:QUOTE_CHARS]
    out += ["## Number changes", "", *_md_table(list(COLUMNS), rows)]
    if result.relation == "versions" and shown_categories(result):
        out += ["", *_md_categories(result)]
    moves = [c for c in result.changes if c.kind == "moved"]
    if moves:
        out += ["", "## Moved", ""]
        out += [
            f"- {_md_cell(c.old.quote[:50])}… ({c.old.section or '—'} → {c.new.section or '—'})"
            for c in moves
        ]
    ren = [s for s in result.sections if s.status in ("renumbered", "renamed")]
    if ren:
        out += ["", "## Sections renumbered or renamed", ""]
        out += [f"- {s.old.number}{s.old.heading} → {s.new.number}{s.new.heading}" for s in ren]
    out += ["", "## Text", "", ", ".join(f"{k}: {v}" for k, v in counts(result).items()), ""]
    return "\n".join(out)


def print_table(result, console=None) -> None:
    """The change table for a terminal: long cells wrap, the sentence is cut to one line."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    note = relation_note(result)
    if result.relation == "successive" and result.categories:
        t = Table(title=f"{result.old.id} → {result.new.id}: targets by category")
        for col in ("category", "old", "new"):
            t.add_column(col)
        for cp in shown_categories(result):
            t.add_row(cp.category, category_cell(cp.old) or "—", category_cell(cp.new) or "—")
        console.print(t)
    if result.relation != "unrelated":
        console.print(_terminal_table(result, console.width >= WIDE))
    if note:
        console.print(note, markup=False)
    moves = sum(1 for c in result.changes if c.kind == "moved")
    ren = sum(1 for s in result.sections if s.status == "renumbered")
    text = ", ".join(f"{k} {v}" for k, v in counts(result).items())
    console.print(f"text units: {text}; moved blocks: {moves}; renumbered sections: {ren}", markup=False)


def _terminal_table(result, wide: bool):
    """The change table; in a narrow terminal the fields go under the change, the ratio loses its
    percentage and the sentence is left out, so that no number is ever broken across lines."""
    from rich.table import Table

    t = Table(title=f"{result.old.id} → {result.new.id}: number changes")
    cols = COLUMNS if wide else ("change", "category", "old", "new", "ratio", "year")
    for col in cols:
        whole = col in ("old", "new", "year", "quote") or (col == "ratio" and not wide)
        t.add_column(
            col,
            no_wrap=whole,
            overflow="ellipsis" if whole else "fold",
            max_width=24 if col == "quote" else None,
        )
    for r in change_rows(result):
        cells = dict(zip(COLUMNS, _cells(r), strict=True))
        if not wide:
            if r["fields"] != r["c"].kind:
                cells["change"] += "\n" + r["fields"]
            cells["ratio"] = cells["ratio"].split(" ")[0]
        t.add_row(*(cells[c] for c in cols))
    return t
