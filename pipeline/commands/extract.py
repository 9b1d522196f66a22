"""`policykb extract`: the facts of one document. Only click is imported at module level (fast start)."""

from __future__ import annotations

from pathlib import Path

import click


def register(main: click.Group) -> None:
    """Add this area's commands to the `policykb` group."""
    main.add_command(extract)


def _num(v: float | None) -> str:
    if v is None:
        return ""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:g}"


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="json: every fact with its span and source; table: targets, tiers and awards for reading.",
)
@click.option("--id", "doc_id", default=None, help="Document id (default: the file name without extension).")
def extract(file: Path, fmt: str, doc_id: str | None) -> None:
    """Print the facts of FILE: targets, awards, tiers, references and quantities."""
    from knowledge_base.model import facts_json
    from pipeline import parse_file
    from pipeline.extract import extract as run_extract

    facts = run_extract(parse_file(file, doc_id))
    if fmt == "json":
        from pipeline.cli import echo_json

        echo_json(facts_json(facts))
        return

    from rich.console import Console
    from rich.table import Table

    console = Console()
    ids = {t.id: t.subject for t in facts.targets}
    table = Table(title=f"Targets in {file.name} ({len(facts.targets)})")
    for col in ("subject", "value", "unit", "qualifier", "year", "kind", "part of", "line"):
        table.add_column(col, overflow="fold")
    for t in facts.targets:
        table.add_row(
            t.subject,
            _num(t.value),
            t.unit,
            t.qualifier,
            str(t.year or ""),
            t.kind,
            ids.get(t.parent, ""),
            str(t.source.line or ""),
        )
    console.print(table)
    if facts.tiers:
        tiers = Table(title=f"Tiers ({len(facts.tiers)})")
        for col in ("rank", "tier", "target", "members", "next"):
            tiers.add_column(col)
        for tier in facts.tiers:
            members = "、".join(f"{m.name} {_num(m.target)}" for m in tier.members)
            tiers.add_row(
                str(tier.rank), tier.name, f"{_num(tier.target)}{tier.unit}", members, tier.next or ""
            )
        console.print(tiers)
    if facts.awards:
        awards = Table(title=f"Awards ({len(facts.awards)})")
        for col in ("recipient", "amount", "unit", "max", "one-off", "kind", "line"):
            awards.add_column(col)
        for a in facts.awards:
            awards.add_row(
                a.recipient,
                _num(a.amount),
                a.unit,
                "yes" if a.max else "",
                "yes" if a.one_off else "",
                a.kind,
                str(a.source.line or ""),
            )
        console.print(awards)
    console.print(f"{len(facts.references)} references, {len(facts.quantities)} numbers")
