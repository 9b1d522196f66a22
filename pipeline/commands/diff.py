"""`policykb diff`: compare two versions of a policy. Only click is imported at module level (fast start)."""

from __future__ import annotations

from pathlib import Path

import click


def _from_db(db: Path, doc_id: str):
    """The Document stored under ``doc_id`` in the knowledge base: re-parsed from the file path the
    ``documents`` table records (the path is resolved against the base's folder when relative)."""
    import sqlite3

    from knowledge_base.model import PolicyKBError
    from pipeline import parse_file

    if not db.exists():
        raise PolicyKBError(db, "no such knowledge base (build it with `policykb run` or `policykb build`)")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        cols = {r[1] for r in con.execute("PRAGMA table_info(documents)")}
        if not cols:
            raise PolicyKBError(db, "no documents table: not a policykb knowledge base")
        path_col = next((c for c in ("path", "file", "source_path") if c in cols), None)
        if path_col is None:
            raise PolicyKBError(db, "the documents table records no file path")
        row = con.execute(f"SELECT {path_col} FROM documents WHERE id = ?", (doc_id,)).fetchone()
    finally:
        con.close()
    if row is None:
        raise PolicyKBError(db, f"no document with id {doc_id!r}")
    path = Path(row[0])
    if not path.is_absolute() and not path.exists():
        for base in (db.parent, db.parent.parent):
            if (base / path).exists():
                path = base / path
                break
    return parse_file(path, doc_id=doc_id)


def register(main: click.Group) -> None:
    """Add this area's commands to the `policykb` group."""

    @main.command()
    @click.argument("old")
    @click.argument("new")
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "md", "html"]),
        default="table",
        show_default=True,
        help="Output: a terminal table, the documented JSON, Markdown or a self-contained HTML page.",
    )
    @click.option(
        "-o", "--output", type=click.Path(path_type=Path), help="Write to this file instead of stdout."
    )
    @click.option(
        "--db",
        type=click.Path(path_type=Path),
        help="OLD and NEW are document ids in this knowledge base instead of files.",
    )
    @click.option(
        "--no-facts", is_flag=True, help="Compare text and numbers only (skip target/award extraction)."
    )
    def diff(old: str, new: str, fmt: str, output: Path | None, db: Path | None, no_facts: bool) -> None:
        """Compare OLD and NEW versions of a policy (any supported formats, e.g. an old PDF against a
        new DOCX): number, target and award changes, moved text, renumbered sections, aligned text."""
        import json

        from pipeline import parse_file
        from pipeline.diff import diff_documents
        from pipeline.report.diff_view import diff_html, diff_json, diff_markdown, print_table

        if db is not None:
            od, nd = _from_db(db, old), _from_db(db, new)
        else:
            od, nd = parse_file(Path(old)), parse_file(Path(new))
        if no_facts:
            result = diff_documents(od, nd)
        else:
            from pipeline.extract import extract

            result = diff_documents(od, nd, extract(od), extract(nd))
        if fmt == "table" and output is None:
            print_table(result)
            return
        if fmt == "json":
            out = json.dumps(diff_json(result), ensure_ascii=False, indent=2)
        elif fmt == "md":
            out = diff_markdown(result)
        elif fmt == "html":
            out = diff_html(result)
        else:
            import io

            from rich.console import Console

            buf = io.StringIO()
            print_table(result, Console(file=buf, width=160))
            out = buf.getvalue()
        if output is None:
            click.echo(out)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(out, encoding="utf-8")
            click.echo(f"wrote {output}", err=True)
