"""Lexicon data files (categories, industries, bodies, jieba terms, EntityRuler patterns).

The lookups live in ``extractors.entities``; ``canonical_category`` is re-exported here.
"""

from __future__ import annotations


def canonical_category(name: str) -> str | None:
    from extractors.entities import canonical_category as _canonical_category

    return _canonical_category(name)
