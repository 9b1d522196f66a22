"""Every `policykb` command and subcommand has help text and is documented in the README (as sqlite-utils does)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from pipeline.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    out = []
    for name, cmd in sorted(group.commands.items()):
        path = (*prefix, name)
        out.append((path, cmd))
        if isinstance(cmd, click.Group):
            out += commands(cmd, path)
    return out


ALL = commands(main)


def test_there_are_commands():
    assert len(ALL) > 5


@pytest.mark.parametrize("path,cmd", ALL, ids=[" ".join(p) for p, _ in ALL])
def test_command_has_help(path, cmd):
    assert (cmd.help or "").strip(), f"policykb {' '.join(path)} has no help text"


@pytest.mark.parametrize("path,cmd", ALL, ids=[" ".join(p) for p, _ in ALL])
def test_command_is_in_readme(path, cmd):
    name = "policykb " + " ".join(path)
    assert re.search(re.escape(name) + r"(?![\w-])", README), f"`{name}` is not documented in README.md"
