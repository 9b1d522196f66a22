"""RawDocument -> Document text: reflow, artifact removal, width folding, with an offset map back to the source.

(First cut: one non-blank line = one paragraph; Markdown markers stripped. Repairs follow.)
"""

from __future__ import annotations

import re

from knowledge_base.model import Anchor, Document, Paragraph, RawDocument, Source, Span

_MD_HEADING = re.compile(r"^\s*#{1,6}\s*")


def normalize(raw: RawDocument) -> Document:
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    anchors: list[Anchor] = []
    pos = 0
    for ln in raw.lines:
        t = _MD_HEADING.sub("", ln.text).strip()
        if not t or set(t) <= set("-—_*"):
            continue
        if parts:
            pos += 1  # the "\n" between paragraphs
        anchors.append(Anchor(pos, ln.page, ln.line))
        paragraphs.append(Paragraph(Span(pos, pos + len(t)), Source(raw.path, ln.page, ln.line)))
        parts.append(t)
        pos += len(t)
    return Document(
        id="",
        path=raw.path,
        format=raw.format,
        text="\n".join(parts),
        paragraphs=paragraphs,
        anchors=anchors,
        source_text="\n".join(ln.text for ln in raw.lines),
    )
