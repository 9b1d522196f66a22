"""A ``DiffResult`` as JSON, Markdown, a terminal table or one self-contained HTML page, and the
reports of every lineage pair of a manifest.

The formats live in ``diff_json`` (the documented JSON), ``diff_text`` (Markdown, terminal table)
and ``diff_html`` (the page); ``diff_format`` holds what they show alike (values, ratios, the rows
of the change table). ``write_lineage_reports`` writes the report of every ``succeeds`` pair of a
``manifest.toml``.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.report.diff_format import change_rows, format_ratio, format_value, ratio, shown_categories
from pipeline.report.diff_html import chart, clause_blocks, diff_html
from pipeline.report.diff_json import change_json, diff_json
from pipeline.report.diff_text import diff_markdown, print_table

__all__ = [
    "change_json",
    "change_rows",
    "chart",
    "clause_blocks",
    "diff_html",
    "diff_json",
    "diff_markdown",
    "format_ratio",
    "format_value",
    "lineage_pairs",
    "print_table",
    "ratio",
    "shown_categories",
    "write_lineage_reports",
]


# --- lineage --------------------------------------------------------------------------------------


def lineage_pairs(manifest: str | Path) -> list[tuple[Path, Path, str, str]]:
    """``(old_file, new_file, old_id, new_id)`` for every ``succeeds`` entry of a policy folder's
    ``manifest.toml`` (give the folder or the manifest file)."""
    from pipeline.manifest import MANIFEST_NAME, load_manifest

    path = Path(manifest)
    folder = path.parent if path.name == MANIFEST_NAME else path
    by_id = {e.id: e for e in load_manifest(folder).entries.values()}
    return [
        (folder / by_id[e.succeeds].file, folder / e.file, e.succeeds, e.id)
        for e in by_id.values()
        if e.succeeds in by_id
    ]


def write_lineage_reports(
    pairs, out_dir: str | Path, formats: tuple[str, ...] = ("html", "json", "md")
) -> list[Path]:
    """Diff every ``(old_file, new_file, old_id, new_id)`` pair and write its reports into
    ``out_dir`` as ``diff-<old_id>--<new_id>.<format>``. Returns the files written."""
    import json

    from pipeline import parse_file
    from pipeline.diff import diff_documents
    from pipeline.extract import extract

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for old_path, new_path, old_id, new_id in pairs:
        od, nd = parse_file(old_path, doc_id=old_id), parse_file(new_path, doc_id=new_id)
        result = diff_documents(od, nd, extract(od), extract(nd))
        stem = out_dir / f"diff-{old_id}--{new_id}"
        for fmt in formats:
            path = stem.with_suffix(f".{fmt}")
            if fmt == "html":
                path.write_text(diff_html(result), encoding="utf-8")
            elif fmt == "json":
                path.write_text(json.dumps(diff_json(result), ensure_ascii=False, indent=1), encoding="utf-8")
            elif fmt == "md":
                path.write_text(diff_markdown(result), encoding="utf-8")
            written.append(path)
    return written
