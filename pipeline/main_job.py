"""The main job over a policy folder: build the knowledge base, then write the reports.

``run_job(folder, db, reports)`` is what ``policykb run`` does:

1. ``pipeline.build.build`` brings the base in line with the folder (incremental: unchanged files
   are skipped, changed ones replaced whole, removed ones deleted);
2. for every document it writes, into ``reports``:
   ``<id>.html`` (the document with every fact highlighted in place, as ``policykb show``),
   ``lint-<id>.json`` (the drafting findings, as ``policykb lint --format json``; against the
   earlier version when the manifest names one) and, when there are findings,
   ``lint-<id>.docx`` (a Word copy with one comment per finding, as ``--docx-out``);
3. for every ``succeeds`` pair of the manifest, ``diff-<old>--<new>.html|json|md`` (as
   ``policykb diff``);
4. ``index.html``, one page linking all of them with what each document holds.

Reports are incremental too: ``reports/reports.json`` records the build key of the file(s) each
report was made from, and a report whose inputs and file are unchanged is not made again.
Every file is written to a temporary name and renamed, so a report is never half-written.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from knowledge_base.model import PolicyKBError
from pipeline.build import DEFAULT_DB, DEFAULT_FOLDER, BuildReport, build
from pipeline.cli import atomic_output, write_output

DEFAULT_REPORTS = Path("knowledge_base/reports")
STATE_FILE = "reports.json"
STATE_VERSION = 1

Progress = Callable[[int, int, str], None]


@dataclass
class DocumentSummary:
    """One row of the job's summary and of ``index.html``."""

    id: str
    file: str
    title: str = ""
    doc_number: str = ""
    status: str = ""
    period: str = ""
    succeeds: str = ""
    counts: dict[str, int] = field(default_factory=dict)  # targets, awards, tiers, references
    findings: int | None = None  # lint findings (None: not linted)
    page: str | None = None  # report file names, relative to the reports folder
    lint_json: str | None = None
    lint_docx: str | None = None


@dataclass
class JobReport:
    build: BuildReport
    reports: Path
    documents: list[DocumentSummary] = field(default_factory=list)
    diffs: list[tuple[str, str, list[str]]] = field(default_factory=list)  # (old id, new id, files)
    written: list[Path] = field(default_factory=list)  # report files written by this run
    failed: list[str] = field(default_factory=list)  # build failures and report failures, one line each
    base_counts: dict[str, int] = field(default_factory=dict)  # rows per table of the base
    seconds: float = 0.0


def _load_state(reports: Path) -> dict:
    try:
        state = json.loads((reports / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("version") == STATE_VERSION else {}


# --- the reports of one document -----------------------------------------------------------------


def _document_reports(path: Path, doc_id: str, earlier: tuple[Path, str] | None, out: Path) -> dict:
    """Parse, extract and lint one file; write its page, lint JSON and (if there are findings) the
    Word copy with comments. Returns what the summary needs (runs in a worker when jobs > 1)."""
    from pipeline import parse_file
    from pipeline.extract import extract
    from pipeline.lint import findings_json, lint
    from pipeline.lint.docx_out import write_docx
    from pipeline.report.document import render_document

    doc = parse_file(path, doc_id=doc_id)
    facts = extract(doc)
    earlier_facts = extract(parse_file(earlier[0], doc_id=earlier[1])) if earlier else None
    findings = lint(doc, facts, earlier_facts)
    written = [write_output(out / f"{doc_id}.html", render_document(facts))]
    written.append(
        write_output(
            out / f"lint-{doc_id}.json", json.dumps(findings_json(doc, findings), ensure_ascii=False, indent=1)
        )
    )
    docx = out / f"lint-{doc_id}.docx"
    if findings:
        with atomic_output(docx) as tmp:
            write_docx(doc, findings, tmp)
        written.append(docx)
    else:
        docx.unlink(missing_ok=True)
    return {
        "findings": len(findings),
        "lint_docx": docx.name if findings else None,
        "written": [str(p) for p in written],
    }


def _safe_document_reports(path: Path, doc_id: str, earlier: tuple[Path, str] | None, out: Path) -> dict | str:
    try:
        return _document_reports(path, doc_id, earlier, out)
    except PolicyKBError as e:
        return str(e)
    except Exception as e:  # one document's bug must not cost the others their reports
        return f"{path}: {type(e).__name__}: {e}"


def _diff_reports(old: Path, new: Path, old_id: str, new_id: str, out: Path) -> list[str]:
    from pipeline import parse_file
    from pipeline.diff import diff_documents
    from pipeline.extract import extract
    from pipeline.report.diff_view import diff_html, diff_json, diff_markdown

    od, nd = parse_file(old, doc_id=old_id), parse_file(new, doc_id=new_id)
    result = diff_documents(od, nd, extract(od), extract(nd))
    stem = f"diff-{old_id}--{new_id}"
    files = [
        write_output(out / f"{stem}.html", diff_html(result)),
        write_output(out / f"{stem}.json", json.dumps(diff_json(result), ensure_ascii=False, indent=1)),
        write_output(out / f"{stem}.md", diff_markdown(result)),
    ]
    return [str(f) for f in files]


# --- the job ------------------------------------------------------------------------------------


def run_job(
    folder: str | Path = DEFAULT_FOLDER,
    db: str | Path = DEFAULT_DB,
    reports: str | Path = DEFAULT_REPORTS,
    *,
    jobs: int = 1,
    force: bool = False,
    progress: Progress | None = None,
) -> JobReport:
    """Build the base ``db`` from ``folder`` and write the reports into ``reports`` (module docstring)."""
    import sqlite3

    t0 = time.perf_counter()
    folder, db, reports = Path(folder), Path(db), Path(reports)
    built = build(folder, db, jobs=jobs, force=force, progress=progress)
    job = JobReport(build=built, reports=reports, failed=list(built.failed))
    try:
        reports.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise PolicyKBError(reports, f"cannot make the reports folder: {e.strerror or e}") from e

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        rows = con.execute("SELECT * FROM documents ORDER BY id").fetchall()
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for t in ("documents", "sections", "paragraphs", "targets", "awards", "tiers", "tier_members",
                  "citations", "entities", "aliases", "edges"):  # fmt: skip
            if t in tables:
                job.base_counts[t] = con.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
    finally:
        con.close()

    by_id = {r["id"]: r for r in rows}
    state = _load_state(reports) if not force else {}
    old_docs: dict = state.get("documents", {})
    old_diffs: dict = state.get("diffs", {})
    new_state: dict = {"version": STATE_VERSION, "documents": {}, "diffs": {}}

    # which documents need their reports (re)made: inputs changed, or a file is missing
    todo: list[tuple[Path, str, tuple[Path, str] | None, str]] = []
    for r in rows:
        path = folder / r["file"]
        earlier_row = by_id.get(r["succeeds"] or "")
        earlier = (folder / earlier_row["file"], earlier_row["id"]) if earlier_row else None
        key = r["build_key"] + (f"+{earlier_row['build_key']}" if earlier_row else "")
        prev = old_docs.get(r["id"])
        fresh = (
            prev is not None
            and prev.get("key") == key
            and (reports / f"{r['id']}.html").is_file()
            and (reports / f"lint-{r['id']}.json").is_file()
            and (not prev.get("lint_docx") or (reports / prev["lint_docx"]).is_file())
        )
        if fresh:
            new_state["documents"][r["id"]] = prev
        else:
            todo.append((path, r["id"], earlier, key))

    results: dict[str, dict | str] = {}
    if jobs > 1 and len(todo) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as ex:
            futures = {did: ex.submit(_safe_document_reports, p, did, e, reports) for p, did, e, _k in todo}
            results = {did: f.result() for did, f in futures.items()}
    else:
        for p, did, e, _k in todo:
            results[did] = _safe_document_reports(p, did, e, reports)
    for _p, did, _e, key in todo:
        res = results[did]
        if isinstance(res, str):
            job.failed.append(res)
            continue
        job.written.extend(Path(w) for w in res["written"])
        new_state["documents"][did] = {"key": key, "findings": res["findings"], "lint_docx": res["lint_docx"]}

    # a diff report for every lineage pair whose two documents are in the base
    for r in rows:
        old = by_id.get(r["succeeds"] or "")
        if old is None:
            continue
        pair = f"{old['id']}--{r['id']}"
        key = f"{old['build_key']}+{r['build_key']}"
        stems = [f"diff-{pair}.{ext}" for ext in ("html", "json", "md")]
        if old_diffs.get(pair) == key and all((reports / s).is_file() for s in stems):
            new_state["diffs"][pair] = key
        else:
            try:
                job.written.extend(
                    Path(w) for w in _diff_reports(folder / old["file"], folder / r["file"], old["id"], r["id"], reports)
                )
                new_state["diffs"][pair] = key
            except PolicyKBError as e:
                job.failed.append(str(e))
        job.diffs.append((old["id"], r["id"], stems))

    # reports of documents that left the base are removed with them
    for gone in set(old_docs) - set(by_id):
        for name in (f"{gone}.html", f"lint-{gone}.json", f"lint-{gone}.docx"):
            (reports / name).unlink(missing_ok=True)
    for gone in set(old_diffs) - set(new_state["diffs"]):
        for ext in ("html", "json", "md"):
            (reports / f"diff-{gone}.{ext}").unlink(missing_ok=True)

    for r in rows:
        st = new_state["documents"].get(r["id"], {})
        period = f"{r['period_start']}—{r['period_end']}" if r["period_start"] and r["period_end"] else ""
        job.documents.append(
            DocumentSummary(
                id=r["id"],
                file=r["file"],
                title=r["title"] or "",
                doc_number=r["doc_number"] or "",
                status=r["status"] or "",
                period=period,
                succeeds=r["succeeds"] or "",
                counts={
                    "targets": r["n_targets"] or 0,
                    "awards": r["n_awards"] or 0,
                    "tiers": r["n_tiers"] or 0,
                    "references": r["n_citations"] or 0,
                },
                findings=st.get("findings"),
                page=f"{r['id']}.html" if st else None,
                lint_json=f"lint-{r['id']}.json" if st else None,
                lint_docx=st.get("lint_docx"),
            )
        )

    from pipeline.report import render

    job.written.append(
        write_output(
            reports / "index.html",
            render("index.html.j2", folder=str(folder), db=str(db), documents=job.documents,
                   diffs=job.diffs, counts=job.base_counts, failed=job.failed),  # fmt: skip
        )
    )
    write_output(reports / STATE_FILE, json.dumps(new_state, ensure_ascii=False, indent=1))
    job.seconds = time.perf_counter() - t0
    return job
