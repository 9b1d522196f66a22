"""`policykb` knowledge-base commands: build, graph export/show, search, targets, awards, history, sql, serve.

Only click is imported at module level (fast start); everything else inside the commands.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

DEFAULT_DB = Path(os.environ.get("POLICYKB_DB", "knowledge_base/policykb.db"))
FORMATS = ["table", "json", "csv"]
METADATA = Path(__file__).resolve().parents[2] / "knowledge_base" / "datasette" / "metadata.json"


def register(main: click.Group) -> None:
    for cmd in (build, graph, search, targets, awards, history, sql, serve):
        main.add_command(cmd)


def db_option(f):
    return click.option(
        "--db", type=click.Path(path_type=Path), default=DEFAULT_DB, show_default=True,
        help="The knowledge base (also $POLICYKB_DB).",
    )(f)  # fmt: skip


def format_option(f):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(f)


def _connect(db: Path):
    from knowledge_base.query import connect

    return connect(db)


def emit(rows, fmt: str, title: str | None = None) -> None:
    """Print a ``query.Rows`` as a rich table, JSON (list of objects) or CSV."""
    if fmt == "json":
        import json

        from knowledge_base.model import to_json

        click.echo(json.dumps(to_json(rows.dicts()), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        import csv

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(rows.columns)
        w.writerows([["" if v is None else _fmt(v) for v in r] for r in rows.rows])
    else:
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        t = Table(title=escape(title) if title else None, show_lines=False)
        for c in rows.columns:
            t.add_column(escape(c), overflow="fold")
        for r in rows.rows:  # document text is never rich markup: [奖励] stays as written
            t.add_row(*("" if v is None else escape(_fmt(v)) for v in r))
        Console(width=max(Console().width, 160) if not sys.stdout.isatty() else None).print(t)
        click.echo(f"{len(rows.rows)} row(s)")


def _fmt(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


# ---- build ------------------------------------------------------------------------------------


@click.command()
@click.argument("folder", type=click.Path(path_type=Path), default=Path("policies_raw"))
@db_option
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Extract in N worker processes (only the parent writes).",
)
@click.option("--force", is_flag=True, help="Re-extract every file, changed or not.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def build(folder: Path, db: Path, jobs: int, force: bool, quiet: bool) -> None:
    """Build or update the knowledge base from the policies in FOLDER (default policies_raw/).

    Incremental: unchanged files are skipped (content hash), a changed file's rows are replaced whole in
    one transaction, and documents whose file left FOLDER are removed.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from pipeline.build import build as run_build

    console = Console(stderr=True)
    bar = None
    task = None

    def progress(done: int, total: int, name: str) -> None:
        nonlocal bar, task
        if bar is None:
            bar = Progress(
                TextColumn("building"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.description}"),
                console=console,
                transient=True,
            )
            bar.start()
            task = bar.add_task("", total=total)
        bar.update(task, completed=done, description=name[:40])

    show_bar = not quiet and console.is_terminal
    try:
        report = run_build(folder, db, jobs=jobs, force=force, progress=progress if show_bar else None)
    finally:
        if bar is not None:
            bar.stop()
    if not quiet:
        click.echo(
            f"{report.db}: {len(report.added)} added, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, {len(report.failed)} failed "
            f"in {report.seconds:.2f} s ({report.changes} rows written)"
        )
    for msg in report.failed:
        click.echo(f"failed: {msg}", err=True)
    if report.failed:
        sys.exit(2)


# ---- graph ------------------------------------------------------------------------------------


@click.group()
def graph() -> None:
    """The knowledge graph (documents, sections, facts, categories, tiers, citations, lineage)."""


@graph.command("export")
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["graphml", "json", "gexf"]), default="graphml", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (default knowledge_base/out/graph.<format>).",
)
def graph_export(db: Path, fmt: str, output: Path | None) -> None:
    """Write the whole graph as GraphML, node-link JSON or GEXF."""
    from knowledge_base.graph import build_graph, export

    g = build_graph(_connect(db))
    path = export(g, fmt, output or Path("knowledge_base/out") / f"graph.{fmt}")
    click.echo(f"{path}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges")


@graph.command("show")
@click.argument("name")
@db_option
@click.option(
    "--depth", type=click.IntRange(1, 3), default=1, show_default=True, help="Edges away from NAME."
)
@click.option(
    "--picture",
    "--svg",
    "picture",
    type=click.Path(path_type=Path),
    default=None,
    help="Picture to write: .svg or .png (default knowledge_base/out/graph-<node>.svg).",
)
@click.option("--png", is_flag=True, help="Draw the default picture as PNG instead of SVG.")
@format_option
def graph_show(name: str, db: Path, depth: int, picture: Path | None, png: bool, fmt: str) -> None:
    """Show the neighbourhood of NAME (a node name, document id, category or label, or part of one):
    a table, and a picture (SVG, or PNG)."""
    from knowledge_base.graph import build_graph, candidates, find_node, neighbourhood, to_png, to_svg
    from knowledge_base.model import stable_id
    from knowledge_base.query import QueryError, Rows

    g = build_graph(_connect(db))
    center = find_node(g, name)
    if center is None:
        if found := candidates(g, name):
            labels = "; ".join(f"{g.nodes[n].get('label')} ({g.nodes[n].get('kind')})" for n in found[:8])
            raise QueryError(name, f"several nodes contain it, name one: {labels}")
        raise QueryError(name, "no such node in the graph (try a document id or a category name)")
    sub = neighbourhood(g, center, depth)
    rows = []
    for u, v, typ in sorted(sub.edges(keys=True)):
        rows.append((sub.nodes[u].get("label", u), typ, sub.nodes[v].get("label", v), u, v))
    if fmt == "table":
        rows = [r[:3] for r in rows]
    cols = ["from", "edge", "to", "from_node", "to_node"][: len(rows[0]) if rows else 5]
    emit(Rows(cols, rows), fmt, title=f"{center} (depth {depth})")
    path = (
        picture
        or Path("knowledge_base/out") / f"graph-{stable_id(center, length=10)}.{'png' if png else 'svg'}"
    )
    if path.suffix.lower() == ".png":
        to_png(sub, center, path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_svg(sub, center), encoding="utf-8")
    click.echo(f"picture: {path}", err=True)


# ---- search and queries -----------------------------------------------------------------------


@click.command()
@click.argument("query", nargs=-1, required=True)
@db_option
@click.option("--limit", "-n", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["paragraph", "target", "award", "tier", "citation"]),
    help="Only these kinds of hits (repeatable).",
)
@click.option("--doc", default=None, help="Only this document id.")
@format_option
def search(
    query: tuple[str, ...], db: Path, limit: int, kinds: tuple[str, ...], doc: str | None, fmt: str
) -> None:
    """Full-text search in Chinese over paragraphs and facts; every word must match.

    Words are segmented like the index (jieba + lexicon); one- and two-character queries fall back to
    a character index. Matches are shown [like this] (<mark> in JSON).
    """
    from knowledge_base.query import Rows
    from knowledge_base.search import search as run_search
    from pipeline.build import segmenter

    hits = run_search(
        _connect(db), " ".join(query), segmenter(), limit=limit, kinds=kinds or None, document=doc
    )
    if fmt == "json":
        import json
        from html import escape

        from knowledge_base.search import snippet

        out = [
            {
                "kind": h.kind, "document_id": h.document_id, "ref_id": h.ref_id, "score": round(h.score, 4),
                "mode": h.mode, "span": [h.start, h.end], "source": {"page": h.page, "line": h.line},
                "snippet": snippet(h.text, h.matches, "<mark>", "</mark>", escape=escape), "text": h.text,
            }
            for h in hits
        ]  # fmt: skip
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    rows = Rows(
        ["document", "kind", "line", "snippet"],
        [(h.document_id, h.kind, h.line, h.snippet()) for h in hits],
    )
    emit(rows, fmt)


@click.command()
@db_option
@click.option("--category", default=None, help="Category name or alias (quotes may be ASCII or Chinese).")
@click.option("--year", type=int, default=None, help="Target year (到2025年 -> 2025).")
@click.option("--doc", default=None, help="Document id.")
@format_option
def targets(db: Path, category: str | None, year: int | None, doc: str | None, fmt: str) -> None:
    """List the targets of the base, with quote and source line."""
    from knowledge_base.query import targets as q

    emit(q(_connect(db), category=category, year=year, doc=doc), fmt)


@click.command()
@db_option
@click.option("--recipient", default=None, help="Text in the recipient or category (e.g. 小巨人).")
@click.option("--min-amount", type=float, default=None, help="Least amount in 元 (1000000 = 100万元).")
@click.option("--category", default=None, help="Canonical category or alias.")
@click.option("--doc", default=None, help="Document id.")
@format_option
def awards(
    db: Path, recipient: str | None, min_amount: float | None, category: str | None, doc: str | None, fmt: str
) -> None:
    """List the awards (奖励, 补助, 贴息 …) of the base, largest first."""
    from knowledge_base.query import awards as q

    emit(q(_connect(db), recipient=recipient, min_amount=min_amount, category=category, doc=doc), fmt)


@click.command()
@click.argument("category")
@db_option
@format_option
def history(category: str, db: Path, fmt: str) -> None:
    """The values of one target CATEGORY across the versions of each lineage, oldest first."""
    from knowledge_base.query import history as q

    emit(q(_connect(db), category), fmt, title=category)


@click.command()
@click.argument("statement")
@db_option
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="Named parameter :NAME.")
@click.option("--limit", type=int, default=None, help="At most this many rows.")
@format_option
def sql(statement: str, db: Path, params: tuple[str, ...], limit: int | None, fmt: str) -> None:
    """Run one read-only SQL STATEMENT (writes, ATTACH and setting PRAGMAs are refused)."""
    from knowledge_base.query import run_sql

    named = dict(p.split("=", 1) for p in params)
    emit(run_sql(_connect(db), statement, named, limit=limit), fmt)


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8001, show_default=True)
@click.option("--metadata", type=click.Path(path_type=Path), default=METADATA, show_default=True)
def serve(db: Path, host: str, port: int, metadata: Path) -> None:
    """Browse the knowledge base in Datasette (read-only), with canned queries."""
    _connect(db).close()  # one line and exit 2 when there is no base, or not a policykb one
    cmd = [sys.executable, "-m", "datasette", "serve", str(db), "-m", str(metadata), "--host", host,
           "--port", str(port)]  # fmt: skip
    click.echo(f"Datasette on http://{host}:{port}/ (Ctrl-C stops it)", err=True)
    sys.stderr.flush()
    # become Datasette (exec, not a child process): signals that stop `policykb serve` stop the server
    os.execv(sys.executable, cmd)
