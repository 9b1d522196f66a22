"""Outline of Chinese official documents -> Section tree with spans. (First cut: none yet.)"""

from __future__ import annotations

from knowledge_base.model import Document


def outline(doc: Document) -> None:
    """Fill ``doc.sections`` and each paragraph's ``section``."""
    doc.sections = []
