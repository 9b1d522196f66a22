"""`policykb run`: the main job over a policy folder (build the base, write the reports)."""

from __future__ import annotations

import sys
from pathlib import Path

import click


def register(main: click.Group) -> None:
    main.add_command(run)


@click.command()
@click.argument("folder", type=click.Path(path_type=Path), default=Path("policies_raw"))
@click.option("--db", type=click.Path(path_type=Path), default=Path("knowledge_base/policykb.db"), show_default=True,
              help="Knowledge base to build or update.")
@click.option("--reports", type=click.Path(path_type=Path), default=Path("knowledge_base/reports"),
              show_default=True, help="Folder for the HTML/JSON/Word reports.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Extract in N worker processes.")
@click.option("--force", is_flag=True, help="Re-extract every file and remake every report.")
def run(folder: Path, db: Path, reports: Path, jobs: int, force: bool) -> None:  # fmt: skip
    """The main job: build the knowledge base from the policies in FOLDER and write the reports.

    Builds or updates DB (as `policykb build`), then writes into REPORTS, for every document, the page
    with its facts in place (as `policykb show`) and its lint findings (JSON, and a Word copy with one
    comment per finding), the diff report of every lineage pair of the manifest (as `policykb diff`),
    and index.html linking them all. Unchanged documents keep their reports. Exit code 2 when a file
    could not be read (the others are still built and reported).
    """
    from rich.console import Console
    from rich.table import Table

    from pipeline.main_job import run_job

    console = Console(soft_wrap=True)
    err = Console(stderr=True, soft_wrap=True)
    bar = None
    task = None

    def progress(done: int, total: int, name: str) -> None:
        nonlocal bar, task
        if bar is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            bar = Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                           TextColumn("{task.description}"), console=err, transient=True)  # fmt: skip
            bar.start()
            task = bar.add_task("", total=total)
        bar.update(task, completed=done, description=name[:40])

    try:
        job = run_job(folder, db, reports, jobs=jobs, force=force, progress=progress if err.is_terminal else None)
    finally:
        if bar is not None:
            bar.stop()

    b = job.build
    console.print(
        f"Knowledge base [bold]{b.db}[/bold]: {len(b.added)} added, {len(b.updated)} updated, "
        f"{len(b.unchanged)} unchanged, {len(b.removed)} removed, {len(b.failed)} failed "
        f"in {b.seconds:.2f} s",
        highlight=False,
    )
    console.print("It holds " + ", ".join(f"{n} {t}" for t, n in job.base_counts.items()) + ".", highlight=False)
    table = Table(title=f"Policies in {folder}", title_justify="left", box=None, pad_edge=False)
    table.add_column("id", no_wrap=True)
    for col in ("period", "status", "targets", "awards", "tiers", "refs", "lint"):
        table.add_column(col, justify="left" if col in ("period", "status") else "right", no_wrap=True)
    for d in job.documents:
        table.add_row(
            d.id, d.period, d.status,
            *(str(d.counts[k]) for k in ("targets", "awards", "tiers", "references")),
            "" if d.findings is None else str(d.findings),
        )  # fmt: skip
    console.print(table)
    for d in job.documents:
        named = "　".join(x for x in (d.title, d.doc_number) if x)
        console.print(f"  {d.id}: {named or d.file}", highlight=False, markup=False)
    console.print(
        f"Reports in [bold]{job.reports}[/bold] ({len(job.written)} files written, "
        f"{len(job.diffs)} version comparisons): open {job.reports / 'index.html'}",
        highlight=False,
    )
    for old, new, files in job.diffs:
        console.print(f"  diff {old} → {new}: {job.reports / files[0]}", highlight=False)
    for msg in job.failed:
        err.print(f"failed: {msg}", highlight=False, markup=False)
    console.print(f"Done in {job.seconds:.2f} s.", highlight=False)
    if job.failed:
        sys.exit(2)
