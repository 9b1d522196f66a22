"""`policykb run`: the main job over a policy folder."""

from __future__ import annotations

from pathlib import Path

import click


def register(main: click.Group) -> None:
    main.add_command(run)


@click.command()
@click.argument("folder", type=click.Path(path_type=Path), default=Path("policies_raw"))
@click.option("--db", type=click.Path(path_type=Path), default=Path("knowledge_base/policykb.db"), show_default=True,
              help="Knowledge base to build or update.")
@click.option("--reports", type=click.Path(path_type=Path), default=Path("knowledge_base/reports"),
              show_default=True, help="Folder for the HTML/JSON reports.")
def run(folder: Path, db: Path, reports: Path) -> None:
    """The main job: parse every policy in FOLDER, build the knowledge base, write the reports."""
    from rich.console import Console
    from rich.table import Table

    from knowledge_base.model import PolicyKBError
    from pipeline.parse import parse_file
    from pipeline.read import SUPPORTED

    console = Console()
    if not folder.is_dir():
        raise PolicyKBError(folder, "not a folder")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUPPORTED)
    table = Table(title=f"Policies in {folder}")
    for col in ("file", "title", "doc number", "period", "status", "sections", "paragraphs"):
        table.add_column(col)
    failures = []
    for f in files:
        try:
            doc = parse_file(f)
        except PolicyKBError as e:
            failures.append(str(e))
            continue
        m = doc.metadata
        period = f"{m.period.start}—{m.period.end}" if m.period else ""
        table.add_row(f.name, m.title or "", m.doc_number or "", period, m.status,
                      str(len(doc.sections)), str(len(doc.paragraphs)))
    console.print(table)
    for msg in failures:
        console.print(f"[red]failed:[/red] {msg}")
    if failures:
        raise SystemExit(2)
