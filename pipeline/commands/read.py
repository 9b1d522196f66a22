"""`policykb parse`: a file (or every supported file in a folder) as a normalized document.

Only click is imported at module level (fast start).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def register(main: click.Group) -> None:
    """Add this area's commands to the `policykb` group."""
    main.add_command(parse)


@click.command()
@click.argument("path", metavar="FILE|DIR", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default=None,
              help="json (default for a FILE): the documented parse JSON; text (default for a DIR): "
                   "metadata, outline and a summary.")  # fmt: skip
def parse(path: Path, fmt: str | None) -> None:
    """Print FILE as a normalized document: metadata, outline, paragraphs with their sources.

    Given a folder (DIR), parse every supported file in it (and below), go on after failures,
    print one summary line per file and the failures; exit 2 if any file failed.
    """
    from knowledge_base.model import document_json
    from pipeline import parse_file

    if path.is_dir():
        _parse_folder(path, fmt or "text")
        return
    doc = parse_file(path)
    fmt = fmt or "json"
    if fmt == "json":
        click.echo(json.dumps(document_json(doc), ensure_ascii=False, indent=2))
        return
    m = doc.metadata
    click.echo(f"title:      {m.title}")
    click.echo(f"doc_number: {m.doc_number}")
    click.echo(f"issuer:     {m.issuer}")
    click.echo(f"issued_on:  {m.issued_on}")
    click.echo(f"period:     {m.period.start if m.period else ''}—{m.period.end if m.period else ''}")
    click.echo(f"status:     {m.status}")
    click.echo(_summary(doc))
    click.echo("")
    for s in doc.sections:
        click.echo("  " * (s.level - 1) + f"{s.number}{s.heading}  [{s.span.start}:{s.span.end}]")


def _summary(doc) -> str:
    pages = {a.page for a in doc.anchors if a.page}
    where = f", {len(pages)} pages" if pages else ""
    repairs = f", {len(doc.repairs)} page-break repairs" if doc.repairs else ""
    return (
        f"{doc.format}: {len(doc.paragraphs)} paragraphs, {len(doc.text)} characters, "
        f"{len(doc.sections)} sections{where}{repairs}"
    )


def _parse_folder(folder: Path, fmt: str) -> None:
    from knowledge_base.model import PolicyKBError
    from pipeline import parse_file
    from pipeline.read import SUPPORTED

    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
    if not files:
        raise PolicyKBError(folder, "a folder without .txt, .md, .html, .docx or .pdf files")
    failures: list[tuple[Path, str]] = []
    rows = []
    for f in files:
        try:
            doc = parse_file(f)
        except PolicyKBError as e:
            failures.append((f, e.cause))
            rows.append({"path": str(f), "ok": False, "error": e.cause})
            if fmt == "text":
                click.echo(f"FAIL  {f}: {e.cause}")
            continue
        except Exception as e:  # a bug below must not stop the other files
            cause = f"internal error: {type(e).__name__}: {e}"
            failures.append((f, cause))
            rows.append({"path": str(f), "ok": False, "error": cause})
            if fmt == "text":
                click.echo(f"FAIL  {f}: {cause}")
            continue
        rows.append(
            {"path": str(f), "ok": True, "format": doc.format, "paragraphs": len(doc.paragraphs),
             "characters": len(doc.text), "sections": len(doc.sections), "title": doc.metadata.title}
        )  # fmt: skip
        if fmt == "text":
            click.echo(f"ok    {f}: {_summary(doc)}")
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    click.echo(
        f"{len(files)} files, {len(files) - len(failures)} parsed, {len(failures)} failed", err=fmt == "json"
    )
    for f, cause in failures:
        click.echo(f"policykb: error: {f}: {cause}", err=True)
    if failures:
        sys.exit(2)
