"""`policykb` commands for this area. Only click is imported at module level (fast start)."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Add this area's commands to the `policykb` group."""
