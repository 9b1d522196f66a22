"""`policykb diff`: compare two versions of a policy. Only click is imported at module level (fast start)."""

from __future__ import annotations

from pathlib import Path

import click


def _from_db(db: Path, doc_id: str):
    """The Document stored under ``doc_id`` in the knowledge base: the file its ``documents`` row
    records, parsed again (relative paths are tried from the working folder and the base's
    folders); if that file is gone, the document is rebuilt from the stored paragraphs and
    sections (same text and offsets; no page/line anchors, metadata from the row)."""
    import sqlite3

    from knowledge_base.model import PolicyKBError
    from pipeline import parse_file

    if not db.exists():
        raise PolicyKBError(db, "no such knowledge base (build it with `policykb run` or `policykb build`)")
    if not db.is_file():
        raise PolicyKBError(db, "not a file: give the knowledge base's .db file")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        try:
            has_documents = con.execute("SELECT name FROM sqlite_master WHERE name = 'documents'").fetchone()
        except sqlite3.DatabaseError as e:
            raise PolicyKBError(db, f"not an SQLite knowledge base ({e})") from None
        if not has_documents:
            raise PolicyKBError(db, "no documents table: not a policykb knowledge base")
        row = con.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise PolicyKBError(db, f"no document with id {doc_id!r}")
        recorded = Path(row["path"] or "")
        for path in (recorded, db.parent / recorded, db.parent.parent / recorded):
            if str(recorded) and path.is_file():
                return parse_file(path, doc_id=doc_id)
        return _rebuild(con, row)
    finally:
        con.close()


def _rebuild(con, row):
    from knowledge_base.model import Document, Metadata, Paragraph, Section, Source, Span

    did = row["id"]
    paras = con.execute("SELECT * FROM paragraphs WHERE document_id = ? ORDER BY ord", (did,)).fetchall()
    secs = con.execute("SELECT * FROM sections WHERE document_id = ? ORDER BY start", (did,)).fetchall()
    if not paras:
        from knowledge_base.model import PolicyKBError

        raise PolicyKBError(row["path"] or did, "the file is gone and the base holds no paragraphs of it")
    chars = [" "] * max(p["end"] for p in paras)
    for p in paras:
        chars[p["start"] : p["end"]] = p["text"]
        if p["end"] < len(chars):
            chars[p["end"]] = "\n"
    code = {s["id"]: s["section"] for s in secs}
    sections = [
        Section(
            id=s["section"],
            level=s["level"],
            number=s["number"] or "",
            heading=s["heading"] or "",
            span=Span(s["start"], s["end"]),
            heading_span=Span(
                s["start"], min(s["end"], s["start"] + len((s["number"] or "") + (s["heading"] or "")))
            ),
            parent=code.get(s["parent_id"]),
            style=s["style"] or "",
            ordinal=s["ordinal"],
        )
        for s in secs
    ]
    path = row["path"] or row["file"] or did
    paragraphs = [
        Paragraph(
            Span(p["start"], p["end"]),
            Source(path, p["page"], p["line"]),
            code.get(p["section_id"]),
            p["kind"],
        )
        for p in paras
    ]
    meta = Metadata(
        title=row["title"],
        doc_number=row["doc_number"],
        issuer=row["issuer"],
        status=row["status"] or "issued",
    )
    return Document(
        did, path, row["format"] or "", "".join(chars), paragraphs, sections, meta, sha256=row["sha256"] or ""
    )


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
            from pipeline.cli import write_output  # whole or not at all, never over an input

            write_output(output, out, [db] if db is not None else [old, new])
            click.echo(f"wrote {output}", err=True)
