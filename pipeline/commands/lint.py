"""`policykb lint`: drafting errors in a policy draft, as text, JSON or Word comments.

Only click is imported at module level (fast start).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


def _ids(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _earlier_from_base(file: Path, doc, base: Path):
    """The earlier version of ``doc`` in the knowledge base ``base``: the manifest's ``succeeds``, the
    base's own record of this file, else the stored document with the closest title."""
    from rapidfuzz import fuzz

    from knowledge_base.model import PolicyKBError
    from knowledge_base.query import connect

    if not base.exists():
        raise PolicyKBError(base, "no such knowledge base (build it with `policykb run` or `policykb build`)")
    conn = connect(base)
    rows = conn.execute("SELECT id, path, sha256, title, succeeds FROM documents").fetchall()
    by_id = {r[0]: r for r in rows}
    wanted = None
    manifest = file.parent / "manifest.toml"
    if manifest.exists():
        from pipeline.manifest import load_manifest

        entry = load_manifest(file.parent).entries.get(file.name)
        wanted = entry.succeeds if entry else None
    if not wanted:
        same = next((r for r in rows if r[2] == doc.sha256), None)
        wanted = same[4] if same else None
    if not wanted:
        title = doc.metadata.title or doc.text[:80]
        scored = [(fuzz.partial_ratio(title, r[3] or ""), r[0]) for r in rows if r[2] != doc.sha256]
        scored = [s for s in scored if s[0] >= 60]
        wanted = max(scored)[1] if scored else None
    if not wanted or wanted not in by_id:
        raise PolicyKBError(base, f"no earlier version of {file.name} in this knowledge base")
    path = Path(by_id[wanted][1])
    if not path.exists():
        raise PolicyKBError(base, f"the earlier version {wanted} points to a missing file {path}")
    return path


def _text_report(doc, findings) -> str:
    from pipeline.lint import section_label

    errors = sum(f.severity == "error" for f in findings)
    lines = [f"{doc.path}: {len(findings)} findings ({errors} errors, {len(findings) - errors} warnings)"]
    for f in findings:
        where = f"p.{f.source.page} " if f.source.page else ""
        where += f"line {f.source.line}" if f.source.line else ""
        sec = section_label(doc, f.section)
        quote = f.quote.replace("\n", "⏎")
        lines.append(f"{where:<10} {f.severity:<7} {f.rule:<17} {sec:<10} 「{quote}」")
        lines.append(f"{'':<10} {f.message}")
        if f.suggestion:
            lines.append(f"{'':<10} 建议：{f.suggestion}")
    return "\n".join(lines)


def register(main: click.Group) -> None:
    """Add this area's commands to the `policykb` group."""

    @main.command()
    @click.argument("file", type=click.Path(path_type=Path))
    @click.option(
        "--against", "against", type=click.Path(path_type=Path), help="The earlier version (a file)."
    )
    @click.option(
        "--db", "db", type=click.Path(path_type=Path), help="Find the earlier version in this knowledge base."
    )
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
    @click.option(
        "--docx-out", type=click.Path(path_type=Path), help="Write a copy with one Word comment per finding."
    )
    @click.option("--rules", help="Only these rule ids or families (comma-separated).")
    @click.option("--ignore", help="Skip these rule ids or families (comma-separated).")
    def lint(
        file: Path,
        against: Path | None,
        db: Path | None,
        fmt: str,
        docx_out: Path | None,
        rules: str | None,
        ignore: str | None,
    ) -> None:
        """Check a draft for drafting errors: totals, targets, awards, outline, punctuation.

        Exit code 0 when clean, 1 when there are findings, 2 on bad input.
        """
        from knowledge_base.model import PolicyKBError
        from pipeline import parse_file
        from pipeline.cli import echo_json
        from pipeline.extract import extract
        from pipeline.lint import findings_json, select_rules
        from pipeline.lint import lint as run_lint

        if against and db:
            raise PolicyKBError(
                "--against/--db", "give the earlier version either as a file or a base, not both"
            )
        try:
            select_rules(_ids(rules), _ids(ignore))
        except ValueError as e:
            raise PolicyKBError("--rules/--ignore", str(e)) from e
        if docx_out:
            from pipeline.cli import refuse_inputs

            refuse_inputs(docx_out, [file, against])  # before the work, not after it
        doc = parse_file(file)
        if db:
            against = _earlier_from_base(file, doc, db)
        old = parse_file(against) if against else None  # a bad earlier version fails before the work
        facts = extract(doc)
        earlier = extract(old) if old else None
        findings = run_lint(doc, facts, earlier, rules=_ids(rules), ignore=_ids(ignore))
        if docx_out:
            from pipeline.cli import atomic_output
            from pipeline.lint.docx_out import write_docx

            with atomic_output(docx_out, [file, against]) as tmp:  # whole or not at all, never over an input
                write_docx(doc, findings, tmp)
        if fmt == "json":
            echo_json(findings_json(doc, findings))
        else:
            click.echo(_text_report(doc, findings))
        sys.exit(1 if findings else 0)
