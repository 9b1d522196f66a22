"""What a lint check yields: a ``Hit`` (rule, document span, message, suggestion), plus the small
formatting helpers the messages share."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge_base.model import Document, Span


@dataclass
class Hit:
    rule: str
    span: Span
    message: str
    suggestion: str | None = None


def fmt_value(v: float) -> str:
    """``20000`` -> ``2万``, ``251.25e4`` -> ``251.25万``: numbers as a Chinese reader writes them."""
    return f"{v:g}" if v < 1e4 else (f"{v / 1e4:g}万" if v < 1e8 else f"{v / 1e8:g}亿")


def location(doc: Document, span: Span) -> str:
    """``第24行`` / ``第3页第12行`` of the start of ``span``."""
    src = doc.source_at(span.start)
    return f"第{src.page}页第{src.line}行" if src.page else f"第{src.line}行"
