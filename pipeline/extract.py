"""Document -> Facts: runs each extractor over the document and gathers their facts."""

from __future__ import annotations

from knowledge_base.model import Document, Facts


def extract(doc: Document) -> Facts:
    facts = Facts(document=doc)
    return facts
