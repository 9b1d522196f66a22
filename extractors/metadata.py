"""Document metadata: title, 文号, issuer, dates, plan period, status, comment window, contact, 抄送."""

from __future__ import annotations

from knowledge_base.model import Document, Metadata


def extract_metadata(doc: Document) -> Metadata:
    return Metadata()
