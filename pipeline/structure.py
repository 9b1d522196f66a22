"""Outline of Chinese official documents -> ``Section`` tree with spans.

The outline lives in the package ``pipeline.outline`` (its docstring lists every rule), one idea a
module: ``numbering`` (the numbering styles and their values), ``headings`` (headings at a paragraph
start), ``parts`` (table of contents, annexes, endnotes, closing block), ``tree`` (levels and ids),
``enumerations`` (``一是…二是…``). This module keeps the names callers import.
"""

from __future__ import annotations

from pipeline.outline import clean_heading, numbering, ordinal_of, outline

__all__ = ["clean_heading", "numbering", "ordinal_of", "outline"]
