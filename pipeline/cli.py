"""The ``policykb`` command: thin — parses options and calls the functions of ``pipeline``.

Heavy libraries (jieba, spaCy, pdfplumber) are imported inside the commands, never at module level,
so that ``policykb --help`` starts fast. Errors of the ``PolicyKBError`` family print one line and
exit 2; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from knowledge_base.model import PolicyKBError


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except PolicyKBError as e:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"policykb: error: {e}", err=True)
            sys.exit(2)


@click.group(cls=_Group)
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.version_option(package_name="policykb")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """policykb: Chinese policy documents -> source-grounded facts, knowledge base, diffs and lint."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def echo_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


# ---- parse -----------------------------------------------------------------------------------


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json", show_default=True)
def parse(file: Path, fmt: str) -> None:
    """Print FILE as a normalized document: metadata, outline, paragraphs with sources."""
    from knowledge_base.model import document_json
    from pipeline import parse_file

    doc = parse_file(file)
    if fmt == "json":
        echo_json(document_json(doc))
        return
    m = doc.metadata
    click.echo(f"title:      {m.title}")
    click.echo(f"doc_number: {m.doc_number}")
    click.echo(f"issuer:     {m.issuer}")
    click.echo(f"issued_on:  {m.issued_on}")
    click.echo(f"period:     {m.period.start if m.period else ''}—{m.period.end if m.period else ''}")
    click.echo(f"status:     {m.status}")
    click.echo("")
    for s in doc.sections:
        click.echo("  " * (s.level - 1) + f"{s.number}{s.heading}  [{s.span.start}:{s.span.end}]")


def _register_all() -> None:
    from pipeline.commands import diff, extract, kb, lint, read, run, show

    for module in (run, read, extract, show, kb, diff, lint):
        module.register(main)


_register_all()

if __name__ == "__main__":
    main()
