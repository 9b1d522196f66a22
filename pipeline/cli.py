"""The ``policykb`` command: thin — parses options and calls the functions of ``pipeline``.

Heavy libraries (jieba, spaCy, pdfplumber) are imported inside the commands, never at module level,
so that ``policykb --help`` starts fast. Errors of the ``PolicyKBError`` family print one line and
exit 2; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import json
import sys

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


def _register_all() -> None:
    from pipeline.commands import diff, extract, kb, lint, read, run, show

    for module in (run, read, extract, show, kb, diff, lint):
        module.register(main)


_register_all()

if __name__ == "__main__":
    main()
