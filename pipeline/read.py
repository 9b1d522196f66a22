"""Readers: TXT / Markdown / DOCX / PDF -> RawDocument (physical lines with their source location).

(First cut: TXT/Markdown as UTF-8 only. DOCX, PDF, encoding detection and bad-input checks follow.)
"""

from __future__ import annotations

from pathlib import Path

from knowledge_base.model import RawDocument, RawLine, ReadError, UnsupportedFormat

SUPPORTED = {".txt": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf"}


def read(path: str | Path) -> RawDocument:
    path = Path(path)
    fmt = SUPPORTED.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(path, f"unsupported file type {path.suffix or '(none)'}: use .txt, .md, .docx or .pdf")
    if not path.exists():
        raise ReadError(path, "no such file")
    text = path.read_bytes().decode("utf-8-sig")
    lines = [RawLine(text=t, page=None, line=i + 1) for i, t in enumerate(text.splitlines())]
    return RawDocument(path=str(path), format=fmt, lines=lines, encoding="utf-8")
