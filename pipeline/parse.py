"""File -> Document: read, normalize, outline, metadata. The one entry point for every stage above."""

from __future__ import annotations

import hashlib
from pathlib import Path

from knowledge_base.model import Document, ReadError


def parse_file(path: str | Path, doc_id: str | None = None) -> Document:
    from extractors.metadata import extract_metadata
    from pipeline.normalize import normalize
    from pipeline.outline import outline
    from pipeline.read import read

    path = Path(path)
    raw = read(path)
    doc = normalize(raw)
    if not doc.text.strip():
        raise ReadError(path, "no text: the file is empty")
    doc.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    doc.id = doc_id or default_doc_id(path)
    outline(doc)
    doc.metadata = extract_metadata(doc)
    return doc


def default_doc_id(path: Path) -> str:
    """A file without a manifest entry is known by its file name without the extension."""
    return path.stem
