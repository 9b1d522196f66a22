"""`policykb show`: one document with every fact highlighted in place, as a self-contained HTML page.
Only click is imported at module level (fast start)."""

from __future__ import annotations

from pathlib import Path

import click

DEFAULT_REPORTS = Path("knowledge_base/reports")


def register(main: click.Group) -> None:
    """Add this area's commands to the `policykb` group."""

    @main.command()
    @click.argument("file", type=click.Path(path_type=Path))
    @click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),
        help="HTML file to write (default knowledge_base/reports/<document id>.html).",
    )
    def show(file: Path, output: Path | None) -> None:
        """Write FILE as one self-contained HTML page with every fact highlighted in place.

        Targets, awards, tiers, references and other quantities are coloured by kind; hovering a
        highlight shows the typed fact, clicking pins it; a fact table links into the text.
        Prints the path of the page. The page is written whole or not at all, and never over FILE.
        """
        from pipeline import parse_file
        from pipeline.cli import write_output
        from pipeline.extract import extract
        from pipeline.manifest import load_manifest
        from pipeline.report.document import render_document

        if output is not None:
            from pipeline.cli import refuse_inputs

            refuse_inputs(output, [file])  # before the work, not after it
        doc_id = load_manifest(file.parent).entry_for(file).id if file.is_file() else None
        facts = extract(parse_file(file, doc_id=doc_id))
        out = output or DEFAULT_REPORTS / f"{facts.document.id}.html"
        click.echo(str(write_output(out, render_document(facts), [file])))
