"""The ``policykb`` command: thin — parses options and calls the functions of ``pipeline``.

Heavy libraries (jieba, spaCy, pdfplumber) are imported inside the commands, never at module level,
so that ``policykb --help`` starts fast. Errors of the ``PolicyKBError`` family print one line and
exit 2; so do an ``OSError`` on a named file and, as a last resort, any other exception (the line
names the command's arguments and the exception); ``--debug`` shows the traceback instead.

Files the commands write (``-o``, ``--docx-out``) go through ``atomic_output``: written beside the
target under a temporary name and renamed over it only when complete, so an error never leaves a
half-written file; an output that is one of the command's input files is refused.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from knowledge_base.model import PolicyKBError

EXIT_BAD_INPUT = 2


def _fail(message: str) -> None:
    click.echo(f"policykb: error: {' '.join(message.split(chr(10)))}", err=True)
    sys.exit(EXIT_BAD_INPUT)


def _debug(ctx: click.Context) -> bool:
    return bool(ctx.obj and ctx.obj.get("debug"))


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        args = " ".join([*getattr(ctx, "_protected_args", ()), *ctx.args])  # the command and its arguments
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except PolicyKBError as e:
            if _debug(ctx):
                raise
            _fail(str(e))
        except BrokenPipeError:  # `policykb parse x | head`: the reader left, nothing to report
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("policykb: interrupted", err=True)
            sys.exit(130)
        except OSError as e:
            if _debug(ctx):
                raise
            where = e.filename if e.filename is not None else args
            _fail(f"{where}: {e.strerror or e}")
        except Exception as e:  # a bug: still one line, naming what was given; --debug shows where
            if _debug(ctx):
                raise
            _fail(f"{args}: internal error ({type(e).__name__}: {e}); rerun with --debug for the traceback")


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


def refuse_inputs(out: Path, inputs: tuple[Path | str | None, ...] | list) -> None:
    """Raise ``PolicyKBError`` if ``out`` is one of ``inputs`` (same file, also through a link)."""
    if not out.exists():
        return
    for given in inputs:
        if given and Path(given).exists() and os.path.samefile(out, given):
            raise PolicyKBError(out, f"refused: writing here would overwrite the input file {given}")


@contextmanager
def atomic_output(out: Path, inputs: tuple | list = ()) -> Iterator[Path]:
    """Yield a temporary path beside ``out``; when the block ends without error it replaces ``out``.

    Missing parent folders are made; an ``out`` that is one of ``inputs`` is refused; on any error the
    temporary file is removed and ``out`` is left as it was."""
    out = Path(out)
    refuse_inputs(out, inputs)
    if out.is_dir():
        raise PolicyKBError(out, "cannot write the output: it is a folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=f".part{out.suffix}", dir=out.parent)
        os.close(fd)
    except OSError as e:
        blocker = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
        cause = f"{blocker} is a file, not a folder" if blocker else e.strerror or e
        raise PolicyKBError(out, f"cannot write the output: {cause}") from None
    tmp = Path(name)
    try:
        yield tmp
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp, out)
    except OSError as e:
        raise PolicyKBError(out, f"cannot write the output: {e.strerror or e}") from None
    finally:
        tmp.unlink(missing_ok=True)


def write_output(out: Path, text: str, inputs: tuple | list = ()) -> Path:
    """Write ``text`` (UTF-8) to ``out`` atomically (see ``atomic_output``); returns ``out``."""
    with atomic_output(out, inputs) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return out


def _register_all() -> None:
    from pipeline.commands import diff, extract, kb, lint, read, run, show

    for module in (run, read, extract, show, kb, diff, lint):
        module.register(main)


_register_all()

if __name__ == "__main__":
    main()
